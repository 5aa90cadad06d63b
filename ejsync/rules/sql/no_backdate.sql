-- R-NO-BACKDATE: a current mark (not a deputy's correction) entered after its period had ended.
SELECT 'marks' AS record_table, l.id AS lesson_id, m.id AS record_id, m.student_id, l.class_id, l.subject_id,
       l.teacher_id AS responsible_id, p.after_end_at AS due_at,
       school_date(m.created_at) AS entered_on, p.title AS period_title, l.date, l.slot,
       s.name AS subject_name, c.name AS class_name,
       st.last_name || ' ' || st.first_name AS student_name
FROM temp.rule_scope_lessons sl
CROSS JOIN lessons l ON l.id = sl.lesson_id
CROSS JOIN marks m ON m.lesson_id = l.id
JOIN classes c ON c.id = l.class_id
JOIN temp.rule_periods p ON p.year_id = c.year_id AND p.grade = c.grade AND p.code <> 'Y'
     AND l.date BETWEEN p.starts_on AND p.ends_on
JOIN subjects s ON s.id = l.subject_id
JOIN students st ON st.id = m.student_id
WHERE m.kind = 'current' AND m.corrects_id IS NULL
  AND m.created_at >= p.after_end_at
