-- A school among others: its own identity for replicas in shared object storage, and the
-- builds it published there (issue 18).

-- Who this school is, whatever machine or folder it is restored to: a replica of another
-- school is refused on restore. When the database came into being: no restore before that.
INSERT OR IGNORE INTO settings (key, value) VALUES ('school_uid', lower(hex(randomblob(16))));
INSERT OR IGNORE INTO settings (key, value)
    SELECT 'school_created_at', COALESCE(MIN(applied_at), strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
    FROM schema_migrations;

-- Each build published to object storage under its own prefix; the current one is what the
-- gate names to nginx (X-Ejsync-Release). Old releases are deleted only after `retired_at`
-- plus a grace period, so a reader who started on one never loses the rest of it.
CREATE TABLE publications (
    id INTEGER PRIMARY KEY,
    target TEXT NOT NULL,                  -- 's3://bucket/prefix'
    release TEXT NOT NULL,                 -- '20261202T101500Z', the folder under the prefix
    files INTEGER NOT NULL,
    bytes INTEGER NOT NULL,
    published_at TEXT NOT NULL,
    retired_at TEXT,                       -- when a newer release replaced it
    deleted_at TEXT,                       -- when its objects were removed from the store
    UNIQUE (target, release)
);
CREATE UNIQUE INDEX publications_current ON publications(target) WHERE retired_at IS NULL;
