-- The temp tables the rules share; created once per connection, refilled by every check.
CREATE TEMP TABLE IF NOT EXISTS rule_periods (
    period_id INTEGER, year_id INTEGER, grade INTEGER, code TEXT, title TEXT, starts_on TEXT,
    ends_on TEXT, after_end_at TEXT);
CREATE INDEX IF NOT EXISTS temp.rule_periods_key ON rule_periods(year_id, grade);
CREATE TEMP TABLE IF NOT EXISTS rule_grades (grade INTEGER PRIMARY KEY, written_days INTEGER);
CREATE TEMP TABLE IF NOT EXISTS rule_days (day TEXT PRIMARY KEY, starts_at TEXT);
CREATE TEMP TABLE IF NOT EXISTS rule_corrected (id INTEGER PRIMARY KEY);
CREATE TEMP TABLE IF NOT EXISTS rule_pairs (
    student_id INTEGER, class_id INTEGER, grade INTEGER, class_name TEXT,
    class_teacher_id INTEGER, subject_id INTEGER, teacher_id INTEGER, hours REAL,
    period_id INTEGER, code TEXT, period_title TEXT, starts_on TEXT, ends_on TEXT, on_date TEXT);
CREATE INDEX IF NOT EXISTS temp.rule_pairs_key ON rule_pairs(student_id, subject_id, period_id);
CREATE TEMP TABLE IF NOT EXISTS rule_period_stats (
    student_id INTEGER, subject_id INTEGER, period_id INTEGER, n INTEGER, n_written INTEGER,
    average REAL);
CREATE INDEX IF NOT EXISTS temp.rule_period_stats_key
    ON rule_period_stats(student_id, subject_id, period_id);
CREATE TEMP TABLE IF NOT EXISTS rule_period_marks (
    student_id INTEGER, subject_id INTEGER, period_id INTEGER, kind TEXT, first_at TEXT,
    value TEXT);
CREATE INDEX IF NOT EXISTS temp.rule_period_marks_key
    ON rule_period_marks(student_id, subject_id, period_id);
CREATE TEMP TABLE IF NOT EXISTS rule_students (
    student_id INTEGER, class_id INTEGER, from_date TEXT, class_name TEXT,
    class_teacher_id INTEGER, year_starts_on TEXT, family_id INTEGER, student_name TEXT,
    electronic_access INTEGER, declined_on TEXT, on_holiday INTEGER);
CREATE INDEX IF NOT EXISTS temp.rule_students_key ON rule_students(student_id);
