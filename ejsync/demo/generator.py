"""`generate_demo`: a whole realistic school year in a fresh database, deterministic per seed."""

from __future__ import annotations

import random
import sqlite3
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from ejsync.demo import extras, foundation
from ejsync.demo.buildings import build_timetable, plan_school
from ejsync.demo.clock import Calendar
from ejsync.demo.family_activity import write_family_activity
from ejsync.demo.finals import Finals
from ejsync.demo.journal import Journal
from ejsync.demo.names import NameMaker
from ejsync.demo.people import make_families, move_pupils
from ejsync.demo.writer import write_attendance, write_comments, write_lessons, write_marks
from ejsync.errors import UserError
from ejsync.store import connect, migrate, transaction
from ejsync.store.seed import load_school_year

MIN_STUDENTS, MAX_STUDENTS = 50, 10_000
# Four school weeks per transaction, a 64 MiB page cache, and temporary data (SQLite's
# per-statement undo journal, needed because every insert runs triggers that may abort) in
# memory rather than in a temp file: the same triggers run for every row, at far fewer
# system calls.
WEEKS_PER_TRANSACTION = 4
CACHE_KIB = 65536
SUMMARY_TABLES = (
    "staff", "staff_roles", "subjects", "curriculum", "classes", "families", "guardians",
    "students", "enrollments", "subgroups", "subgroup_members", "teaching_assignments",
    "timetable", "thematic_plan", "lessons", "marks", "attendance", "comments", "events",
    "consultations", "support_requests", "diary_views", "acknowledgements", "changes",
)


@dataclass
class DemoSummary:
    """What `generate_demo` wrote."""

    db_path: Path
    seed: int
    classes: int
    students: int
    families: int
    offline_families: int
    first_day: date
    last_day: date
    rows: dict[str, int] = field(default_factory=dict)
    substitutions: int = 0
    corrections: int = 0


def generate_demo(db_path: Path, *, students: int = 800, seed: int = 1,
                  until: date | None = None, progress: bool = True) -> DemoSummary:
    """Create the demo school in a new database at `db_path`, journal up to `until` (today)."""
    until = until or date.today()
    check_size(students)
    conn = connect(db_path)
    conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    conn.execute("PRAGMA temp_store = MEMORY")  # the statement journal, not the data
    try:
        migrate(conn)
        if conn.execute("SELECT count(*) FROM school").fetchone()[0]:
            raise UserError(f"В базе {db_path} уже есть школа: укажите новый файл.")
        return _generate(conn, Path(db_path), students, seed, until, progress)
    finally:
        conn.close()


def check_size(students: int) -> None:
    """Refuse a school too small for 11 grades or larger than the largest school complexes."""
    if not MIN_STUDENTS <= students <= MAX_STUDENTS:
        raise UserError(
            f"Число учеников {students} вне допустимого: демонстрационная школа строится "
            f"на {MIN_STUDENTS}–{MAX_STUDENTS} учеников. Укажите --students в этих пределах."
        )


def _generate(conn: sqlite3.Connection, db_path: Path, students: int, seed: int, until: date,
              show: bool) -> DemoSummary:
    rng = random.Random(seed)
    names = NameMaker(rng)
    with transaction(conn):
        load_school_year(conn)
    calendar = Calendar(conn)
    until = min(until, calendar.year.ends_on)
    work_types = {r["code"]: (r["kind"], r["weight"])
                  for r in conn.execute("SELECT code, kind, weight FROM work_types")}
    school, families, pupils, subgroup_ids, slots = _build_school(students, rng, names)
    move_pupils(pupils, until, rng)
    weeks = foundation.school_weeks(calendar.year.starts_on, min(until, calendar.year.ends_on))
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), disable=not show,
                  transient=False) as bar:
        task = bar.add_task("Школа: люди, учебный план, расписание", total=len(weeks) + 2)
        with transaction(conn):
            foundation.write_school(conn)
            foundation.write_staff(conn, school)
            foundation.write_curriculum(conn, school)
            foundation.write_classes(conn, school)
            foundation.write_people(conn, families, pupils)
            foundation.write_groups(conn, school, pupils, subgroup_ids)
            foundation.write_timetable(conn, school, slots, subgroup_ids)
            plans = foundation.write_plans(conn, school, subgroup_ids, rng)
        bar.advance(task)
        journal = Journal(school, pupils, calendar, slots, plans, subgroup_ids, work_types,
                          until, rng)
        finals = Finals(journal, {(t.class_id, t.subject_id, t.group_index): t.teacher_id
                                  for t in school.teaching})
        for first in range(0, len(weeks), WEEKS_PER_TRANSACTION):
            with transaction(conn):
                for monday in weeks[first:first + WEEKS_PER_TRANSACTION]:
                    bar.update(task, description=f"Журнал: неделя с {monday:%d.%m.%Y}")
                    _write_week(conn, journal, finals, calendar, monday, until)
                    bar.advance(task)
        bar.update(task, description="События, консультации, обращения, просмотры дневника")
        with transaction(conn):
            extras.write_events(conn, school, calendar, rng)
            extras.write_consultations(conn, school)
            extras.write_support_requests(conn, school, families, pupils, calendar, until, rng)
            write_family_activity(conn, families, pupils, school.classes, calendar, until, rng)
        bar.advance(task)
    return _summary(conn, db_path, seed, until, calendar, journal)


def _write_week(conn: sqlite3.Connection, journal: Journal, finals: Finals, calendar: Calendar,
                monday: date, until: date) -> None:
    """The journal of one school week, and the final marks of periods ending in it."""
    rows = journal.week(monday)
    write_lessons(conn, rows.lessons)
    write_attendance(conn, rows.attendance, rows.reasons)
    write_marks(conn, rows.marks)
    write_comments(conn, rows.comments)
    for period in calendar.periods:
        if monday <= period.ends_on <= until and (period.ends_on - monday).days < 7:
            if period.code == "Y":
                write_marks(conn, finals.year(period))
            else:
                write_marks(conn, finals.term(period))
    write_comments(conn, finals.notes)
    finals.notes.clear()


def _build_school(students: int, rng: random.Random, names: NameMaker):
    school = plan_school(students, rng, names)
    families, pupils = make_families(school.classes, names, rng)
    subgroup_ids = foundation.make_subgroups(school)
    slots = build_timetable(school, rng)
    return school, families, pupils, subgroup_ids, slots


def _summary(conn: sqlite3.Connection, db_path: Path, seed: int, until: date,
             calendar: Calendar, journal: Journal) -> DemoSummary:
    count = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
    return DemoSummary(
        db_path=db_path, seed=seed,
        classes=count("SELECT count(*) FROM classes"),
        students=count("SELECT count(*) FROM students"),
        families=count("SELECT count(*) FROM families"),
        offline_families=count("SELECT count(*) FROM families WHERE electronic_access = 0"),
        first_day=calendar.year.starts_on, last_day=until,
        rows={t: count(f"SELECT count(*) FROM {t}") for t in SUMMARY_TABLES},
        substitutions=journal.stats["substitutions"], corrections=journal.stats["corrections"],
    )
