-- R-SUBGROUPS: (1) a student of a class split for a subject who is in none of its subgroups;
-- (2) a move into a subgroup on a day that is neither the student's first day in the class nor
-- the first day of a period; (3) a lesson of a split subject recorded for the whole class.
WITH today_students AS (
    SELECT e.student_id, e.class_id, e.from_date, c.grade, c.year_id, c.name AS class_name,
           c.class_teacher_id
    FROM temp.rule_scope_students ss
    CROSS JOIN enrollments e ON e.student_id = ss.student_id
    JOIN classes c ON c.id = e.class_id
    WHERE e.from_date <= :today AND (e.to_date IS NULL OR e.to_date >= :today)
)
SELECT 'students' AS record_table, NULL AS lesson_id, t.student_id AS record_id, t.student_id, t.class_id,
       g.subject_id, t.class_teacher_id AS responsible_id, NULL AS due_at, 'no_group' AS problem,
       t.class_name, s.name AS subject_name, su.last_name || ' ' || su.first_name AS student_name,
       NULL AS date
FROM today_students t
JOIN (SELECT DISTINCT class_id, subject_id FROM subgroups) g ON g.class_id = t.class_id
JOIN subjects s ON s.id = g.subject_id
JOIN students su ON su.id = t.student_id
WHERE NOT EXISTS (
    SELECT 1 FROM subgroup_members m JOIN subgroups sg ON sg.id = m.subgroup_id
    WHERE sg.class_id = t.class_id AND sg.subject_id = g.subject_id
      AND m.student_id = t.student_id AND m.from_date <= :today
      AND (m.to_date IS NULL OR m.to_date >= :today))
UNION ALL
SELECT 'subgroup_members', NULL, m.id, m.student_id, t.class_id, sg.subject_id, t.class_teacher_id,
       NULL, 'moved', t.class_name, s.name, su.last_name || ' ' || su.first_name, m.from_date
FROM subgroup_members m
JOIN subgroups sg ON sg.id = m.subgroup_id
JOIN today_students t ON t.student_id = m.student_id AND t.class_id = sg.class_id
JOIN subjects s ON s.id = sg.subject_id
JOIN students su ON su.id = m.student_id
WHERE m.from_date > t.from_date
  AND NOT EXISTS (
      SELECT 1 FROM periods p
      WHERE p.year_id = t.year_id AND t.grade BETWEEN p.grade_from AND p.grade_to
        AND p.code <> 'Y' AND p.starts_on = m.from_date)
UNION ALL
SELECT 'lessons', l.id, l.id, NULL, l.class_id, l.subject_id, l.teacher_id, NULL, 'whole_class',
       c.name, s.name, NULL, l.date
FROM temp.rule_scope_lessons sl
CROSS JOIN lessons l ON l.id = sl.lesson_id
JOIN classes c ON c.id = l.class_id
JOIN subjects s ON s.id = l.subject_id
WHERE l.subgroup_id IS NULL
  AND EXISTS (SELECT 1 FROM subgroups g WHERE g.class_id = l.class_id AND g.subject_id = l.subject_id)
