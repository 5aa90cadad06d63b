-- R-INFORM-FAMILIES: no printout and no note to the family from the class teacher about a student
-- for more than :days days (counted from the arrival or the year start).
SELECT *, school_utc(date(since, printf('+%d days', :days + 1)), '00:00') AS due_at FROM (
    SELECT 'students' AS record_table, t.student_id AS record_id, t.student_id, t.class_id,
           t.class_teacher_id AS responsible_id, t.class_name, t.student_name,
           max(t.from_date, t.year_starts_on,
               IFNULL((SELECT max(school_date(fp.printed_at)) FROM family_printouts fp
                        WHERE fp.student_id = t.student_id), ''),
               IFNULL((SELECT max(school_date(cm.created_at)) FROM comments cm
                        WHERE cm.student_id = t.student_id AND cm.to_family = 1
                          AND cm.created_by = t.class_teacher_id), '')) AS since
    FROM temp.rule_students t
    WHERE NOT t.on_holiday
)
WHERE :today > date(since, printf('+%d days', :days))
