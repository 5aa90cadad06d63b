-- Every (student, subject, period) a scope student owes a period mark for: the student is in the
-- class (and its subgroup) on the period's last day, or today while the period runs.
INSERT INTO temp.rule_pairs
SELECT e.student_id, e.class_id, c.grade, c.name AS class_name, c.class_teacher_id,
       ta.subject_id, min(ta.teacher_id) AS teacher_id, cu.hours_per_week AS hours,
       p.period_id, p.code, p.title AS period_title, p.starts_on, p.ends_on,
       min(p.ends_on, :today) AS on_date
FROM temp.rule_scope_students ss
CROSS JOIN enrollments e ON e.student_id = ss.student_id
JOIN classes c ON c.id = e.class_id
JOIN temp.rule_periods p ON p.year_id = c.year_id AND p.grade = c.grade AND p.starts_on <= :today
     AND e.from_date <= min(p.ends_on, :today)
     AND (e.to_date IS NULL OR e.to_date >= min(p.ends_on, :today))
JOIN teaching_assignments ta ON ta.class_id = c.id
JOIN curriculum cu ON cu.year_id = c.year_id AND cu.grade = c.grade AND cu.subject_id = ta.subject_id
WHERE c.grade >= :from_grade
  AND (ta.subgroup_id IS NULL OR EXISTS (
      SELECT 1 FROM subgroup_members m
      WHERE m.subgroup_id = ta.subgroup_id AND m.student_id = e.student_id
        AND m.from_date <= min(p.ends_on, :today)
        AND (m.to_date IS NULL OR m.to_date >= min(p.ends_on, :today))))
GROUP BY e.student_id, ta.subject_id, p.period_id
