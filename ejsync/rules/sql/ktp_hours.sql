-- R-KTP-HOURS: the thematic plan of a class (subgroup) and subject against the curriculum hours.
SELECT * FROM (
    SELECT 'teaching_assignments' AS record_table, ta.id AS record_id, ta.class_id,
           ta.subject_id, ta.teacher_id AS responsible_id, school_utc(y.starts_on, '00:00') AS due_at,
           c.name AS class_name, s.name AS subject_name, g.name AS group_name,
           cu.hours_per_week * study_weeks(c.grade) AS expected,
           (SELECT IFNULL(sum(tp.hours), 0) FROM thematic_plan tp
             WHERE tp.class_id = ta.class_id AND tp.subject_id = ta.subject_id
               AND IFNULL(tp.subgroup_id, 0) = IFNULL(ta.subgroup_id, 0)) AS planned
    FROM temp.rule_scope_whole sc
    CROSS JOIN teaching_assignments ta ON ta.class_id = sc.class_id
    JOIN classes c ON c.id = ta.class_id
    JOIN academic_years y ON y.id = c.year_id
    JOIN subjects s ON s.id = ta.subject_id
    JOIN curriculum cu ON cu.year_id = c.year_id AND cu.grade = c.grade
         AND cu.subject_id = ta.subject_id
    LEFT JOIN subgroups g ON g.id = ta.subgroup_id
    WHERE y.starts_on <= :today
)
WHERE abs(planned - expected) > 0.01
