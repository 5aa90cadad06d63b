-- R-LESSON-FIELDS: a lesson whose day is over has no topic.
SELECT 'lessons' AS record_table, l.id AS lesson_id, l.id AS record_id, l.class_id, l.subject_id,
       l.teacher_id AS responsible_id, school_utc(date(l.date, '+1 day'), '00:00') AS due_at,
       l.date, l.slot, s.name AS subject_name, c.name AS class_name
FROM temp.rule_scope_lessons sl
CROSS JOIN lessons l ON l.id = sl.lesson_id
JOIN classes c ON c.id = l.class_id
JOIN subjects s ON s.id = l.subject_id
WHERE trim(l.topic) = '' AND l.date < :today
