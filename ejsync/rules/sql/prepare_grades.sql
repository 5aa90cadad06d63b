-- Profile values by grade (R-MARK-WRITTEN days), so queries join instead of calling Python.
INSERT INTO temp.rule_grades
WITH RECURSIVE grades(grade) AS (SELECT 1 UNION ALL SELECT grade + 1 FROM grades WHERE grade < 11)
SELECT grade, written_days(grade) FROM grades
