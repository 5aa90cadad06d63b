-- Attendance per class and subject between :from and :to: lessons, student-lessons (the students
-- of the class, or of the subgroup, on each lesson's date) and absences by code.
SELECT l.class_id, c.name AS class_name, c.grade, l.subject_id, s.name AS subject_name,
       count(*) AS lessons,
       sum((SELECT count(*) FROM enrollments e
             WHERE e.class_id = l.class_id AND e.from_date <= l.date
               AND (e.to_date IS NULL OR e.to_date >= l.date)
               AND (l.subgroup_id IS NULL OR EXISTS (
                   SELECT 1 FROM subgroup_members m
                   WHERE m.subgroup_id = l.subgroup_id AND m.student_id = e.student_id
                     AND m.from_date <= l.date AND (m.to_date IS NULL OR m.to_date >= l.date)))))
           AS student_lessons,
       sum((SELECT count(*) FROM attendance a WHERE a.lesson_id = l.id AND a.code <> 'О'))
           AS absences,
       sum((SELECT count(*) FROM attendance a WHERE a.lesson_id = l.id AND a.code = 'Б')) AS ill,
       sum((SELECT count(*) FROM attendance a WHERE a.lesson_id = l.id AND a.code = 'У'))
           AS excused,
       sum((SELECT count(*) FROM attendance a WHERE a.lesson_id = l.id AND a.code = 'Н'))
           AS unexcused,
       sum((SELECT count(*) FROM attendance a WHERE a.lesson_id = l.id AND a.code = 'н'))
           AS no_reason,
       sum((SELECT count(*) FROM attendance a WHERE a.lesson_id = l.id AND a.code = 'О')) AS late
FROM lessons l
JOIN json_each(:ranges) j ON json_extract(j.value, '$[0]') = l.class_id
     AND l.date BETWEEN json_extract(j.value, '$[1]') AND json_extract(j.value, '$[2]')
JOIN classes c ON c.id = l.class_id
JOIN subjects s ON s.id = l.subject_id
GROUP BY l.class_id, l.subject_id
ORDER BY c.grade, c.name, s.name
