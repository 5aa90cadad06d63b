-- R-HW-DEADLINE: homework missing after, or entered later than, :minutes after the end of the
-- class's last lesson that day (lessons of grades below :from_grade get no homework).
WITH day_end AS (
    SELECT l.class_id, l.date,
           (SELECT max(b.ends_at) FROM lessons o JOIN bell_schedule b ON b.slot = o.slot
             WHERE o.class_id = l.class_id AND o.date = l.date) AS last_end
    FROM temp.rule_scope_lessons sl
    CROSS JOIN lessons l ON l.id = sl.lesson_id
    GROUP BY l.class_id, l.date
)
SELECT * FROM (
    SELECT 'lessons' AS record_table, l.id AS lesson_id, l.id AS record_id, l.class_id, l.subject_id,
           l.teacher_id AS responsible_id,
           strftime('%Y-%m-%dT%H:%M:%SZ', school_utc(l.date, d.last_end),
                    printf('+%d minutes', :minutes)) AS due_at,
           trim(l.homework) = '' AS missing,
           IFNULL(l.homework_entered_at, l.created_at) AS entered_at,
           l.date, l.slot, s.name AS subject_name, c.name AS class_name
    FROM temp.rule_scope_lessons sl
    CROSS JOIN lessons l ON l.id = sl.lesson_id
    JOIN day_end d ON d.class_id = l.class_id AND d.date = l.date
    JOIN classes c ON c.id = l.class_id
    JOIN subjects s ON s.id = l.subject_id
    WHERE c.grade >= :from_grade AND l.date <= :today
)
WHERE (missing AND due_at < :now) OR (NOT missing AND entered_at > due_at)
