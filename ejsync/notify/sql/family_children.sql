SELECT s.id, s.first_name, s.last_name, e.class_id, c.name AS class_name
FROM students s JOIN enrollments e ON e.student_id = s.id AND e.to_date IS NULL
JOIN classes c ON c.id = e.class_id
WHERE s.family_id = :family
ORDER BY s.last_name, s.first_name, s.id
