-- R-FINAL-DEADLINE: after the day :final_days before the period's end, the period (year) mark is
-- missing, or was entered after that day.
SELECT * FROM (
    SELECT 'students' AS record_table, pr.student_id AS record_id, pr.student_id, pr.class_id,
           pr.subject_id, pr.period_id, pr.teacher_id AS responsible_id,
           school_utc(date(pr.ends_on, printf('-%d days', :final_days - 1)), '00:00') AS due_at,
           date(pr.ends_on, printf('-%d days', :final_days)) AS last_day,
           school_date(pm.first_at) AS entered_on,
           pr.code, pr.period_title, pr.class_name, s.name AS subject_name,
           su.last_name || ' ' || su.first_name AS student_name
    FROM temp.rule_pairs pr
    LEFT JOIN temp.rule_period_marks pm ON pm.student_id = pr.student_id
         AND pm.subject_id = pr.subject_id AND pm.period_id = pr.period_id
         AND pm.kind = CASE pr.code WHEN 'Y' THEN 'year' ELSE 'period' END
    JOIN subjects s ON s.id = pr.subject_id
    JOIN students su ON su.id = pr.student_id
)
WHERE :today > last_day AND (entered_on IS NULL OR entered_on > last_day)
