-- R-HW-DEADLINE: homework missing after, or entered later than, :minutes after the end of the
-- class's last lesson that day (lessons of grades below :from_grade get no homework).
WITH day_end AS (
    SELECT l.class_id, l.date, max(b.ends_at) AS last_end
    FROM lessons l
    JOIN temp.rule_scope sc ON sc.class_id = l.class_id
    JOIN bell_schedule b ON b.slot = l.slot
    GROUP BY l.class_id, l.date
)
SELECT * FROM (
    SELECT 'lessons' AS record_table, l.id AS record_id, l.class_id, l.subject_id,
           l.teacher_id AS responsible_id,
           strftime('%Y-%m-%dT%H:%M:%SZ', school_utc(l.date, d.last_end),
                    printf('+%d minutes', :minutes)) AS due_at,
           trim(l.homework) = '' AS missing,
           IFNULL(l.homework_entered_at, l.created_at) AS entered_at,
           l.date, l.slot, s.name AS subject_name, c.name AS class_name
    FROM lessons l
    JOIN day_end d ON d.class_id = l.class_id AND d.date = l.date
    JOIN classes c ON c.id = l.class_id
    JOIN subjects s ON s.id = l.subject_id
    WHERE c.grade >= :from_grade AND l.date <= :today
)
WHERE (missing AND due_at < :now) OR (NOT missing AND entered_at > due_at)
