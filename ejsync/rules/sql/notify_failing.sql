-- R-NOTIFY-FAILING: a student failing a subject (weighted average below :failing_below) or with
-- :unexcused lessons missed without excuse in a period, and no note to the family in it.
WITH failing AS (
    SELECT pr.student_id, pr.class_id, pr.class_teacher_id, pr.period_id, pr.period_title,
           pr.class_name, pr.starts_on, pr.ends_on,
           group_concat(CASE WHEN st.average < :failing_below THEN s.name END, ', ') AS subjects
    FROM temp.rule_pairs pr
    JOIN subjects s ON s.id = pr.subject_id
    LEFT JOIN temp.rule_period_stats st ON st.student_id = pr.student_id
         AND st.subject_id = pr.subject_id AND st.period_id = pr.period_id
    WHERE pr.code <> 'Y'
    GROUP BY pr.student_id, pr.period_id
)
SELECT * FROM (
    SELECT 'students' AS record_table, f.student_id AS record_id, f.student_id, f.class_id,
           f.period_id, f.class_teacher_id AS responsible_id, NULL AS due_at,
           f.subjects, f.period_title, f.class_name,
           su.last_name || ' ' || su.first_name AS student_name,
           (SELECT count(*) FROM attendance a JOIN lessons l ON l.id = a.lesson_id
             WHERE a.student_id = f.student_id AND a.code = 'Н'
               AND l.date BETWEEN f.starts_on AND f.ends_on) AS unexcused
    FROM failing f
    JOIN students su ON su.id = f.student_id
    WHERE NOT EXISTS (
        SELECT 1 FROM comments cm
        WHERE cm.student_id = f.student_id AND cm.to_family = 1
          AND school_date(cm.created_at) BETWEEN f.starts_on AND f.ends_on)
)
WHERE subjects IS NOT NULL OR unexcused >= :unexcused
