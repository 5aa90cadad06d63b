-- Per student and subject in each (class, period) of :periods: marks, written works, weighted
-- average, forecast (round_mark with the profile threshold) and the period mark if given (the
-- head of its chain). Public through ejsync.rules.period_standing.
SELECT pr.class_id, pr.class_name, pr.grade, pr.student_id, pr.subject_id, pr.period_id,
       su.last_name || ' ' || su.first_name AS student_name, s.name AS subject_name,
       IFNULL(st.n, 0) AS marks, IFNULL(st.n_written, 0) AS written, st.average,
       round_mark(st.average) AS forecast,
       (SELECT pm.value FROM marks pm
         WHERE pm.student_id = pr.student_id AND pm.subject_id = pr.subject_id
           AND pm.period_id = pr.period_id AND pm.kind = CASE pr.code WHEN 'Y' THEN 'year' ELSE 'period' END
           AND NOT EXISTS (SELECT 1 FROM marks x WHERE x.corrects_id = pm.id)) AS period_mark
FROM temp.rule_pairs pr
JOIN json_each(:periods) j ON json_extract(j.value, '$[0]') = pr.class_id
     AND json_extract(j.value, '$[1]') = pr.period_id
LEFT JOIN temp.rule_period_stats st ON st.student_id = pr.student_id
     AND st.subject_id = pr.subject_id AND st.period_id = pr.period_id
JOIN subjects s ON s.id = pr.subject_id
JOIN students su ON su.id = pr.student_id
ORDER BY pr.grade, pr.class_name, su.last_name, su.first_name, s.name
