-- Ids of marks a later row corrects (few): a mark not in here is the current one of its chain.
CREATE TEMP TABLE rule_corrected AS
SELECT DISTINCT corrects_id AS id FROM marks WHERE corrects_id IS NOT NULL
