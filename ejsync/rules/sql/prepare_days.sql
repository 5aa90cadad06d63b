-- Every date of the school years (and two months around them) with the UTC instant its school
-- day starts: rules compare UTC times with these instead of converting each row.
INSERT INTO temp.rule_days
WITH RECURSIVE days(day) AS (
    SELECT date(min(starts_on), '-31 days') FROM academic_years
    UNION ALL
    SELECT date(day, '+1 day') FROM days
    WHERE day < (SELECT date(max(ends_on), '+62 days') FROM academic_years)
)
SELECT day, school_utc(day, '00:00') AS starts_at FROM days
