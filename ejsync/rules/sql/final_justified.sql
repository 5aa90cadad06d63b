-- R-FINAL-JUSTIFIED: a numeric period mark further than :tolerance from the weighted average of
-- the period's current marks (or given with no current marks at all).
SELECT 'marks' AS record_table, pm.id AS record_id, pm.student_id, pr.class_id, pm.subject_id,
       pm.period_id, pr.teacher_id AS responsible_id, NULL AS due_at,
       ms.numeric_value AS mark, st.average, pr.period_title, pr.class_name,
       s.name AS subject_name, su.last_name || ' ' || su.first_name AS student_name
FROM temp.rule_pairs pr
CROSS JOIN marks pm ON pm.student_id = pr.student_id AND pm.subject_id = pr.subject_id
     AND pm.period_id = pr.period_id AND pm.kind = 'period'
JOIN mark_scale ms ON ms.value = pm.value AND ms.numeric_value IS NOT NULL
LEFT JOIN temp.rule_period_stats st ON st.student_id = pr.student_id
     AND st.subject_id = pr.subject_id AND st.period_id = pr.period_id
JOIN subjects s ON s.id = pr.subject_id
JOIN students su ON su.id = pr.student_id
WHERE NOT EXISTS (SELECT 1 FROM marks x WHERE x.corrects_id = pm.id)
  AND (st.average IS NULL OR abs(ms.numeric_value - st.average) > :tolerance + 1e-9)
