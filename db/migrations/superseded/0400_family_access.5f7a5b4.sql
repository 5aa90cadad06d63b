-- Family access (issue 6): one active TOTP code per family, gate sessions, login throttling,
-- and read-only views for the class teacher (R-CREDENTIALS, R-OFFLINE-FAMILY, R-PARENT-CHECK).

CREATE UNIQUE INDEX access_codes_one_active ON access_codes(family_id) WHERE revoked_at IS NULL;

CREATE TRIGGER access_codes_check_insert BEFORE INSERT ON access_codes
BEGIN
    SELECT RAISE(ABORT, 'R-OFFLINE-FAMILY: семья отказалась от электронного доступа, код входа ей не выдаётся. Результаты выдаются на бумаге.')
    WHERE (SELECT electronic_access FROM families WHERE id = NEW.family_id) = 0;
END;

CREATE TRIGGER access_codes_check_update BEFORE UPDATE ON access_codes
BEGIN
    SELECT RAISE(ABORT, 'R-CREDENTIALS: выданный код нельзя изменить; выпустите новый командой «ejsync access reissue».')
    WHERE NEW.secret_encrypted IS NOT OLD.secret_encrypted OR NEW.version <> OLD.version
       OR NEW.family_id <> OLD.family_id OR NEW.issued_at <> OLD.issued_at;
    SELECT RAISE(ABORT, 'R-CREDENTIALS: отозванный код нельзя вернуть; выпустите новый командой «ejsync access reissue».')
    WHERE OLD.revoked_at IS NOT NULL AND NEW.revoked_at IS NOT OLD.revoked_at;
    SELECT RAISE(ABORT, 'R-CREDENTIALS: использованный шаг кода не может уменьшиться (защита от повторного ввода кода).')
    WHERE OLD.last_used_step IS NOT NULL AND (NEW.last_used_step IS NULL OR NEW.last_used_step < OLD.last_used_step);
END;

CREATE TRIGGER access_codes_no_delete BEFORE DELETE ON access_codes
BEGIN
    SELECT RAISE(ABORT, 'R-CREDENTIALS: история выданных кодов не удаляется; чтобы закрыть доступ, отзовите код командой «ejsync access revoke».');
END;

-- A family that declines electronic access loses its code at once (R-OFFLINE-FAMILY).
CREATE TRIGGER families_decline_revokes_code AFTER UPDATE OF electronic_access ON families
WHEN NEW.electronic_access = 0 AND OLD.electronic_access = 1
BEGIN
    UPDATE access_codes SET revoked_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
    WHERE family_id = NEW.id AND revoked_at IS NULL;
END;

-- Sessions of the gate. The cookie carries the id signed with a key outside the database.
CREATE TABLE gate_sessions (
    id TEXT PRIMARY KEY,
    family_id INTEGER NOT NULL REFERENCES families(id),
    code_version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    ended_at TEXT
);
CREATE INDEX gate_sessions_family ON gate_sessions(family_id, created_at);
CREATE INDEX gate_sessions_ended ON gate_sessions(ended_at, expires_at);

-- Failed logins per family login and per client (a keyed hash of the address, never the address).
CREATE TABLE gate_throttle (
    scope TEXT NOT NULL CHECK (scope IN ('family', 'client')),
    subject TEXT NOT NULL,
    failures INTEGER NOT NULL DEFAULT 0,
    window_started_at TEXT NOT NULL,
    locked_until TEXT,
    PRIMARY KEY (scope, subject)
);

CREATE INDEX diary_views_student ON diary_views(student_id, viewed_at);

-- What staff may see of the codes: never the secret.
CREATE VIEW family_access_codes AS
SELECT a.family_id, f.title AS family, f.login, a.version, a.issued_at, a.issued_by,
       a.revoked_at, a.revoked_by,
       CASE WHEN a.revoked_at IS NULL THEN 'действует' ELSE 'отозван' END AS state
FROM access_codes a JOIN families f ON f.id = a.family_id;

-- The class teacher's view of acknowledged final marks (R-PARENT-CHECK).
CREATE VIEW family_acknowledgements AS
SELECT a.id, c.id AS class_id, c.name AS class_name, c.class_teacher_id,
       s.id AS student_id, s.last_name || ' ' || s.first_name AS student,
       f.id AS family_id, f.title AS family, p.code AS period, p.title AS period_title,
       a.message, a.acknowledged_at
FROM acknowledgements a
JOIN students s ON s.id = a.student_id
JOIN families f ON f.id = a.family_id
JOIN periods p ON p.id = a.period_id
LEFT JOIN classes c ON c.id = (
    SELECT e.class_id FROM enrollments e WHERE e.student_id = s.id
    ORDER BY e.from_date DESC LIMIT 1);

-- Diary visits per family, child and week (weeks start on Monday): R-PARENT-CHECK asks for at least two a week.
CREATE VIEW family_diary_visits_weekly AS
SELECT v.family_id, v.student_id, strftime('%Y-%W', v.viewed_at) AS week,
       COUNT(*) AS page_views, COUNT(DISTINCT date(v.viewed_at)) AS days_visited,
       MAX(v.viewed_at) AS last_viewed_at
FROM diary_views v
GROUP BY v.family_id, v.student_id, week;
