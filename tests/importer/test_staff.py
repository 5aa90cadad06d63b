"""Importing staff: roles from Russian words, class-teacher duty, no duplicates."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.importer.helpers import query, refused, run_import, table_digests, write_csv
from tests.tiny_school import CLASS_5B, CLASS_10A, TinySchool

HEADER = ["Фамилия", "Имя", "Отчество", "Должность", "Роли", "Эл. почта", "Телефон",
          "Классное руководство"]
GROMOVA = ["Громова", "Ирина", "Викторовна", "учитель физики", "учитель, классный руководитель",
           "gromova@school7.ru", "+7 900 200-00-01", "5Б"]
PENKIN = ["Пенкин", "Олег", "Игоревич", "учитель физкультуры", "Учитель", "", "", "10А"]
ZAMOVA = ["Замова", "Вера", "Ильинична", "заместитель директора по ВР",
          "зам. директора; учитель", "", "8 (900) 200-00-03", ""]


def roles_of(school: TinySchool, surname: str) -> set[str]:
    """Role codes of the staff member with this surname."""
    return {row[0] for row in query(school, "SELECT r.role FROM staff_roles r JOIN staff s"
                                    " ON s.id = r.staff_id WHERE s.last_name = ?", surname)}


def staff_id(school: TinySchool, surname: str) -> int:
    """Id of the staff member with this surname."""
    return query(school, "SELECT id FROM staff WHERE last_name = ?", surname)[0][0]


@pytest.mark.parametrize(("encoding", "delimiter"), [("cp1251", ";"), ("utf-8-sig", ",")])
def test_a_valid_file_adds_staff_roles_and_class_teachers(
    tiny_school: TinySchool, tmp_path: Path, encoding: str, delimiter: str
) -> None:
    path = write_csv(tmp_path / "staff.csv", [HEADER, GROMOVA, PENKIN, ZAMOVA],
                     encoding=encoding, delimiter=delimiter)
    result = run_import(tiny_school, "staff", path)

    assert result.added == {"сотрудники": 3, "роли сотрудников": 6, "классное руководство": 2}
    assert roles_of(tiny_school, "Громова") == {"teacher", "class_teacher"}
    assert roles_of(tiny_school, "Пенкин") == {"teacher", "class_teacher"}  # added for 10А
    assert roles_of(tiny_school, "Замова") == {"deputy", "teacher"}
    teachers = dict(query(tiny_school, "SELECT id, class_teacher_id FROM classes"))
    assert teachers[CLASS_5B] == staff_id(tiny_school, "Громова")
    assert teachers[CLASS_10A] == staff_id(tiny_school, "Пенкин")
    assert query(tiny_school, "SELECT position, email, phone FROM staff WHERE last_name = ?",
                 "Громова") == [("учитель физики", "gromova@school7.ru", "+7 900 200-00-01")]
    assert "Строка 3: указано классное руководство 10А: добавлена роль «классный руководитель»." \
        in [str(notice) for notice in result.notices]


def test_a_file_with_bad_rows_writes_nothing_and_names_every_bad_line(
    tiny_school: TinySchool, tmp_path: Path
) -> None:
    rows = [
        HEADER,
        GROMOVA,                                                          # 2: good
        ["Пенкин", "Олег", "", "учитель", "физрук", "", "", ""],          # 3: unknown role
        ["", "Анна", "", "учитель", "учитель", "", "", ""],               # 4: no surname
        ["Новикова", "Ольга", "", "учитель", "учитель", "", "", "5А"],     # 5: 5А has one
        ["Новиков", "Олег", "", "учитель", "учитель", "novikov@", "12", ""],  # 6: e-mail, phone
        ["Громова", "Ирина", "Викторовна", "", "учитель", "", "", ""],    # 7: repeats line 2
        ["Яшин", "Лев", "", "учитель", "учитель", "", "", "5Б"],          # 8: 5Б taken on line 2
        ZAMOVA,                                                           # 9: good
    ]
    problems = refused(tiny_school, "staff", write_csv(tmp_path / "bad.csv", rows))

    assert sorted({problem.line for problem in problems}) == [3, 4, 5, 6, 7, 8]
    text = "\n".join(str(problem) for problem in problems)
    assert "Строка 3: «Роли» = «физрук»: роль «физрук» неизвестна. Допустимые роли:" in text
    assert "Строка 4: не заполнено «Фамилия»" in text
    assert ("Строка 5: «Классное руководство» = «5А»: у класса 5А уже есть классный "
            "руководитель Числова М. А.") in text
    assert "Строка 6: «Эл. почта» = «novikov@»: это не адрес электронной почты" in text
    assert "Строка 6: «Телефон» = «12»: это не номер телефона" in text
    assert "Строка 7: сотрудник Громова Ирина Викторовна уже есть в строке 2" in text
    assert "Строка 8: «Классное руководство» = «5Б»: класс 5Б уже отдан сотруднику из строки 2" \
        in text


def test_the_same_file_twice_adds_nothing_the_second_time(
    tiny_school: TinySchool, tmp_path: Path
) -> None:
    existing = ["Числова", "Мария", "Андреевна", "учитель математики", "учитель", "", "", ""]
    path = write_csv(tmp_path / "staff.csv", [HEADER, GROMOVA, existing])
    first = run_import(tiny_school, "staff", path)
    after_first = table_digests(tiny_school.path)

    again = run_import(tiny_school, "staff", path)

    assert first.added["сотрудники"] == 1 and first.skipped == {"сотрудники": 1}
    assert again.skipped == {"сотрудники": 2} and sum(again.added.values()) == 0
    assert table_digests(tiny_school.path) == after_first
    assert "Строка 2: сотрудник Громова Ирина Викторовна уже есть, пропущен." in [
        str(notice) for notice in again.notices]


def test_a_trigger_refusal_rolls_back_every_staff_row(
    tiny_school: TinySchool, tmp_path: Path
) -> None:
    conn = tiny_school.connect()
    conn.execute(
        "CREATE TRIGGER test_no_more_deputies BEFORE INSERT ON staff_roles"
        " WHEN NEW.role = 'deputy' BEGIN SELECT RAISE(ABORT,"
        " 'R-CREDENTIALS: роль заместителя директора выдаёт только администратор.'); END")
    conn.close()
    before = table_digests(tiny_school.path)

    problems = refused(tiny_school, "staff",
                       write_csv(tmp_path / "s.csv", [HEADER, GROMOVA, PENKIN, ZAMOVA]))

    assert table_digests(tiny_school.path) == before
    assert [problem.line for problem in problems] == [4]
    assert problems[0].text.startswith("R-CREDENTIALS: роль заместителя директора")
