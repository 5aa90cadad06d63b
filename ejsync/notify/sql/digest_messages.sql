SELECT t.topic, m.body, st.last_name || ' ' || st.first_name || ' ' || st.middle_name AS author
FROM messages m JOIN message_threads t ON t.id = m.thread_id JOIN staff st ON st.id = m.author_staff_id
WHERE t.family_id = :family AND t.student_id = :student AND m.withdrawn_at IS NULL
  AND m.created_at > :since AND m.created_at <= :until
ORDER BY m.id
