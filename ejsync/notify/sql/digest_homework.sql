SELECT sj.name AS subject, l.homework
FROM lessons l JOIN subjects sj ON sj.id = l.subject_id
WHERE l.class_id = :class AND l.date = :tomorrow AND l.homework <> ''
  AND (l.subgroup_id IS NULL OR EXISTS (SELECT 1 FROM subgroup_members sm
       WHERE sm.subgroup_id = l.subgroup_id AND sm.student_id = :student
         AND sm.from_date <= l.date AND IFNULL(sm.to_date, '9999-12-31') >= l.date))
ORDER BY l.slot
