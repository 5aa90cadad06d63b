-- The day a change shows on: the date of the lesson (or of a note to the family) whose
-- week page shows the changed row, so the agent rebuilds that week's page and not the
-- whole year's. NULL: no single day is known (a lesson moved to another date, a row
-- without a date) and every week page of the students concerned is rebuilt; a mark without
-- a lesson is a period, year or exam mark, which no week page shows.

ALTER TABLE changes ADD COLUMN day TEXT;

DROP TRIGGER changes_lessons_insert;
CREATE TRIGGER changes_lessons_insert AFTER INSERT ON lessons
BEGIN
    INSERT INTO changes (tbl, row_id, op, student_id, class_id, subgroup_id, day)
    VALUES ('lessons', NEW.id, 'INSERT', NULL, NEW.class_id, NEW.subgroup_id, NEW.date);
END;

DROP TRIGGER changes_lessons_update;
CREATE TRIGGER changes_lessons_update AFTER UPDATE ON lessons
BEGIN
    INSERT INTO changes (tbl, row_id, op, student_id, class_id, subgroup_id, day)
    VALUES ('lessons', NEW.id, 'UPDATE', NULL, NEW.class_id, NEW.subgroup_id, CASE WHEN OLD.date = NEW.date THEN NEW.date END);
END;

DROP TRIGGER changes_lessons_delete;
CREATE TRIGGER changes_lessons_delete AFTER DELETE ON lessons
BEGIN
    INSERT INTO changes (tbl, row_id, op, student_id, class_id, subgroup_id, day)
    VALUES ('lessons', OLD.id, 'DELETE', NULL, OLD.class_id, OLD.subgroup_id, OLD.date);
END;

DROP TRIGGER changes_marks_insert;
CREATE TRIGGER changes_marks_insert AFTER INSERT ON marks
BEGIN
    INSERT INTO changes (tbl, row_id, op, student_id, class_id, subgroup_id, day)
    VALUES ('marks', NEW.id, 'INSERT', NEW.student_id, IFNULL((SELECT class_id FROM lessons WHERE id = NEW.lesson_id), (SELECT e.class_id FROM enrollments e WHERE e.student_id = NEW.student_id ORDER BY e.from_date DESC LIMIT 1)), NULL, (SELECT date FROM lessons WHERE id = NEW.lesson_id));
END;

DROP TRIGGER changes_marks_update;
CREATE TRIGGER changes_marks_update AFTER UPDATE ON marks
BEGIN
    INSERT INTO changes (tbl, row_id, op, student_id, class_id, subgroup_id, day)
    VALUES ('marks', NEW.id, 'UPDATE', NEW.student_id, IFNULL((SELECT class_id FROM lessons WHERE id = NEW.lesson_id), (SELECT e.class_id FROM enrollments e WHERE e.student_id = NEW.student_id ORDER BY e.from_date DESC LIMIT 1)), NULL, (SELECT date FROM lessons WHERE id = NEW.lesson_id));
END;

DROP TRIGGER changes_marks_delete;
CREATE TRIGGER changes_marks_delete AFTER DELETE ON marks
BEGIN
    INSERT INTO changes (tbl, row_id, op, student_id, class_id, subgroup_id, day)
    VALUES ('marks', OLD.id, 'DELETE', OLD.student_id, IFNULL((SELECT class_id FROM lessons WHERE id = OLD.lesson_id), (SELECT e.class_id FROM enrollments e WHERE e.student_id = OLD.student_id ORDER BY e.from_date DESC LIMIT 1)), NULL, (SELECT date FROM lessons WHERE id = OLD.lesson_id));
END;

DROP TRIGGER changes_attendance_insert;
CREATE TRIGGER changes_attendance_insert AFTER INSERT ON attendance
BEGIN
    INSERT INTO changes (tbl, row_id, op, student_id, class_id, subgroup_id, day)
    VALUES ('attendance', NEW.id, 'INSERT', NEW.student_id, (SELECT class_id FROM lessons WHERE id = NEW.lesson_id), NULL, (SELECT date FROM lessons WHERE id = NEW.lesson_id));
END;

DROP TRIGGER changes_attendance_update;
CREATE TRIGGER changes_attendance_update AFTER UPDATE ON attendance
BEGIN
    INSERT INTO changes (tbl, row_id, op, student_id, class_id, subgroup_id, day)
    VALUES ('attendance', NEW.id, 'UPDATE', NEW.student_id, (SELECT class_id FROM lessons WHERE id = NEW.lesson_id), NULL, CASE WHEN OLD.lesson_id = NEW.lesson_id THEN (SELECT date FROM lessons WHERE id = NEW.lesson_id) END);
END;

DROP TRIGGER changes_attendance_delete;
CREATE TRIGGER changes_attendance_delete AFTER DELETE ON attendance
BEGIN
    INSERT INTO changes (tbl, row_id, op, student_id, class_id, subgroup_id, day)
    VALUES ('attendance', OLD.id, 'DELETE', OLD.student_id, (SELECT class_id FROM lessons WHERE id = OLD.lesson_id), NULL, (SELECT date FROM lessons WHERE id = OLD.lesson_id));
END;

DROP TRIGGER changes_comments_insert;
CREATE TRIGGER changes_comments_insert AFTER INSERT ON comments
BEGIN
    INSERT INTO changes (tbl, row_id, op, student_id, class_id, subgroup_id, day)
    VALUES ('comments', NEW.id, 'INSERT', NEW.student_id, IFNULL((SELECT class_id FROM lessons WHERE id = NEW.lesson_id), (SELECT e.class_id FROM enrollments e WHERE e.student_id = NEW.student_id ORDER BY e.from_date DESC LIMIT 1)), NULL, IFNULL((SELECT date FROM lessons WHERE id = NEW.lesson_id), substr(NEW.created_at, 1, 10)));
END;

DROP TRIGGER changes_comments_update;
CREATE TRIGGER changes_comments_update AFTER UPDATE ON comments
BEGIN
    INSERT INTO changes (tbl, row_id, op, student_id, class_id, subgroup_id, day)
    VALUES ('comments', NEW.id, 'UPDATE', NEW.student_id, IFNULL((SELECT class_id FROM lessons WHERE id = NEW.lesson_id), (SELECT e.class_id FROM enrollments e WHERE e.student_id = NEW.student_id ORDER BY e.from_date DESC LIMIT 1)), NULL, CASE WHEN OLD.lesson_id IS NEW.lesson_id AND OLD.created_at = NEW.created_at THEN IFNULL((SELECT date FROM lessons WHERE id = NEW.lesson_id), substr(NEW.created_at, 1, 10)) END);
END;

DROP TRIGGER changes_comments_delete;
CREATE TRIGGER changes_comments_delete AFTER DELETE ON comments
BEGIN
    INSERT INTO changes (tbl, row_id, op, student_id, class_id, subgroup_id, day)
    VALUES ('comments', OLD.id, 'DELETE', OLD.student_id, IFNULL((SELECT class_id FROM lessons WHERE id = OLD.lesson_id), (SELECT e.class_id FROM enrollments e WHERE e.student_id = OLD.student_id ORDER BY e.from_date DESC LIMIT 1)), NULL, IFNULL((SELECT date FROM lessons WHERE id = OLD.lesson_id), substr(OLD.created_at, 1, 10)));
END;
