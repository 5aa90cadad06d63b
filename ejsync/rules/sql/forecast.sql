-- R-FORECAST: from :days before the period's end, a student with no current mark in a subject
-- has no forecast the family can be told (until the period mark is given).
SELECT 'students' AS record_table, pr.student_id AS record_id, pr.student_id, pr.class_id,
       pr.subject_id, pr.period_id, pr.teacher_id AS responsible_id,
       school_utc(date(pr.ends_on, printf('-%d days', :days)), '00:00') AS due_at,
       pr.period_title, pr.class_name, s.name AS subject_name,
       su.last_name || ' ' || su.first_name AS student_name
FROM temp.rule_pairs pr
LEFT JOIN temp.rule_period_stats st ON st.student_id = pr.student_id
     AND st.subject_id = pr.subject_id AND st.period_id = pr.period_id
JOIN subjects s ON s.id = pr.subject_id
JOIN students su ON su.id = pr.student_id
WHERE pr.code <> 'Y' AND :today BETWEEN date(pr.ends_on, printf('-%d days', :days)) AND pr.ends_on
  AND IFNULL(st.n, 0) = 0
  AND NOT EXISTS (
      SELECT 1 FROM temp.rule_period_marks pm WHERE pm.student_id = pr.student_id
        AND pm.subject_id = pr.subject_id AND pm.period_id = pr.period_id AND pm.kind = 'period')
