-- R-PARENT-CHECK: (1) a family with electronic access that opened the child's diary fewer than
-- :per_week times in the last 7 days; (2) a period that ended with its final marks not acknowledged.
SELECT * FROM (
    SELECT 'students' AS record_table, t.student_id AS record_id, t.student_id, t.class_id,
           NULL AS period_id, t.class_teacher_id AS responsible_id, NULL AS due_at,
           t.class_name, t.student_name, NULL AS period_title,
           (SELECT count(*) FROM diary_views v
             WHERE v.student_id = t.student_id AND v.viewed_at > :week_ago
               AND v.viewed_at <= :now) AS views
    FROM temp.rule_students t
    WHERE t.electronic_access = 1 AND NOT t.on_holiday AND t.from_date <= date(:today, '-7 days')
      AND t.year_starts_on <= date(:today, '-7 days')
)
WHERE views < :per_week
UNION ALL
SELECT 'students', t.student_id, t.student_id, t.class_id, p.period_id, t.class_teacher_id,
       school_utc(date(p.ends_on, '+1 day'), '00:00'), t.class_name, t.student_name,
       p.title, NULL
FROM temp.rule_students t
JOIN classes c ON c.id = t.class_id
JOIN temp.rule_periods p ON p.year_id = c.year_id AND p.grade = c.grade AND p.code <> 'Y'
WHERE t.electronic_access = 1 AND c.grade >= :from_grade AND p.ends_on < :today
  AND t.from_date <= p.ends_on
  AND NOT EXISTS (SELECT 1 FROM acknowledgements k
                  WHERE k.student_id = t.student_id AND k.period_id = p.period_id)
