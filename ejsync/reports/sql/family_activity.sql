-- Per class: the families of its students, how many have electronic access, how many opened
-- the diary between :from and :to (UTC bounds :from_at/:to_at), how many did it at least twice, and printouts handed out.
SELECT c.id AS class_id, c.name AS class_name, c.grade,
       count(DISTINCT st.family_id) AS families,
       count(DISTINCT st.family_id) FILTER (WHERE f.electronic_access = 1) AS online,
       count(DISTINCT st.family_id) FILTER (WHERE f.electronic_access = 1 AND (
           SELECT count(*) FROM diary_views v WHERE v.family_id = st.family_id
              AND v.viewed_at >= :from_at AND v.viewed_at < :to_at) >= 1) AS viewed,
       count(DISTINCT st.family_id) FILTER (WHERE f.electronic_access = 1 AND (
           SELECT count(*) FROM diary_views v WHERE v.family_id = st.family_id
              AND v.viewed_at >= :from_at AND v.viewed_at < :to_at) >= 2) AS viewed_twice,
       (SELECT count(*) FROM family_printouts fp JOIN enrollments e2 ON e2.student_id = fp.student_id
         WHERE e2.class_id = c.id AND fp.printed_at >= :from_at AND fp.printed_at < :to_at)
           AS printouts
FROM classes c
JOIN json_each(:classes) j ON j.value = c.id
JOIN enrollments e ON e.class_id = c.id AND e.from_date <= :to
     AND (e.to_date IS NULL OR e.to_date >= :to)
JOIN students st ON st.id = e.student_id
LEFT JOIN families f ON f.id = st.family_id
GROUP BY c.id
ORDER BY c.grade, c.name
