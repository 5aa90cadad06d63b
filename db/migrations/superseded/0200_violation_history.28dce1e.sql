-- Rules (issue 4): violations keyed also by subject and period, last-seen time, deputy waivers.

-- A student's period mark count, forecast and final mark are one finding per subject and period.
ALTER TABLE violations ADD COLUMN period_id INTEGER REFERENCES periods(id);
-- When a check last found this violation still open (found_at is when it was first found).
ALTER TABLE violations ADD COLUMN last_seen_at TEXT;
DROP INDEX violations_open;
CREATE UNIQUE INDEX violations_open
    ON violations(rule, record_table, record_id, IFNULL(subject_id, 0), IFNULL(period_id, 0))
    WHERE closed_at IS NULL;
CREATE INDEX violations_class ON violations(class_id, closed_at);

-- A fact that cannot be fixed any more (a mark entered late) is accepted by the deputy with a
-- reason; the checks then leave it closed. Nothing here is ever deleted.
CREATE TABLE violation_waivers (
    id INTEGER PRIMARY KEY,
    rule TEXT NOT NULL,
    record_table TEXT NOT NULL,
    record_id INTEGER NOT NULL,
    subject_id INTEGER,
    period_id INTEGER,
    waived_by INTEGER NOT NULL REFERENCES staff(id),
    waived_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    reason TEXT NOT NULL CHECK (trim(reason) <> '')
);
CREATE UNIQUE INDEX violation_waivers_key
    ON violation_waivers(rule, record_table, record_id, IFNULL(subject_id, 0), IFNULL(period_id, 0));

CREATE TRIGGER violation_waivers_check_insert BEFORE INSERT ON violation_waivers
BEGIN
    SELECT RAISE(ABORT, 'R-NO-CORRECTION: принять нарушение может только заместитель директора или администратор.')
    WHERE NOT EXISTS (
        SELECT 1 FROM staff_roles WHERE staff_id = NEW.waived_by AND role IN ('deputy', 'admin'));
END;

-- A waiver changes the checks of the violation's class.
CREATE TRIGGER changes_violation_waivers_insert AFTER INSERT ON violation_waivers
BEGIN
    INSERT INTO changes (tbl, row_id, op, student_id, class_id, subgroup_id)
    VALUES ('violation_waivers', NEW.id, 'INSERT', NULL, (SELECT v.class_id FROM violations v WHERE v.rule = NEW.rule AND v.record_table = NEW.record_table AND v.record_id = NEW.record_id ORDER BY v.id DESC LIMIT 1), NULL);
END;

-- Printouts for offline families close R-OFFLINE-FAMILY / R-INFORM-FAMILIES: log them as changes.
CREATE TRIGGER changes_family_printouts_insert AFTER INSERT ON family_printouts
BEGIN
    INSERT INTO changes (tbl, row_id, op, student_id, class_id, subgroup_id)
    VALUES ('family_printouts', NEW.id, 'INSERT', NEW.student_id, (SELECT e.class_id FROM enrollments e WHERE e.student_id = NEW.student_id ORDER BY e.from_date DESC LIMIT 1), NULL);
END;

CREATE INDEX lessons_class_date ON lessons(class_id, date, slot);
CREATE INDEX attendance_lesson ON attendance(lesson_id);
CREATE INDEX family_printouts_student ON family_printouts(student_id, printed_at);
CREATE INDEX comments_student_family ON comments(student_id, to_family, created_at);
