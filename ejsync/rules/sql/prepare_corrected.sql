-- Ids of marks a later row corrects (few): a mark not in here is the current one of its chain.
INSERT INTO temp.rule_corrected
SELECT DISTINCT corrects_id AS id FROM marks WHERE corrects_id IS NOT NULL
