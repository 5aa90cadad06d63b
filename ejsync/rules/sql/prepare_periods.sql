-- The periods each grade works in (R-PERIODS, profile: quarters or half-years; plus the year),
-- one row per grade, with the UTC instant the day after the period begins.
INSERT INTO temp.rule_periods
WITH RECURSIVE grades(grade) AS (SELECT 1 UNION ALL SELECT grade + 1 FROM grades WHERE grade < 11)
SELECT p.id AS period_id, p.year_id, g.grade, p.code, p.title, p.starts_on, p.ends_on,
       school_utc(date(p.ends_on, '+1 day'), '00:00') AS after_end_at
FROM periods p
JOIN grades g ON g.grade BETWEEN p.grade_from AND p.grade_to
WHERE p.code = 'Y' OR substr(p.code, 1, 1) = period_kind(g.grade)
