-- Current marks of the scope's students per (student, subject, period): how many numeric marks,
-- how many written works, and the weighted average (ejsync.grading via weighted_mean).
CREATE TEMP TABLE rule_period_stats AS
SELECT m.student_id, m.subject_id, p.id AS period_id, count(*) AS n,
       count(*) FILTER (WHERE wt.kind = 'written') AS n_written,
       weighted_mean(m.value, wt.weight) AS average
FROM (SELECT DISTINCT student_id FROM temp.rule_pairs) st
JOIN marks m ON m.student_id = st.student_id AND m.kind = 'current'
JOIN mark_scale ms ON ms.value = m.value AND ms.numeric_value IS NOT NULL
JOIN work_types wt ON wt.code = m.work_type
JOIN lessons l ON l.id = m.lesson_id
JOIN classes c ON c.id = l.class_id
JOIN periods p ON p.year_id = c.year_id AND c.grade BETWEEN p.grade_from AND p.grade_to
     AND (p.code = 'Y' OR substr(p.code, 1, 1) = period_kind(c.grade))
     AND l.date BETWEEN p.starts_on AND p.ends_on
WHERE NOT EXISTS (SELECT 1 FROM marks x WHERE x.corrects_id = m.id)
GROUP BY m.student_id, m.subject_id, p.id
