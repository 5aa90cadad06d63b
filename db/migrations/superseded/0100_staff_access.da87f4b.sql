-- Staff access: login sessions and API tokens, login attempts, the writer of the current
-- Datasette write, and used form tokens (a double submit saves once).

-- A browser session or an API token of a staff member; only the SHA-256 of the secret is kept.
CREATE TABLE staff_sessions (
    id INTEGER PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    staff_id INTEGER NOT NULL REFERENCES staff(id),
    kind TEXT NOT NULL DEFAULT 'browser' CHECK (kind IN ('browser', 'api')),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    last_seen_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    expires_at TEXT NOT NULL,
    ended_at TEXT,
    remote_addr TEXT NOT NULL DEFAULT ''
);
CREATE INDEX staff_sessions_staff ON staff_sessions(staff_id, ended_at);

-- Every login attempt, for rate limiting by address and the admin's review.
CREATE TABLE login_attempts (
    id INTEGER PRIMARY KEY,
    login TEXT NOT NULL,
    remote_addr TEXT NOT NULL DEFAULT '',
    ok INTEGER NOT NULL CHECK (ok IN (0, 1)),
    at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX login_attempts_remote ON login_attempts(remote_addr, at);

-- The logged-in staff member of the write in progress. The staff web server fills the one row
-- inside the write transaction and empties it before commit, so other writers never see it.
CREATE TABLE write_context (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    staff_id INTEGER NOT NULL
);

-- Form tokens already saved: the same form sent twice is saved once.
CREATE TABLE form_submissions (
    token TEXT PRIMARY KEY,
    staff_id INTEGER NOT NULL REFERENCES staff(id),
    record_table TEXT NOT NULL,
    record_id INTEGER,
    at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

-- Who last changed a lesson record (the staff server stamps it).
ALTER TABLE lessons ADD COLUMN updated_by INTEGER REFERENCES staff(id);
