"""Which pages of which students a range of the change log changes.

Each kind of row maps to the pages that show it: a current mark to the week page of its
lesson and the subjects page of that period; an absence to its week page and the attendance
page; a comment to its week page; a lesson's topic or homework to that week's page of the
students of its class (or subgroup) on that day. Tables the diary never shows map to nothing.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from ejsync.diary import queries
from ejsync.diary.selection import (
    ATTENDANCE,
    EVENTS,
    EVERY_PAGE,
    EVERY_SUBJECTS_PAGE,
    EVERY_WEEK,
    NOTHING,
    RESULTS,
    PageSelection,
    subjects_of,
    summaries,
    weeks_of,
)

# Tables whose change rows name the one student whose every page they may change.
STUDENT_TABLES = {"enrollments", "subgroup_members", "students", "diary_tokens"}
# Tables whose change rows name a class (or everyone, without one): every page of its students.
CLASS_TABLES = {"classes", "subgroups"}
# Tables the diary never shows (their change rows are for the checks, the gate, the staff).
UNSHOWN_TABLES = {"staff_roles", "support_requests", "family_printouts", "violation_waivers",
                  "acknowledgements", "families", "guardians", "teaching_assignments",
                  "thematic_plan"}


@dataclass
class Affected:
    """The pages to rebuild: of every student (`everyone`) and of some students."""

    everyone: PageSelection = NOTHING
    students: dict[int, PageSelection] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.everyone) or any(self.students.values())

    @property
    def ids(self) -> set[int]:
        """The students with pages of their own to rebuild."""
        return {sid for sid, selection in self.students.items() if selection}

    def add(self, student_ids: Iterable[int], selection: PageSelection) -> None:
        """Rebuild `selection` of these students too."""
        for student_id in student_ids:
            self.students[student_id] = self.students.get(student_id, NOTHING) | selection

    def selection_of(self, student_id: int) -> PageSelection:
        """Every page of `student_id` to rebuild."""
        return self.everyone | self.students.get(student_id, NOTHING)

    def selections(self) -> dict[int, PageSelection]:
        """The pages of each student named on their own (the others: `everyone`), in the order
        of their first change."""
        return {sid: self.selection_of(sid) for sid, own in self.students.items() if own}

    def __or__(self, other: Affected) -> Affected:
        united = Affected(self.everyone | other.everyone, dict(self.students))
        for student_id, selection in other.students.items():
            united.add([student_id], selection)
        return united

    def without(self, student_ids: Iterable[int]) -> Affected:
        """These pages but those of `student_ids`."""
        dropped = set(student_ids)
        return Affected(self.everyone, {sid: selection for sid, selection
                                        in self.students.items() if sid not in dropped})

    def weeks_apart(self) -> tuple[Affected, Affected] | None:
        """The week pages, and the other pages, of some students' changed weeks; None when
        the pages of everyone or of every week change (those are built as one)."""
        if self.everyone or any(s.weeks is None for s in self.students.values()):
            return None
        return (Affected(NOTHING, {sid: s.week_pages for sid, s in self.students.items()}),
                Affected(NOTHING, {sid: s.other_pages for sid, s in self.students.items()
                                   if s.other_pages}))


def last_change_id(conn: sqlite3.Connection) -> int:
    """The newest id of the change log (0 when empty)."""
    return conn.execute("SELECT IFNULL(MAX(id), 0) FROM changes").fetchone()[0]


def log_mark(conn: sqlite3.Connection, change_id: int) -> str:
    """What identifies change `change_id` beyond its number: its time, table, row and kind.

    A database restored from a backup (or replaced) numbers its new changes again from where
    the backup ended: the same id then marks another change, and a build notices."""
    if change_id <= 0:
        return ""
    row = conn.execute("SELECT at, tbl, row_id, op FROM changes WHERE id = ?",
                       (change_id,)).fetchone()
    return "" if row is None else f"{row[0]} {row[1]} {row[2]} {row[3]}"


def read_changes(conn: sqlite3.Connection, since: int, until: int) -> list[sqlite3.Row]:
    """Change rows with since < id <= until, in order."""
    return conn.execute(
        "SELECT * FROM changes WHERE id > ? AND id <= ? ORDER BY id", (since, until)
    ).fetchall()


def _day(change: sqlite3.Row) -> date | None:
    return date.fromisoformat(change["day"]) if change["day"] else None


def affected_students(conn: sqlite3.Connection, changes: list[sqlite3.Row]) -> Affected:
    """Map change rows to the pages whose content they change."""
    result = Affected()
    marks = queries.mark_details(conn, {c["row_id"] for c in changes if c["tbl"] == "marks"})
    moved = _moved_lessons(changes)
    for change in changes:
        table = change["tbl"]
        if table in UNSHOWN_TABLES:
            continue
        if table == "marks":
            result.add([change["student_id"]], _mark_pages(conn, change, marks))
        elif table == "attendance":
            day = _day(change)
            result.add([change["student_id"]],
                       (weeks_of(day) if day else EVERY_WEEK) | summaries(ATTENDANCE))
        elif table == "comments":
            if change["op"] == "INSERT" and not queries.comment_to_family(conn, change["row_id"]):
                continue  # a note for staff only: no page shows it
            day = _day(change)
            result.add([change["student_id"]], weeks_of(day) if day else EVERY_WEEK)
        elif table == "lessons":
            result.add(_class_students(conn, change),
                       _lesson_pages(conn, change, change["row_id"] in moved))
        elif table == "events":
            _to_class(conn, result, change, EVERY_WEEK | summaries(EVENTS))
        elif table == "timetable":  # the lessons still to come on the week pages
            _to_class(conn, result, change, EVERY_WEEK)
        elif table in STUDENT_TABLES and change["student_id"] is not None:
            result.add([change["student_id"]], EVERY_PAGE)
        elif table in CLASS_TABLES:
            _to_class(conn, result, change, EVERY_PAGE)
        else:  # the school, settings, periods, staff, subjects, consultations ...
            result.everyone = EVERY_PAGE
    return result


def _to_class(conn: sqlite3.Connection, result: Affected, change: sqlite3.Row,
              selection: PageSelection) -> None:
    """`selection` of the students of the change's class; of everyone without a class."""
    if change["class_id"] is None:
        result.everyone |= selection
    else:
        result.add(_class_students(conn, change), selection)


def _mark_pages(conn: sqlite3.Connection, change: sqlite3.Row,
                marks: dict[int, sqlite3.Row]) -> PageSelection:
    """A current mark: its week and period; a period mark: its period and the report card;
    a year, exam or final mark: the report card. A subject outside the curriculum adds a row
    to every subjects page and the report card."""
    mark = marks.get(change["row_id"])
    day = _day(change)
    if mark is None:  # gone: what it showed on is unknown, except its day
        return (weeks_of(day) if day else NOTHING) | EVERY_SUBJECTS_PAGE | summaries(RESULTS)
    if mark["kind"] == "current":
        pages = (weeks_of(day) | subjects_of(day)) if day else NOTHING
    elif mark["kind"] == "period":
        pages = subjects_of(date.fromisoformat(mark["period_ends_on"])) | summaries(RESULTS)
    else:
        pages = summaries(RESULTS)
    if queries.outside_curriculum(conn, mark["student_id"], mark["subject_id"]):
        pages |= EVERY_SUBJECTS_PAGE | summaries(RESULTS)
    return pages


def _lesson_pages(conn: sqlite3.Connection, change: sqlite3.Row, moved: bool) -> PageSelection:
    """A lesson's week page; a new, removed or moved lesson may also change the teachers on
    the subjects page of its period and the absences listed on the attendance page."""
    day = _day(change)
    if day is None:  # logged without a day (its subject or teacher changed): everything
        return EVERY_PAGE
    pages = weeks_of(day)
    if change["op"] == "DELETE" or moved:
        return pages | subjects_of(day) | summaries(ATTENDANCE)
    if change["op"] == "INSERT" and not queries.teacher_already_listed(conn, change["row_id"]):
        return pages | subjects_of(day)
    return pages


def _moved_lessons(changes: list[sqlite3.Row]) -> set[int]:
    """Lessons logged at more than one place (date, class, subgroup) within the range."""
    places: dict[int, set[tuple]] = defaultdict(set)
    for change in changes:
        if change["tbl"] == "lessons":
            places[change["row_id"]].add((change["day"], change["class_id"],
                                          change["subgroup_id"]))
    return {lesson for lesson, seen in places.items() if len(seen) > 1}


def _class_students(conn: sqlite3.Connection, change: sqlite3.Row) -> set[int]:
    """Students of the change's class (and subgroup) on the lesson's date, or ever."""
    day = change["day"] if change["tbl"] == "lessons" else None
    subgroup = change["subgroup_id"] if change["tbl"] != "subgroups" else None
    return queries.class_students(conn, change["class_id"], subgroup, day)
