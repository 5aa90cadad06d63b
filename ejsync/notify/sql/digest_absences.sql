SELECT a.code, l.date, sj.name AS subject
FROM attendance a JOIN lessons l ON l.id = a.lesson_id JOIN subjects sj ON sj.id = l.subject_id
WHERE a.student_id = :student AND a.created_at > :since AND a.created_at <= :until
ORDER BY l.date, l.slot
