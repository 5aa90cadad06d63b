-- The scope's students in their class today (during the school year), with class, family and
-- whether today is a holiday for their grade (no printouts or diary checks are due then).
INSERT INTO temp.rule_students
SELECT e.student_id, e.class_id, e.from_date, c.name AS class_name, c.class_teacher_id,
       y.starts_on AS year_starts_on, st.family_id,
       st.last_name || ' ' || st.first_name AS student_name,
       f.electronic_access, f.declined_on,
       EXISTS (SELECT 1 FROM holidays h WHERE h.year_id = c.year_id
                 AND c.grade BETWEEN h.grade_from AND h.grade_to
                 AND :today BETWEEN h.starts_on AND h.ends_on) AS on_holiday
FROM temp.rule_scope_students ss
CROSS JOIN enrollments e ON e.student_id = ss.student_id
JOIN classes c ON c.id = e.class_id
JOIN academic_years y ON y.id = c.year_id AND :today BETWEEN y.starts_on AND y.ends_on
JOIN students st ON st.id = e.student_id
LEFT JOIN families f ON f.id = st.family_id
WHERE e.from_date <= :today AND (e.to_date IS NULL OR e.to_date >= :today)
