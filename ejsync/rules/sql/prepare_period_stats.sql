-- Current marks of the scope's students per (student, subject, period): how many numeric marks,
-- how many written works, and the weighted average (ejsync.grading via weighted_mean). The
-- year (Y) only when :with_year (reports); no rule needs it.
INSERT INTO temp.rule_period_stats
SELECT m.student_id, m.subject_id, p.period_id, count(*) AS n,
       count(*) FILTER (WHERE wt.kind = 'written') AS n_written,
       weighted_mean(m.value, wt.weight) AS average
FROM (SELECT DISTINCT student_id FROM temp.rule_pairs) st
CROSS JOIN marks m ON m.student_id = st.student_id AND m.kind = 'current'
JOIN mark_scale ms ON ms.value = m.value AND ms.numeric_value IS NOT NULL
JOIN work_types wt ON wt.code = m.work_type
JOIN lessons l ON l.id = m.lesson_id
JOIN classes c ON c.id = l.class_id
JOIN temp.rule_periods p ON p.year_id = c.year_id AND p.grade = c.grade
     AND l.date BETWEEN p.starts_on AND p.ends_on AND (p.code <> 'Y' OR :with_year)
WHERE m.id NOT IN (SELECT id FROM temp.rule_corrected)
GROUP BY m.student_id, m.subject_id, p.period_id
