-- One lockout for every login (ejsync/store/lockout.py): the gate's family and client
-- throttling and the staff logins' lock share one table. Locks in force carry over.
CREATE TABLE lockouts (
    scope TEXT NOT NULL,            -- 'family', 'client' (gate); 'staff', 'staff-client'
    subject TEXT NOT NULL,          -- a login, or a keyed hash / address of the client
    failures INTEGER NOT NULL DEFAULT 0,
    window_started_at TEXT NOT NULL,
    locked_until TEXT,
    PRIMARY KEY (scope, subject)
);
INSERT INTO lockouts (scope, subject, failures, window_started_at, locked_until)
SELECT scope, subject, failures, window_started_at, locked_until FROM gate_throttle;
INSERT INTO lockouts (scope, subject, failures, window_started_at, locked_until)
SELECT 'staff', login, failed_logins, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), locked_until
FROM staff_accounts WHERE failed_logins > 0 OR locked_until IS NOT NULL;
DROP TABLE gate_throttle;
