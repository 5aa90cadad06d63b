-- R-MARK-WRITTEN: a written work with no marks after its deadline (written_days by grade), and
-- written-work marks entered after it.
SELECT 'lessons' AS record_table, l.id AS lesson_id, l.id AS record_id, NULL AS student_id,
       l.class_id, l.subject_id, l.teacher_id AS responsible_id,
       school_utc(date(l.date, printf('+%d days', g.written_days + 1)), '00:00') AS due_at,
       NULL AS entered_on, g.written_days AS days,
       date(l.date, printf('+%d days', g.written_days)) AS last_day, l.date, l.slot,
       s.name AS subject_name, c.name AS class_name, wt.title AS work_title,
       NULL AS student_name
FROM temp.rule_scope_lessons sl
CROSS JOIN lessons l ON l.id = sl.lesson_id
JOIN work_types wt ON wt.code = l.control_type AND wt.kind = 'written'
JOIN classes c ON c.id = l.class_id
JOIN temp.rule_grades g ON g.grade = c.grade AND g.written_days IS NOT NULL
JOIN subjects s ON s.id = l.subject_id
WHERE c.grade >= :from_grade
  AND :today > date(l.date, printf('+%d days', g.written_days))
  AND NOT EXISTS (
      SELECT 1 FROM marks m JOIN work_types mw ON mw.code = m.work_type AND mw.kind = 'written'
      WHERE m.lesson_id = l.id AND m.kind = 'current')
UNION ALL
SELECT 'marks', l.id, m.id, m.student_id, l.class_id, l.subject_id, l.teacher_id,
       school_utc(date(l.date, printf('+%d days', g.written_days + 1)), '00:00'),
       school_date(m.created_at), g.written_days,
       date(l.date, printf('+%d days', g.written_days)), l.date, l.slot,
       s.name, c.name, wt.title, st.last_name || ' ' || st.first_name
FROM temp.rule_scope_lessons sl
CROSS JOIN lessons l ON l.id = sl.lesson_id
JOIN classes c ON c.id = l.class_id
JOIN temp.rule_grades g ON g.grade = c.grade AND g.written_days IS NOT NULL
JOIN temp.rule_days d ON d.day = date(l.date, printf('+%d days', g.written_days + 1))
CROSS JOIN marks m ON m.lesson_id = l.id
JOIN work_types wt ON wt.code = m.work_type AND wt.kind = 'written'
JOIN subjects s ON s.id = l.subject_id
JOIN students st ON st.id = m.student_id
WHERE m.kind = 'current' AND m.corrects_id IS NULL AND c.grade >= :from_grade
  AND m.created_at >= d.starts_at
