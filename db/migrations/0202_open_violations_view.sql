-- Rules (issue 4): open violations with names, for the deputy's and teachers' lists in Datasette.
CREATE VIEW open_violations AS
SELECT v.id, v.rule, v.severity, v.message, c.name AS class_name, s.name AS subject_name,
       st.last_name || ' ' || st.first_name AS student_name,
       r.last_name || ' ' || r.first_name || ' ' || r.middle_name AS responsible_name,
       v.responsible_id, v.due_at, v.found_at, v.record_table, v.record_id, v.lesson_id,
       v.student_id, v.class_id, v.subject_id, v.period_id
FROM violations v
LEFT JOIN classes c ON c.id = v.class_id
LEFT JOIN subjects s ON s.id = v.subject_id
LEFT JOIN students st ON st.id = v.student_id
LEFT JOIN staff r ON r.id = v.responsible_id
WHERE v.closed_at IS NULL;
