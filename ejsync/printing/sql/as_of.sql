-- Turn a private snapshot of the school database back to the instant :as_of (school date :day):
-- what was entered after it, and lessons dated after it, are removed, so an edition shows the
-- data as they stood at its «копия от». Runs only on the in-memory copy, never on the store.
DELETE FROM lessons WHERE date > :day OR created_at > :as_of;
UPDATE lessons SET topic = '' WHERE topic_entered_at > :as_of;
UPDATE lessons SET homework = '' WHERE homework_entered_at > :as_of;
DELETE FROM marks WHERE created_at > :as_of
    OR (lesson_id IS NOT NULL AND lesson_id NOT IN (SELECT id FROM lessons));
DELETE FROM attendance WHERE created_at > :as_of OR lesson_id NOT IN (SELECT id FROM lessons);
UPDATE attendance SET code = 'н', reason_set_by = NULL, reason_set_at = NULL
    WHERE reason_set_at > :as_of;
DELETE FROM comments WHERE created_at > :as_of
    OR (lesson_id IS NOT NULL AND lesson_id NOT IN (SELECT id FROM lessons));
DELETE FROM enrollments WHERE from_date > :day;
UPDATE enrollments SET to_date = NULL WHERE to_date > :day;
DELETE FROM subgroup_members WHERE from_date > :day;
UPDATE subgroup_members SET to_date = NULL WHERE to_date > :day;
DELETE FROM violations WHERE found_at > :as_of;
UPDATE violations SET closed_at = NULL WHERE closed_at > :as_of;
