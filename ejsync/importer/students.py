"""Import students with their class, family and guardians."""

from __future__ import annotations

import sqlite3
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from ejsync.importer import sql
from ejsync.importer.cells import Cells
from ejsync.importer.classes import ClassFinder
from ejsync.importer.families import LOGIN, family_title
from ejsync.importer.kinds import ImportKind, Plan
from ejsync.importer.parsing import (
    FullName,
    full_name,
    name_key,
    parse_date,
    parse_email,
    parse_full_name,
    parse_gender,
    parse_phone,
    parse_yes_no,
    phone_key,
)
from ejsync.importer.problems import Problems
from ejsync.importer.reader import Column, Row
from ejsync.render import plural
from ejsync.store.clock import school_today
from ejsync.store.families import unused_family_login

COLUMNS = (
    Column("last_name", "Фамилия", True, ("фамилия ученика", "фамилия обучающегося"), "Иванов",
           ("full_name",)),
    Column("first_name", "Имя", True, ("имя ученика", "имя обучающегося"), "Артём", ("full_name",)),
    Column("middle_name", "Отчество", False, ("отчество ученика", "отчество обучающегося")),
    Column("full_name", "ФИО", False, ("фио ученика", "фио обучающегося", "ученик", "обучающийся"),
           "Иванов Артём Сергеевич"),
    Column("birth_date", "Дата рождения", True, ("дата рожд", "др", "день рождения"),
           "05.03.2015"),
    Column("gender", "Пол", False, (), "м"),
    Column("class", "Класс", True, ("класс ученика", "класс обучающегося"), "5А"),
    Column("enrolled_on", "Дата зачисления", False,
           ("зачислен", "дата поступления", "дата прибытия", "в классе с"), "01.09.2026"),
    Column("family", "Семья", False, ("логин семьи", "семья логин", "логин"), "ivanovy"),
    Column("guardian", "Законный представитель", False,
           ("родитель", "представитель", "фио родителя", "фио представителя",
            "родитель законный представитель", "фио законного представителя"),
           "Иванова Ольга Петровна"),
    Column("relation", "Кем приходится", False, ("степень родства", "родство", "кем является"),
           "мать"),
    Column("phone", "Телефон", False,
           ("телефон представителя", "телефон родителя", "тел", "мобильный телефон"),
           "+7 900 123-45-67"),
    Column("email", "Эл. почта", False,
           ("e-mail", "email", "электронная почта", "почта", "эл адрес"), "ivanova@mail.ru"),
    Column("access", "Электронный доступ", False,
           ("эл доступ", "электронный дневник", "доступ к электронному дневнику",
            "согласие на электронный дневник"), "да"),
)
MIN_AGE, MAX_AGE = 5, 20
STUDENTS, FAMILIES, GUARDIANS, ENROLLMENTS = (
    "ученики", "семьи", "законные представители", "зачисления в классы")


@dataclass
class NewFamily:
    """A family the file creates; its children's rows share this object."""

    login: str
    title: str
    electronic_access: bool
    access_line: int | None  # the line that set the access choice, if any


@dataclass(frozen=True)
class NewGuardian:
    """A guardian to add to the student's family."""

    name: FullName
    relation: str
    phone: str
    email: str


@dataclass
class StudentRecord:
    """One student to add."""

    line: int
    last: str
    first: str
    middle: str
    birth_date: date
    gender: str
    class_id: int
    enrolled_on: date
    family: NewFamily | int
    guardian: NewGuardian | None = None


@dataclass
class Families:
    """Which family each row belongs to: a stored one or a new one shared by siblings."""

    by_login: dict[str, sqlite3.Row]
    by_id: dict[int, sqlite3.Row]
    by_guardian: dict[tuple[str, str], int] = field(default_factory=dict)
    guardian_names: defaultdict[int | str, set[str]] = field(
        default_factory=lambda: defaultdict(set))
    new: dict[tuple, NewFamily] = field(default_factory=dict)
    taken_logins: set[str] = field(default_factory=set)

    @classmethod
    def load(cls, conn: sqlite3.Connection, rows: list[Row]) -> Families:
        """The stored families and guardians; the file's own logins are reserved."""
        stored = sql.families(conn)
        families = cls({row["login"]: row for row in stored}, {row["id"]: row for row in stored})
        families.taken_logins = set(families.by_login) | {
            login for row in rows if LOGIN.match(login := row.get("family").lower())}
        for row in sql.guardians(conn):
            key = name_key(row["last_name"], row["first_name"], row["middle_name"])
            families.by_guardian[(key, phone_key(row["phone"]))] = row["family_id"]
            families.guardian_names[row["family_id"]].add(key)
        return families

    def resolve(
        self, cells: Cells, surname: str, guardian: FullName | None, phone: str,
        access: bool | None,
    ) -> NewFamily | int:
        """The family of this row (a stored family's id, or a new family)."""
        text = cells.raw("family")
        login: str | None = text.lower() if LOGIN.match(text.lower()) else None
        if login in self.by_login:
            return self._stored(cells, self.by_login[login], access)
        if text:
            key: tuple = ("family", login or name_key(text))
        elif guardian is not None:
            key = ("guardian", name_key(str(guardian)), phone_key(phone))
            if key[1:] in self.by_guardian:
                return self._stored(cells, self.by_id[self.by_guardian[key[1:]]], access)
        else:
            key = ("row", cells.line)
        family = self.new.get(key)
        if family is None:
            # A new family's login is random whatever the file calls the family.
            family = NewFamily(unused_family_login(self.taken_logins), family_title(surname),
                               True if access is None else access,
                               None if access is None else cells.line)
            self.new[key] = family
        elif access is not None and family.access_line is None:
            family.electronic_access, family.access_line = access, cells.line
        elif access is not None and access != family.electronic_access:
            cells.fail(cells.describe(
                "access",
                f"для этой же семьи в строке {family.access_line} указано "
                f"«{_yes_no(family.electronic_access)}». Укажите одинаково для всех детей семьи.",
            ))
        return family

    @staticmethod
    def _stored(cells: Cells, row: sqlite3.Row, access: bool | None) -> int:
        if access is not None and access != bool(row["electronic_access"]):
            cells.notice(cells.describe(
                "access",
                f"семья «{row['title']}» ({row['login']}) уже есть в базе с электронным доступом "
                f"«{_yes_no(bool(row['electronic_access']))}»; импорт его не меняет. "
                "Если семья изменила выбор, исправьте это в карточке семьи.",
            ))
        return row["id"]

    def guardian_is_new(self, family: NewFamily | int, guardian: FullName) -> bool:
        """True the first time this guardian is named for this family."""
        names = self.guardian_names[family if isinstance(family, int) else family.login]
        key = name_key(str(guardian))
        if key in names:
            return False
        names.add(key)
        return True


def _yes_no(value: bool) -> str:
    return "да" if value else "нет"


def plan(rows: list[Row], conn: sqlite3.Connection, problems: Problems) -> Plan:
    """Validate every row; what a valid file adds and which students are already stored."""
    year = sql.current_year(conn)
    year_start = date.fromisoformat(year["starts_on"])
    year_end = date.fromisoformat(year["ends_on"])
    today = school_today(conn)
    finder = ClassFinder(sql.classes_of_year(conn, year["id"]), year["name"])
    stored = {(name_key(r["last_name"], r["first_name"], r["middle_name"]), r["birth_date"]):
              r["class_name"] for r in sql.students_with_classes(conn, today.isoformat())}
    families = Families.load(conn, rows)
    seen: dict[tuple[str, str], int] = {}
    result = Plan()
    for row in rows:
        cells = Cells(row, COLUMNS, problems)
        last, first, middle = cells.person()
        birth = cells.parse("birth_date", parse_date, required=True)
        if birth is not None:
            _check_age(cells, birth, year_start, today)
        gender = cells.parse("gender", parse_gender) or ""
        found = cells.parse("class", finder.find, required=True)
        if found and found[1]:
            cells.notice(found[1])
        enrolled = cells.parse("enrolled_on", parse_date) or year_start
        if enrolled > year_end:
            cells.fail(cells.describe(
                "enrolled_on", f"дата позже конца учебного года {year['name']} "
                f"({year_end:%d.%m.%Y}). Укажите дату зачисления в этом учебном году."))
        elif enrolled < year_start:
            cells.notice(cells.describe(
                "enrolled_on", f"дата раньше начала учебного года; в классе ученик числится "
                f"с {year_start:%d.%m.%Y}."))
            enrolled = year_start
        guardian = cells.parse("guardian", parse_full_name)
        phone = cells.parse("phone", parse_phone) or ""
        email = cells.parse("email", parse_email) or ""
        relation = " ".join(cells.raw("relation").lower().split())
        access = cells.parse("access", lambda text: parse_yes_no(text, default=True))
        if guardian is None and not cells.raw("guardian") and (phone or email or relation):
            cells.fail("телефон, почта или «Кем приходится» указаны, но не указан законный "
                       "представитель. Заполните «Законный представитель» (ФИО полностью).")
        if guardian is not None and guardian.fixed_lookalikes:
            cells.notice(cells.describe(
                "guardian", f"латинские буквы заменены русскими: «{guardian}»."))
        if not cells.ok or birth is None or found is None:
            continue
        key = (name_key(last, first, middle), birth.isoformat())
        person = full_name(last, first, middle)
        if key in seen:
            cells.fail(f"ученик {person}, {birth:%d.%m.%Y}, уже есть в строке "
                       f"{seen[key]} этого файла. Удалите повторную строку.")
            continue
        seen[key] = row.line
        if key in stored:
            cells.notice(f"ученик {person} ({birth:%d.%m.%Y}) уже есть, пропущен."
                         + _moved(stored[key], found[0]["name"]))
            result.skipped[STUDENTS] += 1
            continue
        family = families.resolve(cells, last, guardian, phone, access)
        new_guardian = None
        if guardian is not None and families.guardian_is_new(family, guardian):
            new_guardian = NewGuardian(guardian, relation or "законный представитель", phone, email)
        result.records.append(StudentRecord(
            row.line, last, first, middle, birth, gender, found[0]["id"], enrolled, family,
            new_guardian))
    _notice_offline(result, problems)
    return result


def _moved(stored_class: str | None, file_class: str) -> str:
    """A hint when the file puts a stored student in another class than the journal does."""
    if stored_class in (None, file_class):
        return ""
    return (f" В журнале он числится в {stored_class}, в файле указан {file_class}: перевод "
            "импорт не выполняет, оформите его в журнале (выбытие и зачисление).")


def _check_age(cells: Cells, birth: date, year_start: date, today: date) -> None:
    if birth >= today:
        cells.fail(cells.describe("birth_date", "дата рождения ещё не наступила. Проверьте год."))
        return
    age = year_start.year - birth.year - ((year_start.month, year_start.day)
                                          < (birth.month, birth.day))
    if not MIN_AGE <= age <= MAX_AGE:
        cells.fail(cells.describe(
            "birth_date", f"к началу учебного года ученику {plural(age, 'год', 'года', 'лет')}, "
            f"а в школе учатся дети от {MIN_AGE} до {MAX_AGE} лет. Проверьте год рождения."))


def _notice_offline(result: Plan, problems: Problems) -> None:
    """Say which new families declined electronic access (R-OFFLINE-FAMILY)."""
    noticed: set[str] = set()
    for record in result.records:
        family = record.family
        if isinstance(family, NewFamily) and not family.electronic_access \
                and family.login not in noticed:
            noticed.add(family.login)
            problems.notice(record.line, (
                f"R-OFFLINE-FAMILY: «{family.title}» отказалась от электронного доступа; "
                "классный руководитель выдаёт ей распечатку результатов."))


def write(conn: sqlite3.Connection, record: StudentRecord, refs: dict[str, int]) -> Counter[str]:
    """Insert one student with the new family and guardian it brings."""
    added: Counter[str] = Counter()
    family = record.family
    if isinstance(family, NewFamily):
        if family.login not in refs:
            refs[family.login] = sql.insert_family(
                conn, family.title, family.login, family.electronic_access)
            added[FAMILIES] += 1
        family_id = refs[family.login]
    else:
        family_id = family
    if record.guardian is not None:
        guardian = record.guardian
        sql.insert_guardian(conn, family_id, guardian.name.last, guardian.name.first,
                            guardian.name.middle, guardian.relation, guardian.phone,
                            guardian.email)
        added[GUARDIANS] += 1
    student_id = sql.insert_student(conn, record.last, record.first, record.middle,
                                    record.birth_date.isoformat(), record.gender, family_id)
    sql.insert_enrollment(conn, student_id, record.class_id, record.enrolled_on.isoformat())
    added[STUDENTS] += 1
    added[ENROLLMENTS] += 1
    return added


KIND = ImportKind("students", "ученики", COLUMNS, (STUDENTS, FAMILIES, GUARDIANS, ENROLLMENTS),
                  plan, write)
