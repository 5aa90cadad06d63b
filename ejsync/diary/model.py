"""Page models of a student's diary, computed from store rows; no HTML here."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from ejsync.diary import queries
from ejsync.diary.calendar import (
    Holiday,
    monday,
    week_mondays,
)
from ejsync.grading import (
    DEFAULT_ROUNDING_THRESHOLD,
)
from ejsync.store.periods import Period

ABSENCE_TITLES = {
    "н": "отсутствие, причина ещё не указана",
    "Б": "по болезни",
    "У": "по уважительной причине",
    "Н": "без уважительной причины",
    "О": "опоздание",
}
ABSENCE_ORDER = ("Б", "У", "Н", "н", "О")
COMMENT_TITLES = {"remark": "Замечание", "praise": "Похвала", "note": "Сообщение"}
FINAL_KINDS = {
    "period": "За период", "year": "Годовая", "exam": "Экзаменационная", "final": "Итоговая",
}


# ----------------------------------------------------------------- shared context


@dataclass
class SchoolContext:
    """Everything one build shares across classes: the school, the year, reference tables."""

    today: date
    school: sqlite3.Row | None
    settings: dict[str, str]
    year: sqlite3.Row
    periods: list[Period]
    holidays: list[Holiday]
    bells: dict[int, sqlite3.Row]
    staff: dict[int, sqlite3.Row]
    subjects: dict[int, sqlite3.Row]
    work_types: dict[str, sqlite3.Row]
    mark_titles: dict[str, str]
    curriculum: dict[int, list[int]]
    classes: dict[int, sqlite3.Row]
    consultations: list[sqlite3.Row]
    weeks: list[date]
    rows: dict[object, str] = field(default_factory=dict)  # rendered row parts, per class

    @property
    def marks_from_grade(self) -> int:
        """R-MARK-SCALE: the first grade that gets marks."""
        return int(self.settings.get("marks_from_grade", "2"))

    @property
    def rounding_threshold(self) -> float:
        """Where a forecast average rounds up."""
        return float(self.settings.get("rounding_threshold", DEFAULT_ROUNDING_THRESHOLD))

    @property
    def current_week_index(self) -> int:
        """Which of the year's weeks is the current one (clamped to the year)."""
        current = min(max(monday(self.today), self.weeks[0]), self.weeks[-1])
        return self.weeks.index(current)

    @property
    def current_week(self) -> queries.Span:
        """The first and last day of the current week: what a family's landing page shows."""
        first = self.weeks[self.current_week_index]
        return first.isoformat(), (first + timedelta(days=6)).isoformat()

    def staff_name(self, staff_id: int | None, *, short: bool = True) -> str:
        """'Числова М. А.' (or the full name)."""
        row = self.staff.get(staff_id) if staff_id is not None else None
        if row is None:
            return ""
        if not short:
            parts = (row["last_name"], row["first_name"], row["middle_name"])
            return " ".join(p for p in parts if p)
        initials = "".join(f" {p[0]}." for p in (row["first_name"], row["middle_name"]) if p)
        return row["last_name"] + initials


def load_school_context(conn: sqlite3.Connection, today: date) -> SchoolContext:
    """Read the reference data of the academic year holding `today`."""
    year = queries.academic_year(conn, today.isoformat())
    if year is None:
        raise LookupError("no academic year in the database")
    periods = [
        Period.from_row(r) for r in queries.periods(conn, year["id"])
    ]
    holidays = [
        Holiday(r["title"], date.fromisoformat(r["starts_on"]), date.fromisoformat(r["ends_on"]),
                r["grade_from"], r["grade_to"])
        for r in queries.holidays(conn, year["id"])
    ]
    year_start = date.fromisoformat(year["starts_on"])
    year_end = date.fromisoformat(year["ends_on"])
    last_week = min(max(today, year_start) + timedelta(days=7), year_end)
    return SchoolContext(
        today=today,
        school=queries.school(conn),
        settings=queries.settings(conn),
        year=year,
        periods=periods,
        holidays=holidays,
        bells=queries.bells(conn),
        staff=queries.staff(conn),
        subjects=queries.subjects(conn),
        work_types=queries.work_types(conn),
        mark_titles=queries.mark_titles(conn),
        curriculum=queries.curriculum(conn, year["id"]),
        classes=queries.classes(conn, year["id"]),
        consultations=queries.consultations(conn),
        weeks=week_mondays(year_start, last_week),
    )


@dataclass
class Enrollment:
    """A stretch of time a student spends in one class."""

    class_id: int
    from_date: date
    to_date: date | None

    def holds(self, day: date) -> bool:
        """Whether the student is in this class on `day`."""
        return self.from_date <= day and (self.to_date is None or day <= self.to_date)


@dataclass
class Student:
    """A student to build, with their enrollments of the year."""

    id: int
    last_name: str
    first_name: str
    middle_name: str
    family_id: int | None
    enrollments: list[Enrollment] = field(default_factory=list)

    @property
    def full_name(self) -> str:
        """'Иванов Артём Сергеевич'."""
        return " ".join(p for p in (self.last_name, self.first_name, self.middle_name) if p)

    def enrollment_on(self, day: date) -> Enrollment | None:
        """The class enrollment holding `day`."""
        return next((e for e in self.enrollments if e.holds(day)), None)

    def home_enrollment(self, today: date) -> Enrollment:
        """The enrollment of `today`, else the latest one begun, else the first."""
        begun = [e for e in self.enrollments if e.from_date <= today]
        return self.enrollment_on(today) or (begun[-1] if begun else self.enrollments[0])


def load_students(conn: sqlite3.Connection, year_id: int,
                  student_ids: Iterable[int] | None = None) -> dict[int, Student]:
    """Every student enrolled in a class of the year (of `student_ids` only, unless None),
    by id."""
    students: dict[int, Student] = {}
    for row in queries.enrollments(conn, year_id, student_ids):
        student = students.get(row["student_id"])
        if student is None:
            student = students[row["student_id"]] = Student(
                row["student_id"], row["last_name"], row["first_name"], row["middle_name"],
                row["family_id"],
            )
        student.enrollments.append(Enrollment(
            row["class_id"], date.fromisoformat(row["from_date"]),
            date.fromisoformat(row["to_date"]) if row["to_date"] else None,
        ))
    for student in students.values():
        student.enrollments.sort(key=lambda e: e.from_date)
    return students


@dataclass
class ClassContext:
    """What every student of one class shares: lessons, timetable, subgroups, events."""

    row: sqlite3.Row
    lessons_by_date: dict[date, list[sqlite3.Row]]
    timetable_by_weekday: dict[int, list[sqlite3.Row]]
    memberships: dict[int, list[sqlite3.Row]]
    events: list[sqlite3.Row]
    _teachers: dict[int, dict[tuple[int, int | None], list[int]]] = field(default_factory=dict)
    events_by_date: dict[str, list[sqlite3.Row]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for event in self.events:
            self.events_by_date.setdefault(event["date"], []).append(event)

    def teachers(self, period: Period) -> dict[tuple[int, int | None], list[int]]:
        """Regular teachers (not substitutes) by (subject, subgroup) of the period's lessons."""
        if period.id not in self._teachers:
            found: dict[tuple[int, int | None], list[int]] = {}
            for day, rows in self.lessons_by_date.items():
                if not period.holds(day):
                    continue
                for row in rows:
                    key = (row["subject_id"], row["subgroup_id"])
                    teachers = found.setdefault(key, [])
                    if row["scheduled_teacher_id"] not in teachers:
                        teachers.append(row["scheduled_teacher_id"])
            self._teachers[period.id] = found
        return self._teachers[period.id]

    def in_subgroup(self, student_id: int, subgroup_id: int | None, day: date) -> bool:
        """Whether a lesson of `subgroup_id` on `day` is the student's."""
        if subgroup_id is None:
            return True
        iso = day.isoformat()
        return any(
            m["subgroup_id"] == subgroup_id and m["from_date"] <= iso
            and (m["to_date"] is None or iso <= m["to_date"])
            for m in self.memberships.get(student_id, ())
        )


def load_class_context(conn: sqlite3.Connection, class_id: int, ctx: SchoolContext,
                       span: queries.Span = queries.EVER) -> ClassContext:
    """Read the shared data of one class in a few batched queries (lessons within `span`)."""
    lessons: dict[date, list[sqlite3.Row]] = defaultdict(list)
    for row in queries.class_lessons(conn, class_id, span):
        lessons[date.fromisoformat(row["date"])].append(row)
    timetable: dict[int, list[sqlite3.Row]] = defaultdict(list)
    for row in queries.class_timetable(conn, class_id):
        timetable[row["weekday"]].append(row)
    memberships: dict[int, list[sqlite3.Row]] = defaultdict(list)
    for row in queries.class_subgroup_members(conn, class_id):
        memberships[row["student_id"]].append(row)
    events = queries.class_events(conn, class_id, ctx.year["starts_on"], ctx.year["ends_on"])
    return ClassContext(ctx.classes[class_id], lessons, timetable, memberships, events)


@dataclass
class StudentRecords:
    """One student's own rows: marks (with corrections), absences, comments to the family."""

    marks: list[sqlite3.Row] = field(default_factory=list)
    absences: list[sqlite3.Row] = field(default_factory=list)
    comments: list[sqlite3.Row] = field(default_factory=list)


def load_records(conn: sqlite3.Connection, student_ids: list[int],
                 span: queries.Span = queries.EVER) -> dict[int, StudentRecords]:
    """The own rows of many students in three queries; with a `span`, only the rows of the
    lessons and days within it (no period or year marks)."""
    records: dict[int, StudentRecords] = {sid: StudentRecords() for sid in student_ids}
    marks = (queries.marks_of_students(conn, student_ids) if span == queries.EVER
             else queries.lesson_marks_of_students(conn, student_ids, span))
    for row in marks:
        records[row["student_id"]].marks.append(row)
    for row in queries.attendance_of_students(conn, student_ids, span):
        records[row["student_id"]].absences.append(row)
    for row in queries.family_comments_of_students(conn, student_ids, span):
        records[row["student_id"]].comments.append(row)
    return records


# ----------------------------------------------------------------- view models


@dataclass(frozen=True)
class Correction:
    """An earlier value of a corrected mark (R-NO-CORRECTION: the diary shows both)."""

    value: str
    reason: str
    corrected_on: str


@dataclass(frozen=True)
class MarkView:
    """A mark as the family sees it."""

    value: str
    meaning: str
    work_type: str
    weight: str
    date: str
    comment: str
    corrections: tuple[Correction, ...]


@dataclass(frozen=True)
class CommentView:
    """A remark, praise or note to the family."""

    kind: str
    title: str
    text: str
    author: str


@dataclass(frozen=True)
class SharedLesson:
    """What every student of a class (or subgroup) sees of one lesson."""

    slot: int
    time: str
    subject: str
    teacher: str
    substitute_for: str
    room: str
    topic: str
    homework: str
    control: str
    work_topic: str
    planned: bool


@dataclass(frozen=True)
class OwnCells:
    """A student's own part of a lesson row: comments, marks and absence; equal parts render
    to equal HTML, so they are rendered once per build of a class."""

    marks: tuple[MarkView, ...]
    absence: str
    absence_title: str
    comments: tuple[CommentView, ...]


NO_OWN_CELLS = OwnCells((), "", "", ())


@dataclass
class DayView:
    """One school day of the week view."""

    iso: str
    title: str
    holiday: str
    lessons: list[str]  # rendered rows (Markup), in slot order
    notes: list[CommentView]
    events: list[str]
    is_today: bool


@dataclass
class WeekLink:
    """A link to a week page."""

    href: str
    title: str
    current: bool


@dataclass
class Header:
    """What every page of a student shows at the top."""

    school: str
    student: str
    class_name: str
    as_of: str
    term: str
    subjects_href: str


@dataclass
class WeekPage:
    """The week view."""

    header: Header
    title: str
    days: list[str]  # each day's section, rendered (plain strings: a cheap fingerprint)
    previous: WeekLink | None
    next: WeekLink | None
    weeks: str  # the pre-rendered links to every week, shared by all students


@dataclass
class SubjectView:
    """A subject on the subjects view of a period."""

    name: str
    teachers: str
    marks: list[str]  # rendered, with their dates
    average: str
    forecast: str
    finals: list[tuple[str, MarkView]]


@dataclass
class PeriodLink:
    """A link to the subjects view of a period."""

    href: str
    title: str
    current: bool


@dataclass
class SubjectsPage:
    """The subjects view of one period."""

    header: Header
    period_title: str
    period_dates: str
    marks_given: bool
    forecast_note: str
    final_note: str
    subjects: list[SubjectView]
    periods: list[PeriodLink]


@dataclass
class ReportCardRow:
    """One subject of the year's report card."""

    name: str
    terms: list[str]
    finals: list[MarkView | None]


@dataclass
class ReportCardPage:
    """Period, year, exam and final marks of the year (the табель)."""

    header: Header
    marks_given: bool
    term_titles: list[str]
    final_titles: list[str]
    rows: list[ReportCardRow]
    periods: list[PeriodLink]


@dataclass
class AbsenceLine:
    """One missed lesson."""

    date: str
    subject: str
    code: str
    title: str


@dataclass
class AttendancePeriod:
    """Missed lessons of one period, counted by reason and listed."""

    title: str
    total: int
    by_reason: list[tuple[str, str, int]]
    by_subject: list[tuple[str, int]]
    lines: list[AbsenceLine]


@dataclass
class AttendancePage:
    """Attendance by period."""

    header: Header
    periods: list[AttendancePeriod]


@dataclass
class EventView:
    """An event of the class or the school."""

    date: str
    time: str
    title: str
    description: str
    place: str
    scope: str
    past: bool


@dataclass
class EventsPage:
    """Events of the class and the school."""

    header: Header
    upcoming: list[EventView]
    past: list[EventView]


@dataclass
class ConsultationView:
    """A consultation hour (H-SCHEDULE)."""

    who: str
    weekday: str
    time: str
    room: str
    topics: str


@dataclass
class InfoPage:
    """The class teacher, how to reach them and the school, the consultation schedule link."""

    header: Header
    class_teacher: str
    class_teacher_position: str
    class_teacher_email: str
    class_teacher_phone: str
    class_room: str
    consultations: list[ConsultationView]
    school_name: str
    school_address: str
    school_phone: str
    school_email: str
    schedule_url: str


WEEKDAYS = {1: "понедельник", 2: "вторник", 3: "среда", 4: "четверг", 5: "пятница", 6: "суббота"}
