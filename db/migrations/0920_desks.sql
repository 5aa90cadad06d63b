-- Desks (issue 13). A teacher asks the deputy to correct a mark through the support register;
-- the request names the mark, so the deputy's desk lists it and the correction answers it.
ALTER TABLE support_requests ADD COLUMN mark_id INTEGER REFERENCES marks(id);
CREATE INDEX support_requests_open ON support_requests(answer, mark_id);

-- The admin's desk counts accounts without reading the secret table (no password hashes here).
CREATE VIEW staff_account_states AS
SELECT s.id AS staff_id, s.active, a.login, a.created_at, a.disabled_at, a.locked_until
FROM staff s LEFT JOIN staff_accounts a ON a.staff_id = s.id;

-- The director's desk counts this week's diary views without reading every view ever logged.
CREATE INDEX IF NOT EXISTS diary_views_at ON diary_views(viewed_at, family_id);
