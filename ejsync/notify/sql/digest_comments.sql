SELECT c.kind, c.text, IFNULL(sj.name, '') AS subject
FROM comments c LEFT JOIN lessons l ON l.id = c.lesson_id LEFT JOIN subjects sj ON sj.id = l.subject_id
WHERE c.student_id = :student AND c.to_family = 1
  AND c.created_at > :since AND c.created_at <= :until
ORDER BY c.id
