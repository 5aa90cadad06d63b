-- R-TOPIC-WORKS: a written (test, laboratory, practical...) work held without its own topic.
SELECT 'lessons' AS record_table, l.id AS lesson_id, l.id AS record_id, l.class_id, l.subject_id,
       l.teacher_id AS responsible_id, school_utc(l.date, b.ends_at) AS due_at,
       l.date, l.slot, s.name AS subject_name, c.name AS class_name, wt.title AS work_title
FROM temp.rule_scope_lessons sl
CROSS JOIN lessons l ON l.id = sl.lesson_id
JOIN work_types wt ON wt.code = l.control_type AND wt.kind = 'written'
JOIN bell_schedule b ON b.slot = l.slot
JOIN classes c ON c.id = l.class_id
JOIN subjects s ON s.id = l.subject_id
WHERE trim(l.work_topic) = '' AND school_utc(l.date, b.ends_at) <= :now
