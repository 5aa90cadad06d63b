-- One thread with its child, family and addressee.
SELECT t.*, s.last_name || ' ' || s.first_name AS student_name, f.title AS family_title,
       f.electronic_access,
       CASE t.kind WHEN 'reception' THEN 'Администрация школы (интернет-приёмная)'
            ELSE st.last_name || ' ' || st.first_name || ' ' || st.middle_name END AS party,
       (SELECT c.name FROM enrollments e JOIN classes c ON c.id = e.class_id
        WHERE e.student_id = t.student_id AND e.to_date IS NULL
        ORDER BY e.from_date DESC LIMIT 1) AS class_name
FROM message_threads t
JOIN students s ON s.id = t.student_id
JOIN families f ON f.id = t.family_id
LEFT JOIN staff st ON st.id = t.staff_id
WHERE t.id = :thread;
