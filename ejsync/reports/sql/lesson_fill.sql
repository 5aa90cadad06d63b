-- Journal filling per class and subject in each class's date range: lessons, topics, homework,
-- same-day entry, substitutions, marks (and how many in time: entered by the school day
-- mark_days(grade, work kind) after the lesson, R-MARK-ORAL / R-MARK-WRITTEN, see
-- ejsync.rules.marking_days), absences (and how many entered on the lesson day), lessons with
-- marks, КТП hours, teachers.
SELECT l.class_id, c.name AS class_name, c.grade, l.subject_id, s.name AS subject_name,
       count(*) AS lessons,
       count(*) FILTER (WHERE trim(l.topic) <> '') AS with_topic,
       count(*) FILTER (WHERE trim(l.homework) <> '') AS with_homework,
       count(*) FILTER (WHERE school_date(l.created_at) <= l.date) AS same_day,
       count(*) FILTER (WHERE l.teacher_id <> l.scheduled_teacher_id) AS substituted,
       sum((SELECT count(*) FROM marks m WHERE m.lesson_id = l.id AND m.kind = 'current'
              AND m.corrects_id IS NULL)) AS marks,
       sum((SELECT count(*) FROM marks m JOIN work_types w ON w.code = m.work_type
             WHERE m.lesson_id = l.id AND m.kind = 'current' AND m.corrects_id IS NULL
               AND school_date(m.created_at)
                   <= date(l.date, printf('+%d days', mark_days(c.grade, w.kind))))) AS marks_on_time,
       sum((SELECT count(*) FROM attendance a WHERE a.lesson_id = l.id)) AS absences,
       sum((SELECT count(*) FROM attendance a
             WHERE a.lesson_id = l.id AND school_date(a.created_at) <= l.date)) AS absences_same_day,
       count(*) FILTER (WHERE EXISTS (SELECT 1 FROM marks m WHERE m.lesson_id = l.id))
           AS with_marks,
       (SELECT IFNULL(sum(tp.hours), 0) FROM thematic_plan tp
         WHERE tp.class_id = l.class_id AND tp.subject_id = l.subject_id) AS ktp_hours,
       (SELECT group_concat(DISTINCT st.last_name || ' ' || substr(st.first_name, 1, 1) || '.')
          FROM teaching_assignments ta JOIN staff st ON st.id = ta.teacher_id
         WHERE ta.class_id = l.class_id AND ta.subject_id = l.subject_id) AS teachers
FROM lessons l
JOIN json_each(:ranges) j ON json_extract(j.value, '$[0]') = l.class_id
     AND l.date BETWEEN json_extract(j.value, '$[1]') AND json_extract(j.value, '$[2]')
JOIN classes c ON c.id = l.class_id
JOIN subjects s ON s.id = l.subject_id
GROUP BY l.class_id, l.subject_id
ORDER BY c.grade, c.name, s.name
