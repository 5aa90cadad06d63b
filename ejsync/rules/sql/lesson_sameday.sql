-- R-LESSON-SAMEDAY: the lesson or its absences were entered after the lesson day.
SELECT * FROM (
    SELECT 'lessons' AS record_table, l.id AS lesson_id, l.id AS record_id, l.class_id, l.subject_id,
           l.teacher_id AS responsible_id, school_utc(date(l.date, '+1 day'), '00:00') AS due_at,
           l.date, l.slot, s.name AS subject_name, c.name AS class_name,
           d.starts_at AS next_day_at, l.created_at,
           (SELECT count(*) FROM attendance a
             WHERE a.lesson_id = l.id AND a.created_at >= d.starts_at) AS late_absences
    FROM temp.rule_scope_lessons sl
    CROSS JOIN lessons l ON l.id = sl.lesson_id
    JOIN classes c ON c.id = l.class_id
    JOIN subjects s ON s.id = l.subject_id
    JOIN temp.rule_days d ON d.day = date(l.date, '+1 day')
    WHERE l.date < :today
)
WHERE created_at >= next_day_at OR late_absences > 0
