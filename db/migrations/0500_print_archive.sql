-- Print editions as archive records (P-PERIOD-PRINT, P-INTEGRITY, P-TWO-MEDIA) and the runs
-- of the print schedule.

-- Where the edition sits inside any archive medium ('2026-27/Q2/journal_5А'), its sheets,
-- and the week of a family printout edition.
ALTER TABLE print_editions ADD COLUMN relpath TEXT NOT NULL DEFAULT '';
ALTER TABLE print_editions ADD COLUMN pages INTEGER;
ALTER TABLE print_editions ADD COLUMN week_of TEXT;
CREATE UNIQUE INDEX print_editions_register_no ON print_editions(register_no)
    WHERE register_no IS NOT NULL;
CREATE INDEX archive_copies_edition ON archive_copies(edition_id, medium);

-- One row per job the print schedule ran (or skipped): the same key never runs twice.
CREATE TABLE print_runs (
    id INTEGER PRIMARY KEY,
    job TEXT NOT NULL CHECK (job IN ('journal', 'family')),
    run_key TEXT NOT NULL UNIQUE,          -- 'journal:2026-27:Q2:5А', 'family:2026-11-16'
    run_on TEXT NOT NULL,                  -- the school date of the run
    edition_id INTEGER REFERENCES print_editions(id),
    status TEXT NOT NULL CHECK (status IN ('done', 'skipped', 'failed')),
    message TEXT NOT NULL DEFAULT '',
    at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

-- The secretary's register of editions and their archive copies.
CREATE VIEW archive_register AS
SELECT e.id AS edition_id,
       e.register_no,
       e.kind,
       c.name AS class_name,
       p.title AS period,
       e.week_of,
       e.relpath,
       e.pages,
       e.generated_at,
       e.registered_at,
       s.last_name || ' ' || s.first_name AS registered_by,
       (SELECT COUNT(DISTINCT a.medium) FROM archive_copies a WHERE a.edition_id = e.id) AS media,
       (SELECT MAX(a.verified_at) FROM archive_copies a WHERE a.edition_id = e.id AND a.verified_ok = 1)
           AS last_verified_at
FROM print_editions e
LEFT JOIN classes c ON c.id = e.class_id
LEFT JOIN periods p ON p.id = e.period_id
LEFT JOIN staff s ON s.id = e.registered_by;
