-- R-ABSENCE-REASON: an absence still marked 'н' more than :days days after the lesson.
SELECT 'attendance' AS record_table, l.id AS lesson_id, a.id AS record_id, a.student_id, l.class_id, l.subject_id,
       IFNULL(c.class_teacher_id, l.teacher_id) AS responsible_id,
       school_utc(date(l.date, printf('+%d days', :days + 1)), '00:00') AS due_at,
       l.date, l.slot, s.name AS subject_name, c.name AS class_name,
       st.last_name || ' ' || st.first_name AS student_name
FROM temp.rule_scope_lessons sl
CROSS JOIN lessons l ON l.id = sl.lesson_id
CROSS JOIN attendance a ON a.lesson_id = l.id
JOIN classes c ON c.id = l.class_id
JOIN subjects s ON s.id = l.subject_id
JOIN students st ON st.id = a.student_id
WHERE a.code = 'н' AND :today > date(l.date, printf('+%d days', :days))
