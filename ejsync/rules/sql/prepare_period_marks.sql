-- Period, year, exam and final marks of the scope's students: when first entered, how many rows,
-- and the value of the current one (the row no other corrects).
INSERT INTO temp.rule_period_marks
SELECT m.student_id, m.subject_id, m.period_id, m.kind, min(m.created_at) AS first_at,
       max(CASE WHEN NOT EXISTS (SELECT 1 FROM marks x WHERE x.corrects_id = m.id)
                THEN m.value END) AS value
FROM marks m
WHERE m.period_id IS NOT NULL
  AND m.student_id IN (SELECT student_id FROM temp.rule_pairs)
GROUP BY m.student_id, m.subject_id, m.period_id, m.kind
