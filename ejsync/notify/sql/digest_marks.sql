SELECT m.value, m.kind, sj.name AS subject, IFNULL(w.title, '') AS work, l.date,
       m.corrects_id IS NOT NULL AS correction
FROM marks m JOIN subjects sj ON sj.id = m.subject_id
LEFT JOIN lessons l ON l.id = m.lesson_id LEFT JOIN work_types w ON w.code = m.work_type
WHERE m.student_id = :student AND m.created_at > :since AND m.created_at <= :until
ORDER BY m.id
