SELECT s.id, s.family_id, s.email, s.mode, s.token, f.title AS family_title,
       (SELECT MAX(o.created_at) FROM notify_outbox o
        WHERE o.family_id = s.family_id AND o.kind IN ('digest', 'notice')) AS last_digest_at
FROM notify_subscriptions s JOIN families f ON f.id = s.family_id AND f.electronic_access = 1
WHERE s.ended_at IS NULL AND s.confirmed_at IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM notify_outbox o WHERE o.dedup_key = 'digest:' || s.family_id || ':' || :day)
ORDER BY s.family_id
