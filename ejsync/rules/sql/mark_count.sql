-- R-MARK-COUNT: from the period-mark deadline on (or once a period mark exists), too few current
-- marks, or no written work among them (unless the subject is exempt from written works).
SELECT * FROM (
    SELECT 'students' AS record_table, pr.student_id AS record_id, pr.student_id, pr.class_id,
           pr.subject_id, pr.period_id, pr.teacher_id AS responsible_id,
           school_utc(date(pr.ends_on, printf('-%d days', :final_days)), '00:00') AS due_at,
           pr.ends_on,
           IFNULL(st.n, 0) AS n, IFNULL(st.n_written, 0) AS n_written,
           min_marks(pr.hours) AS needed, pr.hours,
           :require_written AND s.name NOT IN (SELECT value FROM json_each(:no_written))
               AS needs_written, pr.period_title, pr.class_name,
           s.name AS subject_name, su.last_name || ' ' || su.first_name AS student_name,
           pm.student_id IS NOT NULL AS has_period_mark
    FROM temp.rule_pairs pr
    LEFT JOIN temp.rule_period_stats st ON st.student_id = pr.student_id
         AND st.subject_id = pr.subject_id AND st.period_id = pr.period_id
    LEFT JOIN temp.rule_period_marks pm ON pm.student_id = pr.student_id
         AND pm.subject_id = pr.subject_id AND pm.period_id = pr.period_id AND pm.kind = 'period'
    JOIN subjects s ON s.id = pr.subject_id
    JOIN students su ON su.id = pr.student_id
    WHERE pr.code <> 'Y'
      AND NOT EXISTS (SELECT 1 FROM mark_scale ms
                      WHERE ms.value = pm.value AND ms.numeric_value IS NULL)
)
WHERE (has_period_mark > 0 OR :today >= date(ends_on, printf('-%d days', :final_days)))
  AND (n < needed OR (needs_written AND n_written = 0))
