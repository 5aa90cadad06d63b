-- Entries per school day between :from and :to (UTC bounds :from_at/:to_at): lessons, marks,
-- absences, diary views.
WITH RECURSIVE days(day) AS (
    SELECT :from UNION ALL SELECT date(day, '+1 day') FROM days WHERE day < :to
),
entries AS (
    SELECT school_date(created_at) AS day, 'lessons' AS what FROM lessons
     WHERE created_at >= :from_at AND created_at < :to_at
    UNION ALL SELECT school_date(created_at), 'marks' FROM marks
     WHERE created_at >= :from_at AND created_at < :to_at
    UNION ALL SELECT school_date(created_at), 'absences' FROM attendance
     WHERE created_at >= :from_at AND created_at < :to_at
    UNION ALL SELECT school_date(viewed_at), 'views' FROM diary_views
     WHERE viewed_at >= :from_at AND viewed_at < :to_at
)
SELECT d.day,
       count(e.what) FILTER (WHERE e.what = 'lessons') AS lessons,
       count(e.what) FILTER (WHERE e.what = 'marks') AS marks,
       count(e.what) FILTER (WHERE e.what = 'absences') AS absences,
       count(e.what) FILTER (WHERE e.what = 'views') AS views
FROM days d LEFT JOIN entries e ON e.day = d.day
GROUP BY d.day ORDER BY d.day
