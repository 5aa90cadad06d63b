-- Whom a family may write about a child: the class teacher, its subject teachers, the office.
SELECT 'class_teacher' AS kind, c.class_teacher_id AS staff_id,
       'Классный руководитель: ' || st.last_name || ' ' || st.first_name || ' ' || st.middle_name AS title
FROM enrollments e JOIN classes c ON c.id = e.class_id JOIN staff st ON st.id = c.class_teacher_id
WHERE e.student_id = :student AND e.to_date IS NULL
UNION ALL
SELECT * FROM (
    SELECT DISTINCT 'teacher', ta.teacher_id,
           'Учитель: ' || st.last_name || ' ' || st.first_name || ' ' || st.middle_name
           || ' (' || (SELECT group_concat(name, ', ') FROM (
                SELECT DISTINCT sj.name FROM teaching_assignments t2 JOIN subjects sj ON sj.id = t2.subject_id
                WHERE t2.class_id = e.class_id AND t2.teacher_id = ta.teacher_id ORDER BY sj.name)) || ')'
    FROM enrollments e JOIN teaching_assignments ta ON ta.class_id = e.class_id
    JOIN staff st ON st.id = ta.teacher_id
    WHERE e.student_id = :student AND e.to_date IS NULL
      AND (ta.subgroup_id IS NULL OR EXISTS (SELECT 1 FROM subgroup_members sm
           WHERE sm.subgroup_id = ta.subgroup_id AND sm.student_id = :student AND sm.to_date IS NULL))
    ORDER BY 3)
UNION ALL
SELECT 'reception', NULL, 'Администрация школы (интернет-приёмная)';
