-- The change log names every page a write changes (issue 17). Two writes used to leave pages
-- stale or rebuilt too much: a lesson whose subject or scheduled teacher changes also changes
-- the subjects and attendance pages of its class (logged here without a day: every page of
-- its students), and an event moved to another class (or from the whole school to one class)
-- leaves the class it was in (logged here with the old class; NULL: everyone).
-- Only new triggers: the change-log triggers of 0004 and 0005 stay as they are.

CREATE TRIGGER changes_lessons_subject_or_teacher AFTER UPDATE OF subject_id, scheduled_teacher_id ON lessons
WHEN OLD.subject_id IS NOT NEW.subject_id OR OLD.scheduled_teacher_id IS NOT NEW.scheduled_teacher_id
BEGIN
    INSERT INTO changes (tbl, row_id, op, student_id, class_id, subgroup_id, day)
    VALUES ('lessons', NEW.id, 'UPDATE', NULL, NEW.class_id, NEW.subgroup_id, NULL);
END;

CREATE TRIGGER changes_events_left_class AFTER UPDATE OF class_id ON events
WHEN OLD.class_id IS NOT NEW.class_id
BEGIN
    INSERT INTO changes (tbl, row_id, op, student_id, class_id, subgroup_id)
    VALUES ('events', OLD.id, 'UPDATE', NULL, OLD.class_id, NULL);
END;
