-- Rules (issue 4): the lesson a violation is about (the lesson itself, or a mark or absence on
-- it). An incremental check re-examines open violations by lesson, else by student, else by class.
ALTER TABLE violations ADD COLUMN lesson_id INTEGER;
CREATE INDEX violations_student ON violations(student_id, closed_at);
CREATE INDEX violations_lesson ON violations(lesson_id, closed_at);
CREATE INDEX guardians_family ON guardians(family_id);
-- Counting open errors after every check reads this index only.
CREATE INDEX violations_open_severity ON violations(severity) WHERE closed_at IS NULL;
