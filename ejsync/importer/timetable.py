"""Import the weekly timetable: who teaches what, where and when, without clashes."""

from __future__ import annotations

import sqlite3
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date

from ejsync.importer import sql
from ejsync.importer.cells import Cells
from ejsync.importer.classes import ClassFinder
from ejsync.importer.kinds import ImportKind, Plan
from ejsync.importer.parsing import name_key, parse_date, parse_lesson_number, parse_weekday
from ejsync.importer.people import StaffFinder, short_name
from ejsync.importer.problems import FieldError, Problems
from ejsync.importer.reader import Column, Row

COLUMNS = (
    Column("class", "Класс", True, (), "5А"),
    Column("subgroup", "Подгруппа", False, ("группа", "номер подгруппы"), "1 группа"),
    Column("subject", "Предмет", True, ("дисциплина", "учебный предмет"), "Математика"),
    Column("teacher", "Учитель", True, ("фио учителя", "преподаватель", "педагог"),
           "Числова Мария Андреевна"),
    Column("weekday", "День недели", True, ("день",), "Пн"),
    Column("slot", "Урок", True, ("номер урока", "урок по счету"), "1"),
    Column("room", "Кабинет", False, ("каб", "кабинет номер", "аудитория"), "205"),
    Column("valid_from", "Действует с", False, ("дата начала", "с даты", "начало действия"),
           "01.09.2026"),
)
ON_WEEKDAY = {1: "в понедельник", 2: "во вторник", 3: "в среду", 4: "в четверг",
              5: "в пятницу", 6: "в субботу"}
TIMETABLE, ASSIGNMENTS = "расписание (уроки в неделю)", "закрепление учителей за классами"
FAR_FUTURE = "9999-12-31"


@dataclass(frozen=True)
class Lesson:
    """A weekly lesson, stored (`line` None) or from the file."""

    class_id: int
    subgroup_id: int | None
    subject_id: int
    teacher_id: int
    weekday: int
    slot: int
    valid_from: str
    valid_to: str | None
    line: int | None
    room: str = ""

    def overlaps(self, other: Lesson) -> bool:
        """Both are in force on some common date."""
        return (self.valid_from <= (other.valid_to or FAR_FUTURE)
                and other.valid_from <= (self.valid_to or FAR_FUTURE))

    def same_class_group(self, other: Lesson) -> bool:
        """Both need the same pupils: one is for the whole class, or both for one subgroup."""
        return self.class_id == other.class_id and (
            self.subgroup_id is None or other.subgroup_id is None
            or self.subgroup_id == other.subgroup_id)

    def same_lesson(self, other: Lesson) -> bool:
        """The same class, subgroup, subject and teacher."""
        return (self.class_id, self.subgroup_id, self.subject_id, self.teacher_id) == (
            other.class_id, other.subgroup_id, other.subject_id, other.teacher_id)


class References:
    """The stored classes, subjects, curriculum, staff, subgroups and bells a file refers to."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.year = sql.current_year(conn)
        self.classes = ClassFinder(sql.classes_of_year(conn, self.year["id"]), self.year["name"])
        self.class_names = {row["id"]: row["name"] for row in self.classes.by_name.values()}
        self.subject_rows = sql.subjects(conn)
        self.subjects = {name_key(row[field]): row for row in self.subject_rows
                         for field in ("short_name", "name")}
        self.curriculum = sql.curriculum_pairs(conn, self.year["id"])
        staff = sql.staff_with_roles(conn)
        self.staff = StaffFinder(staff)
        self.staff_by_id = {row["id"]: row for row in staff}
        self.subgroups: defaultdict[tuple[int, int], list[sqlite3.Row]] = defaultdict(list)
        for row in sql.subgroups_of_year(conn, self.year["id"]):
            self.subgroups[(row["class_id"], row["subject_id"])].append(row)
        self.slots = sql.bell_slots(conn)

    def subject(self, text: str) -> sqlite3.Row:
        """A subject by its name or short name."""
        row = self.subjects.get(name_key(text))
        if row is None:
            known = ", ".join(row["name"] for row in self.subject_rows)
            raise FieldError(f"такого предмета нет в справочнике (есть: {known}). "
                             "Напишите название предмета как в учебном плане.")
        return row

    def teacher(self, text: str) -> sqlite3.Row:
        """A staff member with the teacher role."""
        row = self.staff.find(text)
        if "teacher" not in row["roles"].split(","):
            raise FieldError(f"у сотрудника {short_name(row)} нет роли «учитель». Добавьте ему "
                             "роль или укажите другого учителя.")
        return row

    def slot(self, text: str) -> int:
        """A lesson number of the bell schedule."""
        number = parse_lesson_number(text)
        if number not in self.slots:
            raise FieldError(f"урока с таким номером нет в расписании звонков (есть уроки "
                             f"{self.slots[0]}–{self.slots[-1]}). Исправьте номер урока.")
        return number

    def subgroup(self, text: str, class_row: sqlite3.Row, subject: sqlite3.Row) -> sqlite3.Row:
        """The subgroup of this class and subject named `text` ('1 группа' or just '1')."""
        groups = self.subgroups[(class_row["id"], subject["id"])]
        wanted = name_key(text)
        for group in groups:
            name = name_key(group["name"])
            if wanted == name or (wanted.isdigit() and name.split()[:1] == [wanted]):
                return group
        known = ", ".join(f"«{group['name']}»" for group in groups)
        where = f"есть {known}" if groups else "подгрупп нет"
        raise FieldError(f"такой подгруппы у класса {class_row['name']} по предмету "
                         f"«{subject['name']}» нет ({where}). Исправьте подгруппу или оставьте "
                         "ячейку пустой, если урок у всего класса.")


def plan(rows: list[Row], conn: sqlite3.Connection, problems: Problems) -> Plan:
    """Validate every row and check clashes within the file and against the stored timetable."""
    refs = References(conn)
    year_start, year_end = refs.year["starts_on"], refs.year["ends_on"]
    occupied: defaultdict[tuple[int, int], list[Lesson]] = defaultdict(list)
    for row in sql.timetable_of_year(conn, refs.year["id"]):
        occupied[(row["weekday"], row["slot"])].append(Lesson(
            row["class_id"], row["subgroup_id"], row["subject_id"], row["teacher_id"],
            row["weekday"], row["slot"], row["valid_from"], row["valid_to"], None, row["room"]))
    result = Plan()
    for row in rows:
        cells = Cells(row, COLUMNS, problems)
        lesson = _parse_row(cells, refs, year_start, year_end)
        if lesson is None:
            continue
        here = occupied[(lesson.weekday, lesson.slot)]
        if any(other.line is None and other.same_lesson(lesson) and other.overlaps(lesson)
               for other in here):
            cells.notice("этот урок уже есть в расписании, пропущен.")
            result.skipped[TIMETABLE] += 1
            continue
        clashes = _clashes(lesson, here, refs)
        for clash in clashes:
            cells.fail(clash)
        if clashes:
            continue
        here.append(lesson)
        result.records.append(lesson)
    return result


def _parse_row(cells: Cells, refs: References, year_start: str, year_end: str) -> Lesson | None:
    """The lesson a row describes, or None (with its problems recorded)."""
    found = cells.parse("class", refs.classes.find, required=True)
    if found and found[1]:
        cells.notice(found[1])
    subject = cells.parse("subject", refs.subject, required=True)
    teacher = cells.parse("teacher", refs.teacher, required=True)
    weekday = cells.parse("weekday", parse_weekday, required=True)
    slot = cells.parse("slot", refs.slot, required=True)
    valid_from = cells.parse("valid_from", parse_date) or date.fromisoformat(year_start)
    room = " ".join(cells.raw("room").split())
    if not (year_start <= valid_from.isoformat() <= year_end):
        cells.fail(cells.describe("valid_from", f"дата вне {refs.year['name']} учебного года. "
                                  "Укажите дату этого учебного года или оставьте ячейку пустой."))
    if not cells.ok or found is None or subject is None or teacher is None:
        return None
    class_row = found[0]
    if (class_row["grade"], subject["id"]) not in refs.curriculum:
        cells.fail(cells.describe("subject", f"этого предмета нет в учебном плане "
                                  f"{class_row['grade']}-х классов. Проверьте предмет и класс."))
    if weekday == 6 and class_row["week_days"] == 5:
        cells.fail(cells.describe("weekday", f"класс {class_row['name']} учится пять дней в "
                                  "неделю, в субботу уроков нет. Исправьте день недели."))
    subgroup = None
    if cells.raw("subgroup"):
        subgroup = cells.parse("subgroup", lambda text: refs.subgroup(text, class_row, subject))
    if not cells.ok or weekday is None or slot is None:
        return None
    return Lesson(class_row["id"], subgroup["id"] if subgroup else None, subject["id"],
                  teacher["id"], weekday, slot, valid_from.isoformat(), None, cells.line, room)


def _clashes(lesson: Lesson, here: list[Lesson], refs: References) -> list[str]:
    """Why `lesson` cannot be at its weekday and slot: the class and the teacher are busy."""
    when = f"{ON_WEEKDAY[lesson.weekday]} на {lesson.slot}-м уроке"
    at_same_time = [other for other in here if other.overlaps(lesson)]
    found = []
    pupils_busy = next((o for o in at_same_time if o.same_class_group(lesson)), None)
    if pupils_busy:
        group = "класса" if lesson.subgroup_id is None else "этой подгруппы"
        subject = next(row["name"] for row in refs.subject_rows
                       if row["id"] == pupils_busy.subject_id)
        found.append(
            f"у {group} {refs.class_names[lesson.class_id]} {when} уже стоит «{subject}» "
            f"({_where(pupils_busy)}). Ученики не могут быть на двух уроках сразу: исправьте "
            "день или номер урока, а повторную строку удалите.")
    teacher_busy = next((o for o in at_same_time if o.teacher_id == lesson.teacher_id), None)
    if teacher_busy:
        found.append(
            f"учитель {short_name(refs.staff_by_id[lesson.teacher_id])} {when} уже ведёт урок "
            f"в {refs.class_names[teacher_busy.class_id]} ({_where(teacher_busy)}). Учитель не "
            "может быть в двух местах сразу: исправьте учителя, день или номер урока.")
    return found


def _where(lesson: Lesson) -> str:
    return f"строка {lesson.line}" if lesson.line else "уже в расписании в базе"


def write(conn: sqlite3.Connection, lesson: Lesson, refs: dict[str, int]) -> Counter[str]:
    """Insert one weekly lesson and the teacher's assignment to the class it implies."""
    sql.insert_timetable_row(conn, lesson.class_id, lesson.subgroup_id, lesson.subject_id,
                             lesson.teacher_id, lesson.weekday, lesson.slot, lesson.room,
                             lesson.valid_from)
    added = Counter({TIMETABLE: 1})
    if sql.ensure_teaching_assignment(conn, lesson.class_id, lesson.subject_id,
                                      lesson.subgroup_id, lesson.teacher_id):
        added[ASSIGNMENTS] += 1
    return added


KIND = ImportKind("timetable", "расписание", COLUMNS, (TIMETABLE, ASSIGNMENTS), plan, write)
