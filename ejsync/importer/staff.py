"""Import staff members with their roles and class-teacher duty."""

from __future__ import annotations

import re
import sqlite3
from collections import Counter
from dataclasses import dataclass

from ejsync.importer import sql
from ejsync.importer.cells import Cells
from ejsync.importer.classes import ClassFinder
from ejsync.importer.kinds import ImportKind, Plan
from ejsync.importer.parsing import full_name, name_key, parse_email, parse_phone
from ejsync.importer.people import short_name
from ejsync.importer.problems import FieldError, Problems
from ejsync.importer.reader import Column, Row, header_key

COLUMNS = (
    Column("last_name", "Фамилия", True, ("фамилия сотрудника",), "Числова", ("full_name",)),
    Column("first_name", "Имя", True, ("имя сотрудника",), "Мария", ("full_name",)),
    Column("middle_name", "Отчество", False, ("отчество сотрудника",)),
    Column("full_name", "ФИО", False, ("фио сотрудника", "сотрудник", "фио работника"),
           "Числова Мария Андреевна"),
    Column("position", "Должность", False, ("занимаемая должность",), "учитель математики"),
    Column("roles", "Роли", True, ("роль", "роли в журнале", "права", "права доступа"),
           "учитель, классный руководитель"),
    Column("email", "Эл. почта", False, ("e-mail", "email", "электронная почта", "почта"),
           "chislova@school7.ru"),
    Column("phone", "Телефон", False, ("тел", "мобильный телефон"), "+7 900 123-45-67"),
    Column("homeroom", "Классное руководство", False,
           ("классный руководитель класса", "кл руководство", "руководитель класса"), "5А"),
)
# Russian role names (normalised as headers are) → role codes of `staff_roles`.
ROLES = {
    "учитель": "teacher", "педагог": "teacher", "преподаватель": "teacher",
    "классный руководитель": "class_teacher", "кл руководитель": "class_teacher",
    "заместитель директора": "deputy", "зам директора": "deputy", "завуч": "deputy",
    "заместитель": "deputy",
    "администратор": "admin", "администратор эж": "admin", "админ": "admin",
    "администратор журнала": "admin",
    "директор": "director", "секретарь": "secretary", "делопроизводитель": "secretary",
}
ROLE_TITLES = ("учитель, классный руководитель, заместитель директора, администратор, "
               "директор, секретарь")
STAFF, ROLES_TABLE, HOMEROOMS = "сотрудники", "роли сотрудников", "классное руководство"


@dataclass(frozen=True)
class StaffRecord:
    """One staff member to add."""

    line: int
    last: str
    first: str
    middle: str
    position: str
    email: str
    phone: str
    roles: tuple[str, ...]
    homeroom_class_id: int | None


def parse_roles(text: str) -> tuple[str, ...]:
    """'Учитель, классный руководитель' → ('teacher', 'class_teacher')."""
    codes: list[str] = []
    for part in re.split(r"[,;/]+", text):
        word = header_key(part)
        if not word:
            continue
        if word not in ROLES:
            raise FieldError(f"роль «{part.strip()}» неизвестна. Допустимые роли: {ROLE_TITLES} "
                             "(через запятую).")
        if ROLES[word] not in codes:
            codes.append(ROLES[word])
    if not codes:
        raise FieldError(f"укажите хотя бы одну роль: {ROLE_TITLES}.")
    return tuple(codes)


def plan(rows: list[Row], conn: sqlite3.Connection, problems: Problems) -> Plan:
    """Validate every row; what a valid file adds and who is already stored."""
    year = sql.current_year(conn)
    finder = ClassFinder(sql.classes_of_year(conn, year["id"]), year["name"])
    staff = sql.staff_with_roles(conn)
    stored = {name_key(r["last_name"], r["first_name"], r["middle_name"]) for r in staff}
    staff_by_id = {row["id"]: row for row in staff}
    seen: dict[str, int] = {}
    homerooms: dict[int, int] = {}  # class id → line that takes it
    result = Plan()
    for row in rows:
        cells = Cells(row, COLUMNS, problems)
        last, first, middle = cells.person()
        position = " ".join(cells.raw("position").split())
        roles = cells.parse("roles", parse_roles, required=True)
        email = cells.parse("email", parse_email) or ""
        phone = cells.parse("phone", parse_phone) or ""
        found = cells.parse("homeroom", finder.find)
        if found and found[1]:
            cells.notice(found[1])
        if not cells.ok or roles is None:
            continue
        key, person = name_key(last, first, middle), full_name(last, first, middle)
        if key in seen:
            cells.fail(f"сотрудник {person} уже есть в строке {seen[key]} этого "
                       "файла. Удалите повторную строку.")
            continue
        seen[key] = row.line
        if key in stored:
            cells.notice(f"сотрудник {person} уже есть, пропущен.")
            result.skipped[STAFF] += 1
            continue
        class_id = None
        if found:
            klass = found[0]
            class_id = klass["id"]
            if klass["class_teacher_id"] is not None:
                holder = short_name(staff_by_id[klass["class_teacher_id"]])
                cells.fail(cells.describe(
                    "homeroom", f"у класса {klass['name']} уже есть классный руководитель "
                    f"{holder}. Уберите класс из этой строки или сначала освободите класс."))
                continue
            if class_id in homerooms:
                cells.fail(cells.describe(
                    "homeroom", f"класс {klass['name']} уже отдан сотруднику из строки "
                    f"{homerooms[class_id]}. У класса один классный руководитель."))
                continue
            homerooms[class_id] = row.line
            if "class_teacher" not in roles:
                roles = (*roles, "class_teacher")
                cells.notice(f"указано классное руководство {klass['name']}: добавлена роль "
                             "«классный руководитель».")
        result.records.append(
            StaffRecord(row.line, last, first, middle, position, email, phone, roles, class_id))
    return result


def write(conn: sqlite3.Connection, record: StaffRecord, refs: dict[str, int]) -> Counter[str]:
    """Insert one staff member with roles and class-teacher duty."""
    staff_id = sql.insert_staff(conn, record.last, record.first, record.middle, record.position,
                                record.email, record.phone)
    for role in record.roles:
        sql.insert_staff_role(conn, staff_id, role)
    added = Counter({STAFF: 1, ROLES_TABLE: len(record.roles)})
    if record.homeroom_class_id is not None:
        sql.set_class_teacher(conn, record.homeroom_class_id, staff_id)
        added[HOMEROOMS] += 1
    return added


KIND = ImportKind("staff", "сотрудники", COLUMNS, (STAFF, ROLES_TABLE, HOMEROOMS), plan, write)
