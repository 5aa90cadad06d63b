-- R-LANGUAGE: a topic, a work topic or homework written with Latin letters and no Cyrillic one.
SELECT * FROM (
    SELECT 'lessons' AS record_table, l.id AS lesson_id, l.id AS record_id, l.class_id, l.subject_id,
           l.teacher_id AS responsible_id, NULL AS due_at,
           l.date, l.slot, s.name AS subject_name, c.name AS class_name,
           is_foreign_text(l.topic) AS bad_topic, is_foreign_text(l.work_topic) AS bad_work_topic,
           is_foreign_text(l.homework) AS bad_homework
    FROM temp.rule_scope_lessons sl
    CROSS JOIN lessons l ON l.id = sl.lesson_id
    JOIN classes c ON c.id = l.class_id
    JOIN subjects s ON s.id = l.subject_id
)
WHERE bad_topic OR bad_work_topic OR bad_homework
