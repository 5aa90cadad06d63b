-- R-CLASS-LIST: a class with no class teacher; a student with no family, no guardian, or no
-- guardian reachable by phone or e-mail.
SELECT 'classes' AS record_table, c.id AS record_id, NULL AS student_id, c.id AS class_id,
       NULL AS responsible_id, NULL AS due_at, c.name AS class_name, NULL AS student_name,
       'no_class_teacher' AS problem
FROM temp.rule_scope_whole sc
CROSS JOIN classes c ON c.id = sc.class_id
JOIN academic_years y ON y.id = c.year_id AND :today BETWEEN y.starts_on AND y.ends_on
WHERE c.class_teacher_id IS NULL
UNION ALL
SELECT * FROM (
    SELECT 'students', e.student_id, e.student_id, e.class_id, c.class_teacher_id, NULL,
           c.name, st.last_name || ' ' || st.first_name,
           CASE
               WHEN st.family_id IS NULL THEN 'no_family'
               WHEN NOT EXISTS (SELECT 1 FROM guardians g WHERE g.family_id = st.family_id)
                   THEN 'no_guardian'
               WHEN NOT EXISTS (SELECT 1 FROM guardians g WHERE g.family_id = st.family_id
                                  AND (trim(g.phone) <> '' OR trim(g.email) <> ''))
                   THEN 'no_contact'
           END AS problem
    FROM temp.rule_scope_students ss
    CROSS JOIN enrollments e ON e.student_id = ss.student_id
    JOIN classes c ON c.id = e.class_id
    JOIN students st ON st.id = e.student_id
    WHERE e.from_date <= :today AND (e.to_date IS NULL OR e.to_date >= :today)
)
WHERE problem IS NOT NULL
