-- R-OFFLINE-FAMILY: families without electronic access get a printout every N weeks
-- (003/002: every week; 004: every 2 weeks). Profile setting, default weekly.
INSERT OR IGNORE INTO settings (key, value) VALUES ('offline_printout_weeks', '1');
