-- Entries per school day between :from and :to (UTC bounds :from_at/:to_at) in the report's
-- classes (:classes, JSON ids): lessons, current marks, absences, diary views of their students.
WITH RECURSIVE days(day) AS (
    SELECT :from UNION ALL SELECT date(day, '+1 day') FROM days WHERE day < :to
),
scope(class_id) AS (SELECT value FROM json_each(:classes)),
entries AS (
    SELECT school_date(l.created_at) AS day, 'lessons' AS what
    FROM lessons l JOIN scope s ON s.class_id = l.class_id
    WHERE l.created_at >= :from_at AND l.created_at < :to_at
    UNION ALL
    SELECT school_date(m.created_at), 'marks'
    FROM marks m JOIN lessons l ON l.id = m.lesson_id JOIN scope s ON s.class_id = l.class_id
    WHERE m.created_at >= :from_at AND m.created_at < :to_at
    UNION ALL
    SELECT school_date(a.created_at), 'absences'
    FROM attendance a JOIN lessons l ON l.id = a.lesson_id JOIN scope s ON s.class_id = l.class_id
    WHERE a.created_at >= :from_at AND a.created_at < :to_at
    UNION ALL
    SELECT school_date(v.viewed_at), 'views'
    FROM diary_views v
    WHERE v.viewed_at >= :from_at AND v.viewed_at < :to_at
      AND EXISTS (SELECT 1 FROM enrollments e JOIN scope s ON s.class_id = e.class_id
                  WHERE e.student_id = v.student_id)
)
SELECT d.day,
       count(e.what) FILTER (WHERE e.what = 'lessons') AS lessons,
       count(e.what) FILTER (WHERE e.what = 'marks') AS marks,
       count(e.what) FILTER (WHERE e.what = 'absences') AS absences,
       count(e.what) FILTER (WHERE e.what = 'views') AS views
FROM days d LEFT JOIN entries e ON e.day = d.day
GROUP BY d.day ORDER BY d.day
