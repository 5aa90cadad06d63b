-- ejsync core schema: the school year in data.
-- Conventions: *_on / date columns are local school dates (YYYY-MM-DD);
-- *_at columns are UTC instants 'YYYY-MM-DDTHH:MM:SSZ'; bell times are local 'HH:MM'.

CREATE TABLE school (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    name TEXT NOT NULL,
    short_name TEXT NOT NULL,
    address TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    website TEXT NOT NULL DEFAULT '',
    diary_url TEXT NOT NULL DEFAULT ''
);

-- School profile values the database itself needs (the rest lives in the TOML profile).
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
INSERT INTO settings (key, value) VALUES
    ('profile', 'default'),
    ('timezone', 'Europe/Moscow'),
    ('marks_from_grade', '2');

-- The mark scale (R-MARK-SCALE): numeric marks and configured non-numeric ones.
CREATE TABLE mark_scale (
    value TEXT PRIMARY KEY,
    numeric_value INTEGER,
    title TEXT NOT NULL
);
INSERT INTO mark_scale (value, numeric_value, title) VALUES
    ('2', 2, 'неудовлетворительно'),
    ('3', 3, 'удовлетворительно'),
    ('4', 4, 'хорошо'),
    ('5', 5, 'отлично'),
    ('зач', NULL, 'зачтено'),
    ('н/а', NULL, 'не аттестован'),
    ('осв', NULL, 'освобождён');

-- Work types of a mark (R-MARK-DATE: a fixed list); kind decides R-MARK-ORAL / R-MARK-WRITTEN.
CREATE TABLE work_types (
    code TEXT PRIMARY KEY,
    title TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('oral', 'written', 'other')),
    weight REAL NOT NULL DEFAULT 1
);
INSERT INTO work_types (code, title, kind, weight) VALUES
    ('answer', 'Ответ на уроке', 'oral', 1),
    ('homework', 'Домашняя работа', 'other', 1),
    ('independent', 'Самостоятельная работа', 'written', 1.5),
    ('test', 'Контрольная работа', 'written', 2),
    ('check', 'Проверочная работа', 'written', 1.5),
    ('lab', 'Лабораторная работа', 'written', 1.5),
    ('practical', 'Практическая работа', 'written', 1.5),
    ('dictation', 'Диктант', 'written', 2),
    ('essay', 'Сочинение', 'written', 2),
    ('exposition', 'Изложение', 'written', 2),
    ('quiz', 'Тест', 'written', 1),
    ('project', 'Проект', 'other', 1.5),
    ('notebook', 'Работа в тетради', 'other', 1);

CREATE TABLE academic_years (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,            -- '2026/27'
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    CHECK (starts_on < ends_on)
);

-- R-PERIODS: Q1–Q4 for grades 1–9, H1–H2 for grades 10–11, Y for the year.
CREATE TABLE periods (
    id INTEGER PRIMARY KEY,
    year_id INTEGER NOT NULL REFERENCES academic_years(id),
    code TEXT NOT NULL CHECK (code IN ('Q1', 'Q2', 'Q3', 'Q4', 'H1', 'H2', 'Y')),
    title TEXT NOT NULL,
    grade_from INTEGER NOT NULL CHECK (grade_from BETWEEN 1 AND 11),
    grade_to INTEGER NOT NULL CHECK (grade_to BETWEEN 1 AND 11),
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    UNIQUE (year_id, code),
    CHECK (starts_on <= ends_on AND grade_from <= grade_to)
);

-- Holidays (каникулы) and public holidays: no lessons on these dates.
CREATE TABLE holidays (
    id INTEGER PRIMARY KEY,
    year_id INTEGER NOT NULL REFERENCES academic_years(id),
    title TEXT NOT NULL,
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    grade_from INTEGER NOT NULL DEFAULT 1,
    grade_to INTEGER NOT NULL DEFAULT 11,
    CHECK (starts_on <= ends_on)
);

CREATE TABLE bell_schedule (
    slot INTEGER PRIMARY KEY CHECK (slot BETWEEN 0 AND 10),
    starts_at TEXT NOT NULL,
    ends_at TEXT NOT NULL,
    CHECK (starts_at < ends_at)
);

CREATE TABLE staff (
    id INTEGER PRIMARY KEY,
    last_name TEXT NOT NULL,
    first_name TEXT NOT NULL,
    middle_name TEXT NOT NULL DEFAULT '',
    position TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);

CREATE TABLE staff_roles (
    staff_id INTEGER NOT NULL REFERENCES staff(id),
    role TEXT NOT NULL CHECK (role IN ('admin', 'director', 'deputy', 'class_teacher', 'teacher', 'secretary')),
    PRIMARY KEY (staff_id, role)
);

-- Personal staff logins (R-NO-SHARED-LOGIN); never shown in Datasette.
CREATE TABLE staff_accounts (
    staff_id INTEGER PRIMARY KEY REFERENCES staff(id),
    login TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    password_changed_at TEXT,
    disabled_at TEXT,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until TEXT
);

CREATE TABLE subjects (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    short_name TEXT NOT NULL,
    foreign_language INTEGER NOT NULL DEFAULT 0 CHECK (foreign_language IN (0, 1))
);

-- Curriculum hours per week by grade (учебный план); R-KTP-HOURS, R-MARK-COUNT.
CREATE TABLE curriculum (
    id INTEGER PRIMARY KEY,
    year_id INTEGER NOT NULL REFERENCES academic_years(id),
    grade INTEGER NOT NULL CHECK (grade BETWEEN 1 AND 11),
    subject_id INTEGER NOT NULL REFERENCES subjects(id),
    hours_per_week REAL NOT NULL CHECK (hours_per_week > 0),
    split_into_groups INTEGER NOT NULL DEFAULT 0 CHECK (split_into_groups IN (0, 1)),
    UNIQUE (year_id, grade, subject_id)
);

CREATE TABLE classes (
    id INTEGER PRIMARY KEY,
    year_id INTEGER NOT NULL REFERENCES academic_years(id),
    grade INTEGER NOT NULL CHECK (grade BETWEEN 1 AND 11),
    letter TEXT NOT NULL,
    name TEXT NOT NULL,                    -- '5А'
    class_teacher_id INTEGER REFERENCES staff(id),
    room TEXT NOT NULL DEFAULT '',
    week_days INTEGER NOT NULL DEFAULT 5 CHECK (week_days IN (5, 6)),
    UNIQUE (year_id, name)
);

CREATE TABLE families (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,                   -- 'Семья Ивановых'
    login TEXT NOT NULL UNIQUE,
    electronic_access INTEGER NOT NULL DEFAULT 1 CHECK (electronic_access IN (0, 1)),
    declined_on TEXT,                      -- date of the written refusal (R-OFFLINE-FAMILY)
    address TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT ''
);

CREATE TABLE guardians (
    id INTEGER PRIMARY KEY,
    family_id INTEGER NOT NULL REFERENCES families(id),
    last_name TEXT NOT NULL,
    first_name TEXT NOT NULL,
    middle_name TEXT NOT NULL DEFAULT '',
    relation TEXT NOT NULL DEFAULT 'законный представитель',
    phone TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT ''
);

CREATE TABLE students (
    id INTEGER PRIMARY KEY,
    last_name TEXT NOT NULL,
    first_name TEXT NOT NULL,
    middle_name TEXT NOT NULL DEFAULT '',
    birth_date TEXT,
    gender TEXT NOT NULL DEFAULT '' CHECK (gender IN ('', 'м', 'ж')),
    family_id INTEGER REFERENCES families(id)
);

-- Class membership over time: arrivals and departures (R-CLASS-LIST).
CREATE TABLE enrollments (
    id INTEGER PRIMARY KEY,
    student_id INTEGER NOT NULL REFERENCES students(id),
    class_id INTEGER NOT NULL REFERENCES classes(id),
    from_date TEXT NOT NULL,
    to_date TEXT,
    CHECK (to_date IS NULL OR from_date <= to_date)
);
CREATE INDEX enrollments_student ON enrollments(student_id, from_date);
CREATE INDEX enrollments_class ON enrollments(class_id, from_date);

-- Subgroups of a class for a subject (R-SUBGROUPS).
CREATE TABLE subgroups (
    id INTEGER PRIMARY KEY,
    class_id INTEGER NOT NULL REFERENCES classes(id),
    subject_id INTEGER NOT NULL REFERENCES subjects(id),
    name TEXT NOT NULL,                    -- '1 группа'
    teacher_id INTEGER REFERENCES staff(id),
    UNIQUE (class_id, subject_id, name)
);

CREATE TABLE subgroup_members (
    id INTEGER PRIMARY KEY,
    subgroup_id INTEGER NOT NULL REFERENCES subgroups(id),
    student_id INTEGER NOT NULL REFERENCES students(id),
    from_date TEXT NOT NULL,
    to_date TEXT,
    CHECK (to_date IS NULL OR from_date <= to_date)
);
CREATE INDEX subgroup_members_group ON subgroup_members(subgroup_id, student_id);
CREATE INDEX subgroup_members_student ON subgroup_members(student_id);

-- Who teaches what: the basis of teachers' write rights.
CREATE TABLE teaching_assignments (
    id INTEGER PRIMARY KEY,
    class_id INTEGER NOT NULL REFERENCES classes(id),
    subject_id INTEGER NOT NULL REFERENCES subjects(id),
    subgroup_id INTEGER REFERENCES subgroups(id),
    teacher_id INTEGER NOT NULL REFERENCES staff(id)
);
CREATE UNIQUE INDEX teaching_assignments_unique
    ON teaching_assignments(class_id, subject_id, IFNULL(subgroup_id, 0), teacher_id);
CREATE INDEX teaching_assignments_teacher ON teaching_assignments(teacher_id);

CREATE TABLE timetable (
    id INTEGER PRIMARY KEY,
    class_id INTEGER NOT NULL REFERENCES classes(id),
    subgroup_id INTEGER REFERENCES subgroups(id),
    subject_id INTEGER NOT NULL REFERENCES subjects(id),
    teacher_id INTEGER NOT NULL REFERENCES staff(id),
    weekday INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 6),   -- 1 = Monday
    slot INTEGER NOT NULL REFERENCES bell_schedule(slot),
    room TEXT NOT NULL DEFAULT '',
    valid_from TEXT NOT NULL,
    valid_to TEXT
);
CREATE INDEX timetable_class ON timetable(class_id, weekday, slot);
CREATE INDEX timetable_teacher ON timetable(teacher_id, weekday, slot);

-- The calendar-thematic plan (КТП), R-KTP-HOURS.
CREATE TABLE thematic_plan (
    id INTEGER PRIMARY KEY,
    class_id INTEGER NOT NULL REFERENCES classes(id),
    subgroup_id INTEGER REFERENCES subgroups(id),
    subject_id INTEGER NOT NULL REFERENCES subjects(id),
    lesson_no INTEGER NOT NULL,
    topic TEXT NOT NULL,
    hours REAL NOT NULL DEFAULT 1,
    control_type TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX thematic_plan_unique
    ON thematic_plan(class_id, IFNULL(subgroup_id, 0), subject_id, lesson_no);

-- A held (or planned) lesson. teacher_id is who held it (the substitute when substituted).
CREATE TABLE lessons (
    id INTEGER PRIMARY KEY,
    class_id INTEGER NOT NULL REFERENCES classes(id),
    subgroup_id INTEGER REFERENCES subgroups(id),
    subject_id INTEGER NOT NULL REFERENCES subjects(id),
    date TEXT NOT NULL,
    slot INTEGER NOT NULL REFERENCES bell_schedule(slot),
    scheduled_teacher_id INTEGER NOT NULL REFERENCES staff(id),
    teacher_id INTEGER NOT NULL REFERENCES staff(id),
    plan_id INTEGER REFERENCES thematic_plan(id),
    topic TEXT NOT NULL DEFAULT '',
    homework TEXT NOT NULL DEFAULT '',
    control_type TEXT NOT NULL DEFAULT '',  -- '' or a work_types.code (checked by trigger)
    work_topic TEXT NOT NULL DEFAULT '',   -- own topic of a test/lab/practical work (R-TOPIC-WORKS)
    created_by INTEGER REFERENCES staff(id),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    topic_entered_at TEXT,
    homework_entered_at TEXT,
    updated_at TEXT
);
CREATE UNIQUE INDEX lessons_slot ON lessons(class_id, IFNULL(subgroup_id, 0), date, slot);
CREATE INDEX lessons_date ON lessons(date, class_id);
CREATE INDEX lessons_teacher ON lessons(teacher_id, date);
CREATE INDEX lessons_subject ON lessons(class_id, subject_id, date);

-- Marks. Never updated or deleted in place (R-NO-CORRECTION): a correction is a new row
-- with corrects_id and a reason. Current marks belong to a lesson; period/year/exam/final
-- marks belong to a period (Y for year/exam/final).
CREATE TABLE marks (
    id INTEGER PRIMARY KEY,
    student_id INTEGER NOT NULL REFERENCES students(id),
    subject_id INTEGER NOT NULL REFERENCES subjects(id),
    kind TEXT NOT NULL DEFAULT 'current',
    lesson_id INTEGER REFERENCES lessons(id),
    period_id INTEGER REFERENCES periods(id),
    value TEXT NOT NULL,
    work_type TEXT REFERENCES work_types(code),
    comment TEXT NOT NULL DEFAULT '',
    corrects_id INTEGER REFERENCES marks(id),
    correction_reason TEXT NOT NULL DEFAULT '',
    created_by INTEGER NOT NULL REFERENCES staff(id),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX marks_student ON marks(student_id, subject_id);
CREATE INDEX marks_lesson ON marks(lesson_id);
CREATE INDEX marks_corrects ON marks(corrects_id);
CREATE INDEX marks_period ON marks(period_id, subject_id);

-- Attendance: 'н' from the subject teacher (R-ABSENCE-MARK); the class teacher turns it
-- into a reason Б/У/Н/О (R-ABSENCE-REASON).
CREATE TABLE attendance (
    id INTEGER PRIMARY KEY,
    lesson_id INTEGER NOT NULL REFERENCES lessons(id),
    student_id INTEGER NOT NULL REFERENCES students(id),
    code TEXT NOT NULL DEFAULT 'н',
    created_by INTEGER NOT NULL REFERENCES staff(id),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    reason_set_by INTEGER REFERENCES staff(id),
    reason_set_at TEXT,
    UNIQUE (lesson_id, student_id)
);
CREATE INDEX attendance_student ON attendance(student_id);

-- Remarks, praise and notes to the family (R-COMMENT).
CREATE TABLE comments (
    id INTEGER PRIMARY KEY,
    student_id INTEGER NOT NULL REFERENCES students(id),
    lesson_id INTEGER REFERENCES lessons(id),
    kind TEXT NOT NULL DEFAULT 'note' CHECK (kind IN ('remark', 'praise', 'note')),
    text TEXT NOT NULL,
    to_family INTEGER NOT NULL DEFAULT 1 CHECK (to_family IN (0, 1)),
    created_by INTEGER NOT NULL REFERENCES staff(id),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX comments_student ON comments(student_id);

-- Class and school events (class_id NULL = the whole school).
CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    date TEXT NOT NULL,
    starts_at TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    place TEXT NOT NULL DEFAULT '',
    class_id INTEGER REFERENCES classes(id),
    public INTEGER NOT NULL DEFAULT 1 CHECK (public IN (0, 1))
);

-- The consultation schedule (H-SCHEDULE).
CREATE TABLE consultations (
    id INTEGER PRIMARY KEY,
    staff_id INTEGER NOT NULL REFERENCES staff(id),
    room TEXT NOT NULL,
    weekday INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 6),
    starts_at TEXT NOT NULL,
    ends_at TEXT NOT NULL,
    topics TEXT NOT NULL
);

-- The register of questions, remarks and proposals (H-REQUESTS, H-SUPPORT-INFO).
CREATE TABLE support_requests (
    id INTEGER PRIMARY KEY,
    asked_on TEXT NOT NULL,
    asked_by TEXT NOT NULL,
    role TEXT NOT NULL,
    login TEXT NOT NULL DEFAULT '',
    question TEXT NOT NULL,
    answer TEXT NOT NULL DEFAULT '',
    answered_by INTEGER REFERENCES staff(id),
    answered_on TEXT,
    recorded_by INTEGER REFERENCES staff(id)
);
