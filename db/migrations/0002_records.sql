-- Tables of the family access, diary, rules and archive capabilities, and the change log.

-- Every write to a journal table appends here (filled by the triggers of 0004).
CREATE TABLE changes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    tbl TEXT NOT NULL,
    row_id INTEGER NOT NULL,
    op TEXT NOT NULL CHECK (op IN ('INSERT', 'UPDATE', 'DELETE')),
    student_id INTEGER,
    class_id INTEGER,
    subgroup_id INTEGER,
    at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

-- Where a consumer (the agent, a checker) has read the change log up to.
CREATE TABLE cursors (
    name TEXT PRIMARY KEY,
    change_id INTEGER NOT NULL,
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

-- Soft-rule findings (see REGULATIONS.md rule IDs). A violation closes itself when fixed.
CREATE TABLE violations (
    id INTEGER PRIMARY KEY,
    rule TEXT NOT NULL,
    severity TEXT NOT NULL CHECK (severity IN ('error', 'warning', 'info')),
    record_table TEXT NOT NULL,
    record_id INTEGER NOT NULL,
    student_id INTEGER,
    class_id INTEGER,
    subject_id INTEGER,
    responsible_id INTEGER REFERENCES staff(id),
    due_at TEXT,
    found_at TEXT NOT NULL,
    closed_at TEXT,
    message TEXT NOT NULL
);
CREATE UNIQUE INDEX violations_open ON violations(rule, record_table, record_id) WHERE closed_at IS NULL;
CREATE INDEX violations_responsible ON violations(responsible_id, closed_at);

-- The unguessable folder of a student's diary (never the name or id in the URL).
CREATE TABLE diary_tokens (
    student_id INTEGER PRIMARY KEY REFERENCES students(id),
    token TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

-- Per-family TOTP secrets, encrypted with a key kept outside the database.
CREATE TABLE access_codes (
    id INTEGER PRIMARY KEY,
    family_id INTEGER NOT NULL REFERENCES families(id),
    version INTEGER NOT NULL,
    secret_encrypted BLOB NOT NULL,
    issued_at TEXT NOT NULL,
    issued_by INTEGER REFERENCES staff(id),
    revoked_at TEXT,
    revoked_by INTEGER REFERENCES staff(id),
    last_used_step INTEGER,
    UNIQUE (family_id, version)
);

-- Every diary page view (R-PARENT-CHECK).
CREATE TABLE diary_views (
    id INTEGER PRIMARY KEY,
    family_id INTEGER NOT NULL REFERENCES families(id),
    student_id INTEGER NOT NULL REFERENCES students(id),
    page TEXT NOT NULL DEFAULT '',
    viewed_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX diary_views_family ON diary_views(family_id, viewed_at);

-- Families acknowledge the period's final marks (R-PARENT-CHECK).
CREATE TABLE acknowledgements (
    id INTEGER PRIMARY KEY,
    family_id INTEGER NOT NULL REFERENCES families(id),
    student_id INTEGER NOT NULL REFERENCES students(id),
    period_id INTEGER NOT NULL REFERENCES periods(id),
    message TEXT NOT NULL DEFAULT '',
    acknowledged_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    UNIQUE (family_id, student_id, period_id)
);

-- Printouts handed to families without electronic access (R-OFFLINE-FAMILY).
CREATE TABLE family_printouts (
    id INTEGER PRIMARY KEY,
    family_id INTEGER NOT NULL REFERENCES families(id),
    student_id INTEGER NOT NULL REFERENCES students(id),
    week_of TEXT NOT NULL,
    printed_at TEXT NOT NULL,
    edition_id INTEGER
);

-- Archive-ready print editions and their copies (P-PERIOD-PRINT, P-SUMMARY, P-TWO-MEDIA).
CREATE TABLE print_editions (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('journal', 'summary', 'family')),
    class_id INTEGER REFERENCES classes(id),
    period_id INTEGER REFERENCES periods(id),
    path TEXT NOT NULL,
    manifest_sha256 TEXT NOT NULL,
    source_sha256 TEXT NOT NULL,
    generated_at TEXT NOT NULL,
    registered_by INTEGER REFERENCES staff(id),
    registered_at TEXT,
    register_no TEXT
);

CREATE TABLE archive_copies (
    id INTEGER PRIMARY KEY,
    edition_id INTEGER NOT NULL REFERENCES print_editions(id),
    medium TEXT NOT NULL,
    path TEXT NOT NULL,
    copied_at TEXT NOT NULL,
    verified_at TEXT,
    verified_ok INTEGER
);

-- Backups and every use of them (P-BACKUP).
CREATE TABLE backup_log (
    id INTEGER PRIMARY KEY,
    action TEXT NOT NULL CHECK (action IN ('backup', 'restore', 'verify', 'use')),
    path TEXT NOT NULL,
    sha256 TEXT NOT NULL DEFAULT '',
    at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    by_name TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT ''
);
