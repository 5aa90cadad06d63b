-- R-NO-BACKDATE: a current mark (not a deputy's correction) entered after its period had ended.
SELECT 'marks' AS record_table, m.id AS record_id, m.student_id, l.class_id, l.subject_id,
       l.teacher_id AS responsible_id, school_utc(date(p.ends_on, '+1 day'), '00:00') AS due_at,
       school_date(m.created_at) AS entered_on, p.title AS period_title, l.date, l.slot,
       s.name AS subject_name, c.name AS class_name,
       st.last_name || ' ' || st.first_name AS student_name
FROM marks m
JOIN lessons l ON l.id = m.lesson_id
JOIN temp.rule_scope sc ON sc.class_id = l.class_id
JOIN classes c ON c.id = l.class_id
JOIN periods p ON p.year_id = c.year_id AND c.grade BETWEEN p.grade_from AND p.grade_to
     AND p.code <> 'Y' AND substr(p.code, 1, 1) = period_kind(c.grade)
     AND l.date BETWEEN p.starts_on AND p.ends_on
JOIN subjects s ON s.id = l.subject_id
JOIN students st ON st.id = m.student_id
WHERE m.kind = 'current' AND m.corrects_id IS NULL AND school_date(m.created_at) > p.ends_on
