-- What each teacher of the report's classes (:classes, JSON ids) entered between :from and :to (school dates; :from_at/:to_at are the UTC
-- bounds): lessons held, substituted, held by another, marks, absences, notes, active days.
WITH entries AS (
    SELECT created_by AS staff_id, created_at, 'lesson' AS what FROM lessons
     WHERE created_at >= :from_at AND created_at < :to_at
    UNION ALL SELECT created_by, created_at, 'mark' FROM marks
     WHERE created_at >= :from_at AND created_at < :to_at
    UNION ALL SELECT created_by, created_at, 'absence' FROM attendance
     WHERE created_at >= :from_at AND created_at < :to_at
    UNION ALL SELECT created_by, created_at, 'comment' FROM comments
     WHERE created_at >= :from_at AND created_at < :to_at
),
entered AS (
    SELECT staff_id, count(*) FILTER (WHERE what = 'mark') AS marks,
           count(*) FILTER (WHERE what = 'absence') AS absences,
           count(*) FILTER (WHERE what = 'comment') AS comments,
           count(DISTINCT school_date(created_at)) AS active_days, max(created_at) AS last_entry_at
    FROM entries GROUP BY staff_id
),
held AS (
    SELECT teacher_id AS staff_id, count(*) AS lessons,
           count(*) FILTER (WHERE scheduled_teacher_id <> teacher_id) AS substituted
    FROM lessons WHERE date BETWEEN :from AND :to GROUP BY teacher_id
),
replaced AS (
    SELECT scheduled_teacher_id AS staff_id, count(*) AS replaced
    FROM lessons WHERE date BETWEEN :from AND :to AND scheduled_teacher_id <> teacher_id
    GROUP BY scheduled_teacher_id
),
open_violations AS (
    SELECT responsible_id AS staff_id, count(*) AS open_violations
    FROM violations WHERE closed_at IS NULL GROUP BY responsible_id
)
SELECT st.id AS staff_id, st.last_name || ' ' || st.first_name || ' ' || st.middle_name AS name,
       st.position, IFNULL(h.lessons, 0) AS lessons, IFNULL(h.substituted, 0) AS substituted,
       IFNULL(r.replaced, 0) AS replaced, IFNULL(e.marks, 0) AS marks,
       IFNULL(e.absences, 0) AS absences, IFNULL(e.comments, 0) AS comments,
       IFNULL(e.active_days, 0) AS active_days, e.last_entry_at,
       IFNULL(o.open_violations, 0) AS open_violations
FROM staff st
LEFT JOIN entered e ON e.staff_id = st.id
LEFT JOIN held h ON h.staff_id = st.id
LEFT JOIN replaced r ON r.staff_id = st.id
LEFT JOIN open_violations o ON o.staff_id = st.id
WHERE st.active = 1 AND (
    EXISTS (SELECT 1 FROM teaching_assignments ta JOIN json_each(:classes) j ON j.value = ta.class_id
            WHERE ta.teacher_id = st.id)
    OR EXISTS (SELECT 1 FROM classes c JOIN json_each(:classes) j ON j.value = c.id
               WHERE c.class_teacher_id = st.id))
ORDER BY st.last_name, st.first_name
