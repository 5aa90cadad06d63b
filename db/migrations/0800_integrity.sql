-- The journal as evidence (R-TEACHER-RIGHTS, R-NO-SHARED-LOGIN, R-NO-BACKDATE, P-SIGNATURES):
-- the store stamps who wrote and when, the archive register is append-only, a substitution is
-- a record the deputy makes, and every write names its writer. The rights by row follow in
-- 0801 (generated from ejsync/store/rights.toml).

-- ---------------------------------------------------------------- writers and their traces
-- Which path the write of the open transaction came by (ejsync/store/writers.py).
ALTER TABLE write_context ADD COLUMN source TEXT NOT NULL DEFAULT 'web';

-- Every write with a named writer: what, who (NULL = an ejsync tool itself), by which path.
CREATE TABLE write_log (
    id INTEGER PRIMARY KEY,
    tbl TEXT NOT NULL,
    row_id INTEGER NOT NULL,
    op TEXT NOT NULL CHECK (op IN ('INSERT', 'UPDATE', 'DELETE')),
    staff_id INTEGER,
    source TEXT NOT NULL,
    at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX write_log_row ON write_log(tbl, row_id);
CREATE INDEX write_log_staff ON write_log(staff_id, at);

-- Writes the store or the staff server refused: who tried what, when, and the answer.
CREATE TABLE refused_writes (
    id INTEGER PRIMARY KEY,
    staff_id INTEGER,
    source TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL DEFAULT '',
    rule TEXT NOT NULL DEFAULT '',
    message TEXT NOT NULL,
    at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX refused_writes_staff ON refused_writes(staff_id, at);

-- The matrix of ejsync/store/rights.toml: role × table × operation → row scope.
CREATE TABLE rights (
    role TEXT NOT NULL,
    tbl TEXT NOT NULL,
    op TEXT NOT NULL CHECK (op IN ('insert', 'update', 'delete', 'link', 'read')),
    scope TEXT NOT NULL CHECK (scope IN ('all', 'taught', 'class')),
    PRIMARY KEY (role, tbl, op)
);

-- ---------------------------------------------------------------- substitutions
-- A lesson held for a colleague, recorded by the deputy for a date and a timetable slot; the
-- substitute then writes that lesson (R-TEACHER-RIGHTS, R-LESSON-SAMEDAY).
CREATE TABLE substitutions (
    id INTEGER PRIMARY KEY,
    date TEXT NOT NULL,
    slot INTEGER NOT NULL REFERENCES bell_schedule(slot),
    class_id INTEGER NOT NULL REFERENCES classes(id),
    subgroup_id INTEGER REFERENCES subgroups(id),
    subject_id INTEGER NOT NULL REFERENCES subjects(id),
    absent_teacher_id INTEGER NOT NULL REFERENCES staff(id),
    substitute_id INTEGER NOT NULL REFERENCES staff(id),
    reason TEXT NOT NULL DEFAULT '',
    recorded_by INTEGER REFERENCES staff(id),
    recorded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    cancelled_at TEXT,
    cancelled_by INTEGER REFERENCES staff(id)
);
CREATE UNIQUE INDEX substitutions_slot
    ON substitutions(date, slot, class_id, IFNULL(subgroup_id, 0)) WHERE cancelled_at IS NULL;
CREATE INDEX substitutions_substitute ON substitutions(substitute_id, date);

CREATE TRIGGER substitutions_check_insert BEFORE INSERT ON substitutions
BEGIN
    SELECT RAISE(ABORT, 'R-TEACHER-RIGHTS: заменять урок может только учитель. Выберите учителя из списка.')
    WHERE NOT EXISTS (SELECT 1 FROM staff_roles WHERE staff_id = NEW.substitute_id AND role = 'teacher');
    SELECT RAISE(ABORT, 'R-TEACHER-RIGHTS: учитель не может заменять сам себя. Выберите другого учителя.')
    WHERE NEW.substitute_id = NEW.absent_teacher_id;
    SELECT RAISE(ABORT, 'R-TEACHER-RIGHTS: в этот день и на этом уроке у класса нет такого урока по расписанию. Проверьте дату и урок.')
    WHERE NOT EXISTS (
        SELECT 1 FROM timetable t
        WHERE t.class_id = NEW.class_id AND t.subgroup_id IS NEW.subgroup_id
          AND t.subject_id = NEW.subject_id AND t.slot = NEW.slot
          AND t.teacher_id = NEW.absent_teacher_id
          AND t.weekday = CAST(strftime('%w', NEW.date) AS INTEGER)
          AND t.valid_from <= NEW.date AND (t.valid_to IS NULL OR t.valid_to >= NEW.date));
END;

CREATE TRIGGER substitutions_check_update BEFORE UPDATE ON substitutions
BEGIN
    SELECT RAISE(ABORT, 'R-TEACHER-RIGHTS: записанную замену можно только отменить; запишите новую.')
    WHERE NEW.date IS NOT OLD.date OR NEW.slot IS NOT OLD.slot OR NEW.class_id IS NOT OLD.class_id
       OR NEW.subgroup_id IS NOT OLD.subgroup_id OR NEW.subject_id IS NOT OLD.subject_id
       OR NEW.absent_teacher_id IS NOT OLD.absent_teacher_id
       OR NEW.substitute_id IS NOT OLD.substitute_id OR NEW.reason IS NOT OLD.reason
       OR NEW.recorded_by IS NOT OLD.recorded_by OR NEW.recorded_at IS NOT OLD.recorded_at
       OR OLD.cancelled_at IS NOT NULL;
END;

CREATE TRIGGER substitutions_no_delete BEFORE DELETE ON substitutions
BEGIN
    SELECT RAISE(ABORT, 'R-TEACHER-RIGHTS: записанную замену не удаляют, а отменяют.');
END;

-- ---------------------------------------------------------------- the archive register
-- Registering a paper copy is its own record (P-SIGNATURES): who, when, which number.
CREATE TABLE edition_registrations (
    id INTEGER PRIMARY KEY,
    edition_id INTEGER NOT NULL UNIQUE REFERENCES print_editions(id),
    register_no TEXT NOT NULL UNIQUE,
    registered_by INTEGER REFERENCES staff(id),
    registered_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
INSERT INTO edition_registrations (edition_id, register_no, registered_by, registered_at)
SELECT id, register_no, registered_by, IFNULL(registered_at, generated_at)
FROM print_editions WHERE register_no IS NOT NULL;

-- Every check of an archive copy (P-TWO-MEDIA, P-INTEGRITY); the copy row itself never changes.
CREATE TABLE archive_checks (
    id INTEGER PRIMARY KEY,
    edition_id INTEGER NOT NULL REFERENCES print_editions(id),
    medium TEXT NOT NULL,
    ok INTEGER NOT NULL CHECK (ok IN (0, 1)),
    checked_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX archive_checks_edition ON archive_checks(edition_id, medium, checked_at);
INSERT INTO archive_checks (edition_id, medium, ok, checked_at)
SELECT edition_id, medium, verified_ok, verified_at FROM archive_copies
WHERE verified_at IS NOT NULL AND verified_ok IS NOT NULL;

DROP VIEW archive_register;
CREATE VIEW archive_register AS
SELECT e.id AS edition_id,
       g.register_no,
       e.kind,
       c.name AS class_name,
       p.title AS period,
       e.week_of,
       e.relpath,
       e.pages,
       e.generated_at,
       g.registered_at,
       s.last_name || ' ' || s.first_name AS registered_by,
       (SELECT COUNT(DISTINCT a.medium) FROM archive_copies a WHERE a.edition_id = e.id) AS media,
       (SELECT MAX(k.checked_at) FROM archive_checks k WHERE k.edition_id = e.id AND k.ok = 1)
           AS last_verified_at
FROM print_editions e
LEFT JOIN edition_registrations g ON g.edition_id = e.id
LEFT JOIN classes c ON c.id = e.class_id
LEFT JOIN periods p ON p.id = e.period_id
LEFT JOIN staff s ON s.id = g.registered_by;

-- The register and the logs accept inserts only, from every writer.
CREATE TRIGGER print_editions_no_update BEFORE UPDATE ON print_editions
BEGIN
    SELECT RAISE(ABORT, 'P-INTEGRITY: запись реестра изданий не изменяется. Новое издание регистрируется новой записью.');
END;
CREATE TRIGGER print_editions_no_delete BEFORE DELETE ON print_editions
BEGIN
    SELECT RAISE(ABORT, 'P-INTEGRITY: запись реестра изданий не удаляется.');
END;
CREATE TRIGGER edition_registrations_no_update BEFORE UPDATE ON edition_registrations
BEGIN
    SELECT RAISE(ABORT, 'P-SIGNATURES: регистрацию бумажной копии изменить нельзя.');
END;
CREATE TRIGGER edition_registrations_no_delete BEFORE DELETE ON edition_registrations
BEGIN
    SELECT RAISE(ABORT, 'P-SIGNATURES: регистрацию бумажной копии удалить нельзя.');
END;
CREATE TRIGGER archive_copies_no_update BEFORE UPDATE ON archive_copies
BEGIN
    SELECT RAISE(ABORT, 'P-TWO-MEDIA: запись о копии в архиве не изменяется; проверки записываются отдельно.');
END;
CREATE TRIGGER archive_copies_no_delete BEFORE DELETE ON archive_copies
BEGIN
    SELECT RAISE(ABORT, 'P-TWO-MEDIA: запись о копии в архиве не удаляется.');
END;
CREATE TRIGGER archive_checks_no_change BEFORE UPDATE ON archive_checks
BEGIN
    SELECT RAISE(ABORT, 'P-INTEGRITY: результат проверки архива не изменяется.');
END;
CREATE TRIGGER archive_checks_no_delete BEFORE DELETE ON archive_checks
BEGIN
    SELECT RAISE(ABORT, 'P-INTEGRITY: результат проверки архива не удаляется.');
END;
CREATE TRIGGER backup_log_no_update BEFORE UPDATE ON backup_log
BEGIN
    SELECT RAISE(ABORT, 'P-BACKUP: журнал резервных копий не изменяется.');
END;
CREATE TRIGGER backup_log_no_delete BEFORE DELETE ON backup_log
BEGIN
    SELECT RAISE(ABORT, 'P-BACKUP: журнал резервных копий не удаляется.');
END;
CREATE TRIGGER violation_waivers_no_update BEFORE UPDATE ON violation_waivers
BEGIN
    SELECT RAISE(ABORT, 'R-NO-CORRECTION: принятое нарушение не изменяется.');
END;
CREATE TRIGGER violation_waivers_no_delete BEFORE DELETE ON violation_waivers
BEGIN
    SELECT RAISE(ABORT, 'R-NO-CORRECTION: принятое нарушение не удаляется.');
END;
CREATE TRIGGER write_log_no_change BEFORE UPDATE ON write_log
BEGIN
    SELECT RAISE(ABORT, 'R-NO-SHARED-LOGIN: журнал записей не изменяется.');
END;
CREATE TRIGGER write_log_no_delete BEFORE DELETE ON write_log
BEGIN
    SELECT RAISE(ABORT, 'R-NO-SHARED-LOGIN: журнал записей не удаляется.');
END;
CREATE TRIGGER refused_writes_no_change BEFORE UPDATE ON refused_writes
BEGIN
    SELECT RAISE(ABORT, 'R-NO-SHARED-LOGIN: журнал отказов не изменяется.');
END;
CREATE TRIGGER refused_writes_no_delete BEFORE DELETE ON refused_writes
BEGIN
    SELECT RAISE(ABORT, 'R-NO-SHARED-LOGIN: журнал отказов не удаляется.');
END;

-- ---------------------------------------------------------------- the rights of 0101, replaced
DROP TRIGGER lessons_rights_insert;
DROP TRIGGER lessons_rights_update;
DROP TRIGGER marks_rights_insert;
DROP TRIGGER attendance_rights_insert;
DROP TRIGGER attendance_rights_update;
DROP TRIGGER attendance_rights_delete;
DROP TRIGGER comments_rights_insert;
DROP TRIGGER guardians_rights_update;
DROP TRIGGER guardians_rights_insert;
DROP TRIGGER families_rights_update;
DROP TRIGGER students_rights_update;
DROP TRIGGER support_requests_rights_insert;
DROP TRIGGER staff_log_lessons_insert;
DROP TRIGGER staff_log_lessons_update;
DROP TRIGGER staff_log_attendance_update;
DROP TRIGGER staff_log_attendance_delete;
DROP TRIGGER staff_log_family_update;
DROP TRIGGER staff_log_support_update;
DROP VIEW family_keepers;

-- Reasons of absence are the class teacher's (R-ABSENCE-REASON), whoever else may mark "н".
CREATE TRIGGER attendance_reason_insert BEFORE INSERT ON attendance
WHEN (SELECT source FROM write_context WHERE id = 1) = 'web'
BEGIN
    SELECT RAISE(ABORT, 'R-ABSENCE-REASON: учитель на уроке отмечает только «н» или «О» (опоздание); причину отсутствия (Б, У, Н) ставит классный руководитель.')
    WHERE NEW.code IN ('Б', 'У', 'Н') AND NOT EXISTS (
        SELECT 1 FROM lessons l JOIN classes c ON c.id = l.class_id
        WHERE l.id = NEW.lesson_id
          AND c.class_teacher_id = (SELECT staff_id FROM write_context WHERE id = 1));
END;

CREATE TRIGGER attendance_reason_update BEFORE UPDATE OF code ON attendance
WHEN NEW.code <> OLD.code AND (SELECT source FROM write_context WHERE id = 1) = 'web'
BEGIN
    SELECT RAISE(ABORT, 'R-ABSENCE-REASON: причину отсутствия (Б, У, Н) ставит и меняет только классный руководитель класса этого урока.')
    WHERE (NEW.code IN ('Б', 'У', 'Н') OR OLD.code IN ('Б', 'У', 'Н')) AND NOT EXISTS (
        SELECT 1 FROM lessons l JOIN classes c ON c.id = l.class_id
        WHERE l.id = NEW.lesson_id
          AND c.class_teacher_id = (SELECT staff_id FROM write_context WHERE id = 1));
END;

CREATE TRIGGER attendance_reason_delete BEFORE DELETE ON attendance
WHEN (SELECT source FROM write_context WHERE id = 1) = 'web'
BEGIN
    SELECT RAISE(ABORT, 'R-ABSENCE-REASON: отметку с причиной отсутствия снять нельзя; её может изменить классный руководитель.')
    WHERE OLD.code NOT IN ('н', 'О');
END;

-- A teacher names only themselves as the one who held a lesson (R-LESSON-FIELDS); the
-- deputy and the admin may name anyone (a substitution after the fact).
CREATE TRIGGER lessons_teacher_insert BEFORE INSERT ON lessons
WHEN (SELECT source FROM write_context WHERE id = 1) = 'web'
 AND NOT EXISTS (SELECT 1 FROM staff_roles
                 WHERE staff_id = (SELECT staff_id FROM write_context WHERE id = 1)
                   AND role IN ('deputy', 'admin'))
BEGIN
    SELECT RAISE(ABORT, 'R-LESSON-FIELDS: проводившим урок учитель указывает только себя. Если урок провёл другой учитель, замену записывает заместитель директора.')
    WHERE NEW.teacher_id IS NOT (SELECT staff_id FROM write_context WHERE id = 1);
END;

CREATE TRIGGER lessons_teacher_update BEFORE UPDATE ON lessons
WHEN (SELECT source FROM write_context WHERE id = 1) = 'web'
 AND NOT EXISTS (SELECT 1 FROM staff_roles
                 WHERE staff_id = (SELECT staff_id FROM write_context WHERE id = 1)
                   AND role IN ('deputy', 'admin'))
BEGIN
    SELECT RAISE(ABORT, 'R-LESSON-FIELDS: проводившим урок учитель указывает только себя, а учителя по расписанию не меняет. Замену записывает заместитель директора.')
    WHERE (NEW.teacher_id IS NOT OLD.teacher_id
           AND NEW.teacher_id IS NOT (SELECT staff_id FROM write_context WHERE id = 1))
       OR NEW.scheduled_teacher_id IS NOT OLD.scheduled_teacher_id;
END;

-- ---------------------------------------------------------------- the store stamps
-- A named writer's row carries that writer and the store's clock; nobody can claim another
-- author or another time (R-NO-SHARED-LOGIN, R-NO-BACKDATE).
CREATE TRIGGER stamp_lessons_insert BEFORE INSERT ON lessons
WHEN EXISTS (SELECT 1 FROM write_context WHERE id = 1)
BEGIN
    SELECT RAISE(ABORT, 'R-NO-SHARED-LOGIN: кто записал урок, ставит сервер по вошедшему сотруднику; указать другого нельзя.')
    WHERE NEW.created_by IS NOT NULLIF((SELECT staff_id FROM write_context WHERE id = 1), 0);
    SELECT RAISE(ABORT, 'R-NO-BACKDATE: время записи ставит сервер; записать другое время нельзя.')
    WHERE IFNULL(abs(julianday(NEW.created_at) - julianday('now')) * 86400, 1e9) > 120;
END;

CREATE TRIGGER stamp_marks_insert BEFORE INSERT ON marks
WHEN EXISTS (SELECT 1 FROM write_context WHERE id = 1)
BEGIN
    SELECT RAISE(ABORT, 'R-NO-SHARED-LOGIN: кто поставил отметку, ставит сервер по вошедшему сотруднику; указать другого нельзя.')
    WHERE NEW.created_by IS NOT NULLIF((SELECT staff_id FROM write_context WHERE id = 1), 0);
    SELECT RAISE(ABORT, 'R-NO-BACKDATE: время отметки ставит сервер; отметку «задним числом» поставить нельзя.')
    WHERE IFNULL(abs(julianday(NEW.created_at) - julianday('now')) * 86400, 1e9) > 120;
END;

CREATE TRIGGER stamp_attendance_insert BEFORE INSERT ON attendance
WHEN EXISTS (SELECT 1 FROM write_context WHERE id = 1)
BEGIN
    SELECT RAISE(ABORT, 'R-NO-SHARED-LOGIN: кто отметил отсутствие, ставит сервер по вошедшему сотруднику; указать другого нельзя.')
    WHERE NEW.created_by IS NOT NULLIF((SELECT staff_id FROM write_context WHERE id = 1), 0)
       OR (NEW.reason_set_by IS NOT NULL
           AND NEW.reason_set_by IS NOT NULLIF((SELECT staff_id FROM write_context WHERE id = 1), 0));
    SELECT RAISE(ABORT, 'R-NO-BACKDATE: время отметки посещаемости ставит сервер; записать другое время нельзя.')
    WHERE IFNULL(abs(julianday(NEW.created_at) - julianday('now')) * 86400, 1e9) > 120
       OR (NEW.reason_set_at IS NOT NULL
           AND IFNULL(abs(julianday(NEW.reason_set_at) - julianday('now')) * 86400, 1e9) > 120);
END;

CREATE TRIGGER stamp_comments_insert BEFORE INSERT ON comments
WHEN EXISTS (SELECT 1 FROM write_context WHERE id = 1)
BEGIN
    SELECT RAISE(ABORT, 'R-NO-SHARED-LOGIN: автора записи для родителей ставит сервер по вошедшему сотруднику; указать другого нельзя.')
    WHERE NEW.created_by IS NOT NULLIF((SELECT staff_id FROM write_context WHERE id = 1), 0);
    SELECT RAISE(ABORT, 'R-NO-BACKDATE: время записи ставит сервер; записать другое время нельзя.')
    WHERE IFNULL(abs(julianday(NEW.created_at) - julianday('now')) * 86400, 1e9) > 120;
END;

CREATE TRIGGER stamp_support_requests_insert BEFORE INSERT ON support_requests
WHEN EXISTS (SELECT 1 FROM write_context WHERE id = 1)
BEGIN
    SELECT RAISE(ABORT, 'R-NO-SHARED-LOGIN: кто записал обращение, ставит сервер по вошедшему сотруднику.')
    WHERE NEW.recorded_by IS NOT NULLIF((SELECT staff_id FROM write_context WHERE id = 1), 0)
       OR NEW.answered_by IS NOT NULL;
END;

CREATE TRIGGER stamp_substitutions_insert BEFORE INSERT ON substitutions
WHEN EXISTS (SELECT 1 FROM write_context WHERE id = 1)
BEGIN
    SELECT RAISE(ABORT, 'R-NO-SHARED-LOGIN: кто записал замену и когда, ставит сервер по вошедшему сотруднику.')
    WHERE NEW.recorded_by IS NOT NULLIF((SELECT staff_id FROM write_context WHERE id = 1), 0)
       OR IFNULL(abs(julianday(NEW.recorded_at) - julianday('now')) * 86400, 1e9) > 120
       OR NEW.cancelled_at IS NOT NULL OR NEW.cancelled_by IS NOT NULL;
END;

CREATE TRIGGER stamp_substitutions_cancel BEFORE UPDATE OF cancelled_at ON substitutions
WHEN EXISTS (SELECT 1 FROM write_context WHERE id = 1)
BEGIN
    SELECT RAISE(ABORT, 'R-NO-SHARED-LOGIN: кто отменил замену и когда, ставит сервер по вошедшему сотруднику.')
    WHERE NEW.cancelled_by IS NOT NULLIF((SELECT staff_id FROM write_context WHERE id = 1), 0)
       OR IFNULL(abs(julianday(NEW.cancelled_at) - julianday('now')) * 86400, 1e9) > 120;
END;

CREATE TRIGGER stamp_edition_registrations_insert BEFORE INSERT ON edition_registrations
WHEN EXISTS (SELECT 1 FROM write_context WHERE id = 1)
BEGIN
    SELECT RAISE(ABORT, 'P-SIGNATURES: кто зарегистрировал бумажную копию и когда, ставит сервер по вошедшему сотруднику.')
    WHERE NEW.registered_by IS NOT NULLIF((SELECT staff_id FROM write_context WHERE id = 1), 0)
       OR IFNULL(abs(julianday(NEW.registered_at) - julianday('now')) * 86400, 1e9) > 120;
END;

CREATE TRIGGER stamp_violation_waivers_insert BEFORE INSERT ON violation_waivers
WHEN EXISTS (SELECT 1 FROM write_context WHERE id = 1)
BEGIN
    SELECT RAISE(ABORT, 'R-NO-SHARED-LOGIN: кто принял нарушение и когда, ставит сервер по вошедшему сотруднику.')
    WHERE NEW.waived_by IS NOT NULLIF((SELECT staff_id FROM write_context WHERE id = 1), 0)
       OR IFNULL(abs(julianday(NEW.waived_at) - julianday('now')) * 86400, 1e9) > 120;
END;

CREATE TRIGGER stamp_access_codes_insert BEFORE INSERT ON access_codes
WHEN EXISTS (SELECT 1 FROM write_context WHERE id = 1)
BEGIN
    SELECT RAISE(ABORT, 'R-CREDENTIALS: кто выдал код и когда, ставит сервер по вошедшему сотруднику.')
    WHERE NEW.issued_by IS NOT NULLIF((SELECT staff_id FROM write_context WHERE id = 1), 0)
       OR IFNULL(abs(julianday(NEW.issued_at) - julianday('now')) * 86400, 1e9) > 120;
END;

CREATE TRIGGER stamp_access_codes_revoke BEFORE UPDATE OF revoked_at ON access_codes
WHEN OLD.revoked_at IS NULL AND NEW.revoked_at IS NOT NULL
 AND EXISTS (SELECT 1 FROM write_context WHERE id = 1)
BEGIN
    SELECT RAISE(ABORT, 'R-CREDENTIALS: кто отозвал код и когда, ставит сервер по вошедшему сотруднику.')
    WHERE NEW.revoked_by IS NOT NULLIF((SELECT staff_id FROM write_context WHERE id = 1), 0)
       OR IFNULL(abs(julianday(NEW.revoked_at) - julianday('now')) * 86400, 1e9) > 120;
END;

-- Who and when a row was made never changes; the entry times change only by the store.
CREATE TRIGGER lessons_audit_columns BEFORE UPDATE ON lessons
WHEN EXISTS (SELECT 1 FROM write_context WHERE id = 1)
BEGIN
    SELECT RAISE(ABORT, 'R-NO-SHARED-LOGIN: кто и когда записал урок, изменить нельзя.')
    WHERE NEW.created_by IS NOT OLD.created_by OR NEW.created_at IS NOT OLD.created_at;
    SELECT RAISE(ABORT, 'R-NO-BACKDATE: время записи темы и домашнего задания ставит сервер, когда меняется их текст.')
    WHERE (NEW.topic_entered_at IS NOT OLD.topic_entered_at AND NEW.topic_entered_at IS NOT NULL
           AND IFNULL(abs(julianday(NEW.topic_entered_at) - julianday('now')) * 86400, 1e9) > 120)
       OR (NEW.homework_entered_at IS NOT OLD.homework_entered_at
           AND NEW.homework_entered_at IS NOT NULL
           AND IFNULL(abs(julianday(NEW.homework_entered_at) - julianday('now')) * 86400, 1e9) > 120)
       OR (NEW.updated_at IS NOT OLD.updated_at
           AND IFNULL(abs(julianday(NEW.updated_at) - julianday('now')) * 86400, 1e9) > 120);
END;

CREATE TRIGGER attendance_audit_columns BEFORE UPDATE ON attendance
WHEN EXISTS (SELECT 1 FROM write_context WHERE id = 1)
BEGIN
    SELECT RAISE(ABORT, 'R-NO-SHARED-LOGIN: кто и когда отметил отсутствие, изменить нельзя; кто указал причину, ставит сервер.')
    WHERE NEW.created_by IS NOT OLD.created_by OR NEW.created_at IS NOT OLD.created_at
       OR (NEW.reason_set_by IS NOT OLD.reason_set_by
           AND NEW.reason_set_by IS NOT NULLIF((SELECT staff_id FROM write_context WHERE id = 1), 0))
       OR (NEW.reason_set_at IS NOT OLD.reason_set_at
           AND IFNULL(abs(julianday(NEW.reason_set_at) - julianday('now')) * 86400, 1e9) > 120);
END;

CREATE TRIGGER comments_audit_columns BEFORE UPDATE ON comments
WHEN EXISTS (SELECT 1 FROM write_context WHERE id = 1)
BEGIN
    SELECT RAISE(ABORT, 'R-NO-SHARED-LOGIN: кто и когда сделал запись для родителей, изменить нельзя.')
    WHERE NEW.created_by IS NOT OLD.created_by OR NEW.created_at IS NOT OLD.created_at;
END;

CREATE TRIGGER support_requests_audit_columns BEFORE UPDATE ON support_requests
WHEN EXISTS (SELECT 1 FROM write_context WHERE id = 1)
BEGIN
    SELECT RAISE(ABORT, 'R-NO-SHARED-LOGIN: кто записал обращение и кто ответил, ставит сервер.')
    WHERE NEW.recorded_by IS NOT OLD.recorded_by
       OR (NEW.answered_by IS NOT OLD.answered_by
           AND NEW.answered_by IS NOT NULLIF((SELECT staff_id FROM write_context WHERE id = 1), 0));
END;

-- The stamps the store sets itself when a named writer changes the text they date.
CREATE TRIGGER lessons_stamp_entries_insert AFTER INSERT ON lessons
WHEN EXISTS (SELECT 1 FROM write_context WHERE id = 1)
BEGIN
    UPDATE lessons SET
        topic_entered_at = CASE WHEN NEW.topic <> ''
            THEN strftime('%Y-%m-%dT%H:%M:%SZ', 'now') END,
        homework_entered_at = CASE WHEN NEW.homework <> ''
            THEN strftime('%Y-%m-%dT%H:%M:%SZ', 'now') END
    WHERE id = NEW.id;
END;

-- Only a change of the lesson itself is stamped, never the stamp (recursive triggers may be on).
CREATE TRIGGER lessons_stamp_entries_update AFTER UPDATE ON lessons
WHEN EXISTS (SELECT 1 FROM write_context WHERE id = 1)
 AND (NEW.class_id IS NOT OLD.class_id OR NEW.subgroup_id IS NOT OLD.subgroup_id
      OR NEW.subject_id IS NOT OLD.subject_id OR NEW.date IS NOT OLD.date
      OR NEW.slot IS NOT OLD.slot OR NEW.scheduled_teacher_id IS NOT OLD.scheduled_teacher_id
      OR NEW.teacher_id IS NOT OLD.teacher_id OR NEW.plan_id IS NOT OLD.plan_id
      OR NEW.topic IS NOT OLD.topic OR NEW.homework IS NOT OLD.homework
      OR NEW.control_type IS NOT OLD.control_type OR NEW.work_topic IS NOT OLD.work_topic)
BEGIN
    UPDATE lessons SET
        updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now'),
        topic_entered_at = CASE WHEN NEW.topic IS NOT OLD.topic
            THEN CASE WHEN NEW.topic <> '' THEN strftime('%Y-%m-%dT%H:%M:%SZ', 'now') END
            ELSE OLD.topic_entered_at END,
        homework_entered_at = CASE WHEN NEW.homework IS NOT OLD.homework
            THEN CASE WHEN NEW.homework <> '' THEN strftime('%Y-%m-%dT%H:%M:%SZ', 'now') END
            ELSE OLD.homework_entered_at END
    WHERE id = NEW.id;
END;

CREATE TRIGGER attendance_stamp_reason AFTER UPDATE OF code ON attendance
WHEN NEW.code IS NOT OLD.code AND EXISTS (SELECT 1 FROM write_context WHERE id = 1)
BEGIN
    UPDATE attendance SET
        reason_set_by = NULLIF((SELECT staff_id FROM write_context WHERE id = 1), 0),
        reason_set_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
    WHERE id = NEW.id;
END;

CREATE TRIGGER support_requests_stamp_answer AFTER UPDATE OF answer ON support_requests
WHEN NEW.answer IS NOT OLD.answer AND EXISTS (SELECT 1 FROM write_context WHERE id = 1)
BEGIN
    UPDATE support_requests SET
        answered_by = NULLIF((SELECT staff_id FROM write_context WHERE id = 1), 0)
    WHERE id = NEW.id;
END;

-- ---------------------------------------------------------------- family links
-- A child moved to another family takes the old family's codes with it: they covered the
-- child, so they are revoked and their sessions end (R-ACCESS-OWN).
CREATE TRIGGER students_family_change_revokes_codes AFTER UPDATE OF family_id ON students
WHEN OLD.family_id IS NOT NULL AND NEW.family_id IS NOT OLD.family_id
BEGIN
    UPDATE access_codes SET
        revoked_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now'),
        revoked_by = NULLIF((SELECT staff_id FROM write_context WHERE id = 1), 0)
    WHERE family_id = OLD.family_id AND revoked_at IS NULL;
    UPDATE gate_sessions SET ended_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
    WHERE family_id = OLD.family_id AND ended_at IS NULL;
END;
