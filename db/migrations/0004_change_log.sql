-- The change log: every write to a journal table appends a `changes` row naming the
-- students, class and subgroup it affects. Generated once from a table list; edit as SQL.

CREATE TRIGGER changes_lessons_insert AFTER INSERT ON lessons
BEGIN
    INSERT INTO changes (tbl, row_id, op, student_id, class_id, subgroup_id)
    VALUES ('lessons', NEW.id, 'INSERT', NULL, NEW.class_id, NEW.subgroup_id);
END;

CREATE TRIGGER changes_lessons_update AFTER UPDATE ON lessons
BEGIN
    INSERT INTO changes (tbl, row_id, op, student_id, class_id, subgroup_id)
    VALUES ('lessons', NEW.id, 'UPDATE', NULL, NEW.class_id, NEW.subgroup_id);
END;

CREATE TRIGGER changes_lessons_delete AFTER DELETE ON lessons
BEGIN
    INSERT INTO changes (tbl, row_id, op, student_id, class_id, subgroup_id)
    VALUES ('lessons', OLD.id, 'DELETE', NULL, OLD.class_id, OLD.subgroup_id);
END;

CREATE TRIGGER changes_marks_insert AFTER INSERT ON marks
BEGIN
    INSERT INTO changes (tbl, row_id, op, student_id, class_id, subgroup_id)
    VALUES ('marks', NEW.id, 'INSERT', NEW.student_id, IFNULL((SELECT class_id FROM lessons WHERE id = NEW.lesson_id), (SELECT e.class_id FROM enrollments e WHERE e.student_id = NEW.student_id ORDER BY e.from_date DESC LIMIT 1)), NULL);
END;

CREATE TRIGGER changes_marks_update AFTER UPDATE ON marks
BEGIN
    INSERT INTO changes (tbl, row_id, op, student_id, class_id, subgroup_id)
    VALUES ('marks', NEW.id, 'UPDATE', NEW.student_id, IFNULL((SELECT class_id FROM lessons WHERE id = NEW.lesson_id), (SELECT e.class_id FROM enrollments e WHERE e.student_id = NEW.student_id ORDER BY e.from_date DESC LIMIT 1)), NULL);
END;

CREATE TRIGGER changes_marks_delete AFTER DELETE ON marks
BEGIN
    INSERT INTO changes (tbl, row_id, op, student_id, class_id, subgroup_id)
    VALUES ('marks', OLD.id, 'DELETE', OLD.student_id, IFNULL((SELECT class_id FROM lessons WHERE id = OLD.lesson_id), (SELECT e.class_id FROM enrollments e WHERE e.student_id = OLD.student_id ORDER BY e.from_date DESC LIMIT 1)), NULL);
END;

CREATE TRIGGER changes_attendance_insert AFTER INSERT ON attendance
BEGIN
    INSERT INTO changes (tbl, row_id, op, student_id, class_id, subgroup_id)
    VALUES ('attendance', NEW.id, 'INSERT', NEW.student_id, (SELECT class_id FROM lessons WHERE id = NEW.lesson_id), NULL);
END;

CREATE TRIGGER changes_attendance_update AFTER UPDATE ON attendance
BEGIN
    INSERT INTO changes (tbl, row_id, op, student_id, class_id, subgroup_id)
    VALUES ('attendance', NEW.id, 'UPDATE', NEW.student_id, (SELECT class_id FROM lessons WHERE id = NEW.lesson_id), NULL);
END;

CREATE TRIGGER changes_attendance_delete AFTER DELETE ON attendance
BEGIN
    INSERT INTO changes (tbl, row_id, op, student_id, class_id, subgroup_id)
    VALUES ('attendance', OLD.id, 'DELETE', OLD.student_id, (SELECT class_id FROM lessons WHERE id = OLD.lesson_id), NULL);
END;

CREATE TRIGGER changes_comments_insert AFTER INSERT ON comments
BEGIN
    INSERT INTO changes (tbl, row_id, op, student_id, class_id, subgroup_id)
    VALUES ('comments', NEW.id, 'INSERT', NEW.student_id, IFNULL((SELECT class_id FROM lessons WHERE id = NEW.lesson_id), (SELECT e.class_id FROM enrollments e WHERE e.student_id = NEW.student_id ORDER BY e.from_date DESC LIMIT 1)), NULL);
END;

CREATE TRIGGER changes_comments_update AFTER UPDATE ON comments
BEGIN
    INSERT INTO changes (tbl, row_id, op, student_id, class_id, subgroup_id)
    VALUES ('comments', NEW.id, 'UPDATE', NEW.student_id, IFNULL((SELECT class_id FROM lessons WHERE id = NEW.lesson_id), (SELECT e.class_id FROM enrollments e WHERE e.student_id = NEW.student_id ORDER BY e.from_date DESC LIMIT 1)), NULL);
END;

CREATE TRIGGER changes_comments_delete AFTER DELETE ON comments
BEGIN
    INSERT INTO changes (tbl, row_id, op, student_id, class_id, subgroup_id)
    VALUES ('comments', OLD.id, 'DELETE', OLD.student_id, IFNULL((SELECT class_id FROM lessons WHERE id = OLD.lesson_id), (SELECT e.class_id FROM enrollments e WHERE e.student_id = OLD.student_id ORDER BY e.from_date DESC LIMIT 1)), NULL);
END;

CREATE TRIGGER changes_enrollments_insert AFTER INSERT ON enrollments
BEGIN
    INSERT INTO changes (tbl, row_id, op, student_id, class_id, subgroup_id)
    VALUES ('enrollments', NEW.id, 'INSERT', NEW.student_id, NEW.class_id, NULL);
END;

CREATE TRIGGER changes_enrollments_update AFTER UPDATE ON enrollments
BEGIN
    INSERT INTO changes (tbl, row_id, op, student_id, class_id, subgroup_id)
    VALUES ('enrollments', NEW.id, 'UPDATE', NEW.student_id, NEW.class_id, NULL);
END;

CREATE TRIGGER changes_enrollments_delete AFTER DELETE ON enrollments
BEGIN
    INSERT INTO changes (tbl, row_id, op, student_id, class_id, subgroup_id)
    VALUES ('enrollments', OLD.id, 'DELETE', OLD.student_id, OLD.class_id, NULL);
END;

CREATE TRIGGER changes_subgroup_members_insert AFTER INSERT ON subgroup_members
BEGIN
    INSERT INTO changes (tbl, row_id, op, student_id, class_id, subgroup_id)
    VALUES ('subgroup_members', NEW.id, 'INSERT', NEW.student_id, (SELECT class_id FROM subgroups WHERE id = NEW.subgroup_id), NEW.subgroup_id);
END;

CREATE TRIGGER changes_subgroup_members_update AFTER UPDATE ON subgroup_members
BEGIN
    INSERT INTO changes (tbl, row_id, op, student_id, class_id, subgroup_id)
    VALUES ('subgroup_members', NEW.id, 'UPDATE', NEW.student_id, (SELECT class_id FROM subgroups WHERE id = NEW.subgroup_id), NEW.subgroup_id);
END;

CREATE TRIGGER changes_subgroup_members_delete AFTER DELETE ON subgroup_members
BEGIN
    INSERT INTO changes (tbl, row_id, op, student_id, class_id, subgroup_id)
    VALUES ('subgroup_members', OLD.id, 'DELETE', OLD.student_id, (SELECT class_id FROM subgroups WHERE id = OLD.subgroup_id), OLD.subgroup_id);
END;

CREATE TRIGGER changes_students_insert AFTER INSERT ON students
BEGIN
    INSERT INTO changes (tbl, row_id, op, student_id, class_id, subgroup_id)
    VALUES ('students', NEW.id, 'INSERT', NEW.id, (SELECT e.class_id FROM enrollments e WHERE e.student_id = NEW.id ORDER BY e.from_date DESC LIMIT 1), NULL);
END;

CREATE TRIGGER changes_students_update AFTER UPDATE ON students
BEGIN
    INSERT INTO changes (tbl, row_id, op, student_id, class_id, subgroup_id)
    VALUES ('students', NEW.id, 'UPDATE', NEW.id, (SELECT e.class_id FROM enrollments e WHERE e.student_id = NEW.id ORDER BY e.from_date DESC LIMIT 1), NULL);
END;

CREATE TRIGGER changes_students_delete AFTER DELETE ON students
BEGIN
    INSERT INTO changes (tbl, row_id, op, student_id, class_id, subgroup_id)
    VALUES ('students', OLD.id, 'DELETE', OLD.id, (SELECT e.class_id FROM enrollments e WHERE e.student_id = OLD.id ORDER BY e.from_date DESC LIMIT 1), NULL);
END;

CREATE TRIGGER changes_families_insert AFTER INSERT ON families
BEGIN
    INSERT INTO changes (tbl, row_id, op, student_id, class_id, subgroup_id)
    VALUES ('families', NEW.id, 'INSERT', NULL, NULL, NULL);
END;

CREATE TRIGGER changes_families_update AFTER UPDATE ON families
BEGIN
    INSERT INTO changes (tbl, row_id, op, student_id, class_id, subgroup_id)
    VALUES ('families', NEW.id, 'UPDATE', NULL, NULL, NULL);
END;

CREATE TRIGGER changes_families_delete AFTER DELETE ON families
BEGIN
    INSERT INTO changes (tbl, row_id, op, student_id, class_id, subgroup_id)
    VALUES ('families', OLD.id, 'DELETE', NULL, NULL, NULL);
END;

CREATE TRIGGER changes_guardians_insert AFTER INSERT ON guardians
BEGIN
    INSERT INTO changes (tbl, row_id, op, student_id, class_id, subgroup_id)
    VALUES ('guardians', NEW.id, 'INSERT', NULL, NULL, NULL);
END;

CREATE TRIGGER changes_guardians_update AFTER UPDATE ON guardians
BEGIN
    INSERT INTO changes (tbl, row_id, op, student_id, class_id, subgroup_id)
    VALUES ('guardians', NEW.id, 'UPDATE', NULL, NULL, NULL);
END;

CREATE TRIGGER changes_guardians_delete AFTER DELETE ON guardians
BEGIN
    INSERT INTO changes (tbl, row_id, op, student_id, class_id, subgroup_id)
    VALUES ('guardians', OLD.id, 'DELETE', NULL, NULL, NULL);
END;

CREATE TRIGGER changes_diary_tokens_insert AFTER INSERT ON diary_tokens
BEGIN
    INSERT INTO changes (tbl, row_id, op, student_id, class_id, subgroup_id)
    VALUES ('diary_tokens', NEW.student_id, 'INSERT', NEW.student_id, (SELECT e.class_id FROM enrollments e WHERE e.student_id = NEW.student_id ORDER BY e.from_date DESC LIMIT 1), NULL);
END;

CREATE TRIGGER changes_diary_tokens_update AFTER UPDATE ON diary_tokens
BEGIN
    INSERT INTO changes (tbl, row_id, op, student_id, class_id, subgroup_id)
    VALUES ('diary_tokens', NEW.student_id, 'UPDATE', NEW.student_id, (SELECT e.class_id FROM enrollments e WHERE e.student_id = NEW.student_id ORDER BY e.from_date DESC LIMIT 1), NULL);
END;

CREATE TRIGGER changes_diary_tokens_delete AFTER DELETE ON diary_tokens
BEGIN
    INSERT INTO changes (tbl, row_id, op, student_id, class_id, subgroup_id)
    VALUES ('diary_tokens', OLD.student_id, 'DELETE', OLD.student_id, (SELECT e.class_id FROM enrollments e WHERE e.student_id = OLD.student_id ORDER BY e.from_date DESC LIMIT 1), NULL);
END;

CREATE TRIGGER changes_acknowledgements_insert AFTER INSERT ON acknowledgements
BEGIN
    INSERT INTO changes (tbl, row_id, op, student_id, class_id, subgroup_id)
    VALUES ('acknowledgements', NEW.id, 'INSERT', NEW.student_id, (SELECT e.class_id FROM enrollments e WHERE e.student_id = NEW.student_id ORDER BY e.from_date DESC LIMIT 1), NULL);
END;

CREATE TRIGGER changes_acknowledgements_update AFTER UPDATE ON acknowledgements
BEGIN
    INSERT INTO changes (tbl, row_id, op, student_id, class_id, subgroup_id)
    VALUES ('acknowledgements', NEW.id, 'UPDATE', NEW.student_id, (SELECT e.class_id FROM enrollments e WHERE e.student_id = NEW.student_id ORDER BY e.from_date DESC LIMIT 1), NULL);
END;

CREATE TRIGGER changes_acknowledgements_delete AFTER DELETE ON acknowledgements
BEGIN
    INSERT INTO changes (tbl, row_id, op, student_id, class_id, subgroup_id)
    VALUES ('acknowledgements', OLD.id, 'DELETE', OLD.student_id, (SELECT e.class_id FROM enrollments e WHERE e.student_id = OLD.student_id ORDER BY e.from_date DESC LIMIT 1), NULL);
END;

CREATE TRIGGER changes_events_insert AFTER INSERT ON events
BEGIN
    INSERT INTO changes (tbl, row_id, op, student_id, class_id, subgroup_id)
    VALUES ('events', NEW.id, 'INSERT', NULL, NEW.class_id, NULL);
END;

CREATE TRIGGER changes_events_update AFTER UPDATE ON events
BEGIN
    INSERT INTO changes (tbl, row_id, op, student_id, class_id, subgroup_id)
    VALUES ('events', NEW.id, 'UPDATE', NULL, NEW.class_id, NULL);
END;

CREATE TRIGGER changes_events_delete AFTER DELETE ON events
BEGIN
    INSERT INTO changes (tbl, row_id, op, student_id, class_id, subgroup_id)
    VALUES ('events', OLD.id, 'DELETE', NULL, OLD.class_id, NULL);
END;

CREATE TRIGGER changes_classes_insert AFTER INSERT ON classes
BEGIN
    INSERT INTO changes (tbl, row_id, op, student_id, class_id, subgroup_id)
    VALUES ('classes', NEW.id, 'INSERT', NULL, NEW.id, NULL);
END;

CREATE TRIGGER changes_classes_update AFTER UPDATE ON classes
BEGIN
    INSERT INTO changes (tbl, row_id, op, student_id, class_id, subgroup_id)
    VALUES ('classes', NEW.id, 'UPDATE', NULL, NEW.id, NULL);
END;

CREATE TRIGGER changes_classes_delete AFTER DELETE ON classes
BEGIN
    INSERT INTO changes (tbl, row_id, op, student_id, class_id, subgroup_id)
    VALUES ('classes', OLD.id, 'DELETE', NULL, OLD.id, NULL);
END;

CREATE TRIGGER changes_subgroups_insert AFTER INSERT ON subgroups
BEGIN
    INSERT INTO changes (tbl, row_id, op, student_id, class_id, subgroup_id)
    VALUES ('subgroups', NEW.id, 'INSERT', NULL, NEW.class_id, NEW.id);
END;

CREATE TRIGGER changes_subgroups_update AFTER UPDATE ON subgroups
BEGIN
    INSERT INTO changes (tbl, row_id, op, student_id, class_id, subgroup_id)
    VALUES ('subgroups', NEW.id, 'UPDATE', NULL, NEW.class_id, NEW.id);
END;

CREATE TRIGGER changes_subgroups_delete AFTER DELETE ON subgroups
BEGIN
    INSERT INTO changes (tbl, row_id, op, student_id, class_id, subgroup_id)
    VALUES ('subgroups', OLD.id, 'DELETE', NULL, OLD.class_id, OLD.id);
END;

CREATE TRIGGER changes_timetable_insert AFTER INSERT ON timetable
BEGIN
    INSERT INTO changes (tbl, row_id, op, student_id, class_id, subgroup_id)
    VALUES ('timetable', NEW.id, 'INSERT', NULL, NEW.class_id, NEW.subgroup_id);
END;

CREATE TRIGGER changes_timetable_update AFTER UPDATE ON timetable
BEGIN
    INSERT INTO changes (tbl, row_id, op, student_id, class_id, subgroup_id)
    VALUES ('timetable', NEW.id, 'UPDATE', NULL, NEW.class_id, NEW.subgroup_id);
END;

CREATE TRIGGER changes_timetable_delete AFTER DELETE ON timetable
BEGIN
    INSERT INTO changes (tbl, row_id, op, student_id, class_id, subgroup_id)
    VALUES ('timetable', OLD.id, 'DELETE', NULL, OLD.class_id, OLD.subgroup_id);
END;

CREATE TRIGGER changes_teaching_assignments_insert AFTER INSERT ON teaching_assignments
BEGIN
    INSERT INTO changes (tbl, row_id, op, student_id, class_id, subgroup_id)
    VALUES ('teaching_assignments', NEW.id, 'INSERT', NULL, NEW.class_id, NEW.subgroup_id);
END;

CREATE TRIGGER changes_teaching_assignments_update AFTER UPDATE ON teaching_assignments
BEGIN
    INSERT INTO changes (tbl, row_id, op, student_id, class_id, subgroup_id)
    VALUES ('teaching_assignments', NEW.id, 'UPDATE', NULL, NEW.class_id, NEW.subgroup_id);
END;

CREATE TRIGGER changes_teaching_assignments_delete AFTER DELETE ON teaching_assignments
BEGIN
    INSERT INTO changes (tbl, row_id, op, student_id, class_id, subgroup_id)
    VALUES ('teaching_assignments', OLD.id, 'DELETE', NULL, OLD.class_id, OLD.subgroup_id);
END;

CREATE TRIGGER changes_thematic_plan_insert AFTER INSERT ON thematic_plan
BEGIN
    INSERT INTO changes (tbl, row_id, op, student_id, class_id, subgroup_id)
    VALUES ('thematic_plan', NEW.id, 'INSERT', NULL, NEW.class_id, NEW.subgroup_id);
END;

CREATE TRIGGER changes_thematic_plan_update AFTER UPDATE ON thematic_plan
BEGIN
    INSERT INTO changes (tbl, row_id, op, student_id, class_id, subgroup_id)
    VALUES ('thematic_plan', NEW.id, 'UPDATE', NULL, NEW.class_id, NEW.subgroup_id);
END;

CREATE TRIGGER changes_thematic_plan_delete AFTER DELETE ON thematic_plan
BEGIN
    INSERT INTO changes (tbl, row_id, op, student_id, class_id, subgroup_id)
    VALUES ('thematic_plan', OLD.id, 'DELETE', NULL, OLD.class_id, OLD.subgroup_id);
END;

CREATE TRIGGER changes_curriculum_insert AFTER INSERT ON curriculum
BEGIN
    INSERT INTO changes (tbl, row_id, op, student_id, class_id, subgroup_id)
    VALUES ('curriculum', NEW.id, 'INSERT', NULL, NULL, NULL);
END;

CREATE TRIGGER changes_curriculum_update AFTER UPDATE ON curriculum
BEGIN
    INSERT INTO changes (tbl, row_id, op, student_id, class_id, subgroup_id)
    VALUES ('curriculum', NEW.id, 'UPDATE', NULL, NULL, NULL);
END;

CREATE TRIGGER changes_curriculum_delete AFTER DELETE ON curriculum
BEGIN
    INSERT INTO changes (tbl, row_id, op, student_id, class_id, subgroup_id)
    VALUES ('curriculum', OLD.id, 'DELETE', NULL, NULL, NULL);
END;

CREATE TRIGGER changes_periods_insert AFTER INSERT ON periods
BEGIN
    INSERT INTO changes (tbl, row_id, op, student_id, class_id, subgroup_id)
    VALUES ('periods', NEW.id, 'INSERT', NULL, NULL, NULL);
END;

CREATE TRIGGER changes_periods_update AFTER UPDATE ON periods
BEGIN
    INSERT INTO changes (tbl, row_id, op, student_id, class_id, subgroup_id)
    VALUES ('periods', NEW.id, 'UPDATE', NULL, NULL, NULL);
END;

CREATE TRIGGER changes_periods_delete AFTER DELETE ON periods
BEGIN
    INSERT INTO changes (tbl, row_id, op, student_id, class_id, subgroup_id)
    VALUES ('periods', OLD.id, 'DELETE', NULL, NULL, NULL);
END;

CREATE TRIGGER changes_holidays_insert AFTER INSERT ON holidays
BEGIN
    INSERT INTO changes (tbl, row_id, op, student_id, class_id, subgroup_id)
    VALUES ('holidays', NEW.id, 'INSERT', NULL, NULL, NULL);
END;

CREATE TRIGGER changes_holidays_update AFTER UPDATE ON holidays
BEGIN
    INSERT INTO changes (tbl, row_id, op, student_id, class_id, subgroup_id)
    VALUES ('holidays', NEW.id, 'UPDATE', NULL, NULL, NULL);
END;

CREATE TRIGGER changes_holidays_delete AFTER DELETE ON holidays
BEGIN
    INSERT INTO changes (tbl, row_id, op, student_id, class_id, subgroup_id)
    VALUES ('holidays', OLD.id, 'DELETE', NULL, NULL, NULL);
END;

CREATE TRIGGER changes_bell_schedule_insert AFTER INSERT ON bell_schedule
BEGIN
    INSERT INTO changes (tbl, row_id, op, student_id, class_id, subgroup_id)
    VALUES ('bell_schedule', NEW.slot, 'INSERT', NULL, NULL, NULL);
END;

CREATE TRIGGER changes_bell_schedule_update AFTER UPDATE ON bell_schedule
BEGIN
    INSERT INTO changes (tbl, row_id, op, student_id, class_id, subgroup_id)
    VALUES ('bell_schedule', NEW.slot, 'UPDATE', NULL, NULL, NULL);
END;

CREATE TRIGGER changes_bell_schedule_delete AFTER DELETE ON bell_schedule
BEGIN
    INSERT INTO changes (tbl, row_id, op, student_id, class_id, subgroup_id)
    VALUES ('bell_schedule', OLD.slot, 'DELETE', NULL, NULL, NULL);
END;

CREATE TRIGGER changes_subjects_insert AFTER INSERT ON subjects
BEGIN
    INSERT INTO changes (tbl, row_id, op, student_id, class_id, subgroup_id)
    VALUES ('subjects', NEW.id, 'INSERT', NULL, NULL, NULL);
END;

CREATE TRIGGER changes_subjects_update AFTER UPDATE ON subjects
BEGIN
    INSERT INTO changes (tbl, row_id, op, student_id, class_id, subgroup_id)
    VALUES ('subjects', NEW.id, 'UPDATE', NULL, NULL, NULL);
END;

CREATE TRIGGER changes_subjects_delete AFTER DELETE ON subjects
BEGIN
    INSERT INTO changes (tbl, row_id, op, student_id, class_id, subgroup_id)
    VALUES ('subjects', OLD.id, 'DELETE', NULL, NULL, NULL);
END;

CREATE TRIGGER changes_staff_insert AFTER INSERT ON staff
BEGIN
    INSERT INTO changes (tbl, row_id, op, student_id, class_id, subgroup_id)
    VALUES ('staff', NEW.id, 'INSERT', NULL, NULL, NULL);
END;

CREATE TRIGGER changes_staff_update AFTER UPDATE ON staff
BEGIN
    INSERT INTO changes (tbl, row_id, op, student_id, class_id, subgroup_id)
    VALUES ('staff', NEW.id, 'UPDATE', NULL, NULL, NULL);
END;

CREATE TRIGGER changes_staff_delete AFTER DELETE ON staff
BEGIN
    INSERT INTO changes (tbl, row_id, op, student_id, class_id, subgroup_id)
    VALUES ('staff', OLD.id, 'DELETE', NULL, NULL, NULL);
END;

CREATE TRIGGER changes_staff_roles_insert AFTER INSERT ON staff_roles
BEGIN
    INSERT INTO changes (tbl, row_id, op, student_id, class_id, subgroup_id)
    VALUES ('staff_roles', NEW.staff_id, 'INSERT', NULL, NULL, NULL);
END;

CREATE TRIGGER changes_staff_roles_update AFTER UPDATE ON staff_roles
BEGIN
    INSERT INTO changes (tbl, row_id, op, student_id, class_id, subgroup_id)
    VALUES ('staff_roles', NEW.staff_id, 'UPDATE', NULL, NULL, NULL);
END;

CREATE TRIGGER changes_staff_roles_delete AFTER DELETE ON staff_roles
BEGIN
    INSERT INTO changes (tbl, row_id, op, student_id, class_id, subgroup_id)
    VALUES ('staff_roles', OLD.staff_id, 'DELETE', NULL, NULL, NULL);
END;

CREATE TRIGGER changes_consultations_insert AFTER INSERT ON consultations
BEGIN
    INSERT INTO changes (tbl, row_id, op, student_id, class_id, subgroup_id)
    VALUES ('consultations', NEW.id, 'INSERT', NULL, NULL, NULL);
END;

CREATE TRIGGER changes_consultations_update AFTER UPDATE ON consultations
BEGIN
    INSERT INTO changes (tbl, row_id, op, student_id, class_id, subgroup_id)
    VALUES ('consultations', NEW.id, 'UPDATE', NULL, NULL, NULL);
END;

CREATE TRIGGER changes_consultations_delete AFTER DELETE ON consultations
BEGIN
    INSERT INTO changes (tbl, row_id, op, student_id, class_id, subgroup_id)
    VALUES ('consultations', OLD.id, 'DELETE', NULL, NULL, NULL);
END;

CREATE TRIGGER changes_school_insert AFTER INSERT ON school
BEGIN
    INSERT INTO changes (tbl, row_id, op, student_id, class_id, subgroup_id)
    VALUES ('school', NEW.id, 'INSERT', NULL, NULL, NULL);
END;

CREATE TRIGGER changes_school_update AFTER UPDATE ON school
BEGIN
    INSERT INTO changes (tbl, row_id, op, student_id, class_id, subgroup_id)
    VALUES ('school', NEW.id, 'UPDATE', NULL, NULL, NULL);
END;

CREATE TRIGGER changes_school_delete AFTER DELETE ON school
BEGIN
    INSERT INTO changes (tbl, row_id, op, student_id, class_id, subgroup_id)
    VALUES ('school', OLD.id, 'DELETE', NULL, NULL, NULL);
END;

CREATE TRIGGER changes_settings_insert AFTER INSERT ON settings
BEGIN
    INSERT INTO changes (tbl, row_id, op, student_id, class_id, subgroup_id)
    VALUES ('settings', NEW.rowid, 'INSERT', NULL, NULL, NULL);
END;

CREATE TRIGGER changes_settings_update AFTER UPDATE ON settings
BEGIN
    INSERT INTO changes (tbl, row_id, op, student_id, class_id, subgroup_id)
    VALUES ('settings', NEW.rowid, 'UPDATE', NULL, NULL, NULL);
END;

CREATE TRIGGER changes_settings_delete AFTER DELETE ON settings
BEGIN
    INSERT INTO changes (tbl, row_id, op, student_id, class_id, subgroup_id)
    VALUES ('settings', OLD.rowid, 'DELETE', NULL, NULL, NULL);
END;
