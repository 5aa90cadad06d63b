-- R-PARENT-CHECK for the class teacher and the administration: per student and period,
-- how often the family opened the diary, in how many weeks on at least two days (the rule),
-- and whether it acknowledged the period's final marks. Days are UTC dates of the views.

CREATE VIEW family_parent_check AS
SELECT p.id AS period_id, p.code AS period, c.id AS class_id, c.name AS class_name,
       c.class_teacher_id, s.id AS student_id, s.last_name || ' ' || s.first_name AS student,
       f.id AS family_id, f.title AS family, f.electronic_access,
       (SELECT COUNT(*) FROM diary_views v
        WHERE v.family_id = f.id AND v.student_id = s.id
          AND date(v.viewed_at) BETWEEN p.starts_on AND p.ends_on) AS page_views,
       (SELECT COUNT(DISTINCT date(v.viewed_at)) FROM diary_views v
        WHERE v.family_id = f.id AND v.student_id = s.id
          AND date(v.viewed_at) BETWEEN p.starts_on AND p.ends_on) AS days_visited,
       (SELECT COUNT(*) FROM (
            SELECT strftime('%Y-%W', v.viewed_at) AS week FROM diary_views v
            WHERE v.family_id = f.id AND v.student_id = s.id
              AND date(v.viewed_at) BETWEEN p.starts_on AND p.ends_on
            GROUP BY week HAVING COUNT(DISTINCT date(v.viewed_at)) >= 2)) AS weeks_with_two_visits,
       CAST((julianday(MIN(p.ends_on, date('now'))) - julianday(p.starts_on)) / 7 AS INTEGER) + 1
           AS weeks_so_far,
       (SELECT MAX(v.viewed_at) FROM diary_views v
        WHERE v.family_id = f.id AND v.student_id = s.id) AS last_viewed_at,
       (SELECT a.acknowledged_at FROM acknowledgements a
        WHERE a.family_id = f.id AND a.student_id = s.id AND a.period_id = p.id)
           AS acknowledged_at
FROM periods p
JOIN classes c ON c.year_id = p.year_id AND c.grade BETWEEN p.grade_from AND p.grade_to
JOIN enrollments e ON e.class_id = c.id AND e.from_date <= p.ends_on
     AND (e.to_date IS NULL OR e.to_date >= p.starts_on)
JOIN students s ON s.id = e.student_id
JOIN families f ON f.id = s.family_id
WHERE p.code <> 'Y' AND p.starts_on <= date('now');
