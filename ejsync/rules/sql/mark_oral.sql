-- R-MARK-ORAL: an oral answer marked later than :days days after the lesson day.
SELECT 'marks' AS record_table, l.id AS lesson_id, m.id AS record_id, m.student_id, l.class_id, l.subject_id,
       l.teacher_id AS responsible_id,
       school_utc(date(l.date, printf('+%d days', :days + 1)), '00:00') AS due_at,
       school_date(m.created_at) AS entered_on, l.date, l.slot,
       s.name AS subject_name, c.name AS class_name,
       st.last_name || ' ' || st.first_name AS student_name
FROM temp.rule_scope_lessons sl
CROSS JOIN lessons l ON l.id = sl.lesson_id
CROSS JOIN marks m ON m.lesson_id = l.id
JOIN work_types wt ON wt.code = m.work_type AND wt.kind = 'oral'
JOIN classes c ON c.id = l.class_id
JOIN subjects s ON s.id = l.subject_id
JOIN students st ON st.id = m.student_id
WHERE m.kind = 'current' AND m.corrects_id IS NULL AND c.grade >= :from_grade
  AND m.created_at >= (SELECT d.starts_at FROM temp.rule_days d
                        WHERE d.day = date(l.date, printf('+%d days', :days + 1)))
