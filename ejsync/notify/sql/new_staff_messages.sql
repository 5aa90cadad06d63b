SELECT m.id, m.body, m.comment_id, t.family_id, t.student_id, t.topic,
       st.last_name || ' ' || st.first_name || ' ' || st.middle_name AS author,
       s.first_name AS child, sub.id AS subscription_id, sub.email, sub.mode, sub.token
FROM messages m JOIN message_threads t ON t.id = m.thread_id
JOIN staff st ON st.id = m.author_staff_id
JOIN students s ON s.id = t.student_id
JOIN families f ON f.id = t.family_id AND f.electronic_access = 1
JOIN notify_subscriptions sub ON sub.family_id = t.family_id AND sub.ended_at IS NULL
     AND sub.confirmed_at IS NOT NULL
WHERE m.id > :after AND m.id <= :until AND m.withdrawn_at IS NULL
ORDER BY m.id
