-- The family's threads with the child, the addressee, the last message and what is unread.
SELECT t.id, t.kind, t.topic, t.student_id, t.created_at,
       s.last_name || ' ' || s.first_name AS student_name,
       CASE t.kind WHEN 'reception' THEN 'Администрация школы (интернет-приёмная)'
            ELSE st.last_name || ' ' || st.first_name || ' ' || st.middle_name END AS party,
       (SELECT MAX(m.created_at) FROM messages m WHERE m.thread_id = t.id) AS last_at,
       (SELECT COUNT(*) FROM messages m WHERE m.thread_id = t.id AND m.author_family_id IS NULL
          AND m.id > IFNULL((SELECT r.last_read_id FROM message_reads r
                             WHERE r.thread_id = t.id AND r.reader = 0), 0)) AS unread
FROM message_threads t
JOIN students s ON s.id = t.student_id
LEFT JOIN staff st ON st.id = t.staff_id
WHERE t.family_id = :family
ORDER BY last_at DESC, t.id DESC;
