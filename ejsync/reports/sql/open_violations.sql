-- Open violations of the report's classes by rule and severity.
SELECT v.rule, count(*) AS open,
       count(*) FILTER (WHERE v.severity = 'error') AS errors,
       count(*) FILTER (WHERE v.severity = 'warning') AS warnings,
       count(*) FILTER (WHERE v.severity = 'info') AS infos
FROM violations v
JOIN json_each(:classes) j ON j.value = v.class_id
WHERE v.closed_at IS NULL
GROUP BY v.rule
ORDER BY v.rule
