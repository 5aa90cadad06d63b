-- R-OFFLINE-FAMILY: a student of a family without electronic access with no printout of results
-- for more than :days days (counted from the refusal, the arrival or the year start).
SELECT *, school_utc(date(since, printf('+%d days', :days + 1)), '00:00') AS due_at FROM (
    SELECT 'students' AS record_table, t.student_id AS record_id, t.student_id, t.class_id,
           t.class_teacher_id AS responsible_id, t.class_name, t.student_name,
           max(IFNULL(t.declined_on, ''), t.from_date, t.year_starts_on,
               IFNULL((SELECT max(school_date(fp.printed_at)) FROM family_printouts fp
                        WHERE fp.student_id = t.student_id), '')) AS since
    FROM temp.rule_students t
    WHERE t.electronic_access = 0 AND NOT t.on_holiday
)
WHERE :today > date(since, printf('+%d days', :days))
