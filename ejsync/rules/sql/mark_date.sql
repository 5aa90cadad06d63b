-- R-MARK-DATE: a current mark (the head of its correction chain) entered before its lesson began.
SELECT 'marks' AS record_table, l.id AS lesson_id, m.id AS record_id, m.student_id, l.class_id, l.subject_id,
       l.teacher_id AS responsible_id, NULL AS due_at, l.date, l.slot,
       s.name AS subject_name, c.name AS class_name,
       st.last_name || ' ' || st.first_name AS student_name
FROM temp.rule_scope_lessons sl
CROSS JOIN lessons l ON l.id = sl.lesson_id
CROSS JOIN marks m ON m.lesson_id = l.id
JOIN bell_schedule b ON b.slot = l.slot
JOIN classes c ON c.id = l.class_id
JOIN subjects s ON s.id = l.subject_id
JOIN students st ON st.id = m.student_id
JOIN temp.rule_days d ON d.day = l.date
WHERE m.kind = 'current'
  AND m.created_at < strftime('%Y-%m-%dT%H:%M:%SZ', d.starts_at,
                              printf('+%d minutes', substr(b.starts_at, 1, 2) * 60
                                                    + substr(b.starts_at, 4, 2)))
  AND m.id NOT IN (SELECT id FROM temp.rule_corrected)
