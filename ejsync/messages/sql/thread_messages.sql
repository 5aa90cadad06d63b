-- The messages of a thread, oldest first, with their authors and attachments.
SELECT m.id, m.author_staff_id, m.author_family_id, m.body, m.comment_id, m.created_at,
       m.withdrawn_at,
       CASE WHEN m.author_staff_id IS NULL THEN f.title
            ELSE st.last_name || ' ' || st.first_name || ' ' || st.middle_name END AS author,
       (SELECT json_group_array(json_object('id', a.id, 'filename', a.filename, 'size', a.size))
        FROM message_attachments a WHERE a.message_id = m.id) AS files
FROM messages m
LEFT JOIN staff st ON st.id = m.author_staff_id
LEFT JOIN families f ON f.id = m.author_family_id
WHERE m.thread_id = :thread
ORDER BY m.id;
