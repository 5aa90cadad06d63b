-- Honest dates of print editions (P-PERIOD-PRINT, issue 15).
-- `as_of`: the instant the edition's data stand at (its «копия от»); nothing entered after it,
-- and no lesson dated after it, is printed.
-- `preliminary`: made before its period's penultimate day; every sheet is stamped
-- «ПРЕДВАРИТЕЛЬНАЯ — не для архива», and the archive neither registers nor copies it.
-- Both are set when the edition is inserted and never updated.
ALTER TABLE print_editions ADD COLUMN as_of TEXT;
ALTER TABLE print_editions ADD COLUMN preliminary INTEGER NOT NULL DEFAULT 0
    CHECK (preliminary IN (0, 1));
