"""Importing the timetable: references checked, no class or teacher in two places at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.importer.helpers import query, refused, run_import, table_digests, write_csv
from tests.tiny_school import (
    CLASS_5A,
    CLASS_5B,
    CLASS_10A,
    ENGLISH,
    GROUP_2,
    RUSSIAN,
    RUSSIAN_TEACHER,
    TinySchool,
)

HEADER = ["Класс", "Подгруппа", "Предмет", "Учитель", "День недели", "Урок", "Кабинет",
          "Действует с"]
RUSSIAN_5B = ["5Б", "", "Русский язык", "Буквин Роман Олегович", "Пн", "1", "206", ""]
ENGLISH_5A_G2 = ["5A", "2 группа", "Англ. яз.", "Буквин Р. О.", "понедельник", "2", "303",
                 "01.09.2026"]
RUSSIAN_10A_SAT = ["10А", "", "русский язык", "Буквин Р.О.", "Сб", "3", "310", ""]
MATH_5A_TUE = ["5А", "", "Математика", "Числова М.А.", "2", "1", "205", "2026-11-23"]


@pytest.mark.parametrize(("encoding", "delimiter"), [("cp1251", ";"), ("utf-8-sig", ",")])
def test_a_valid_file_adds_lessons_and_teacher_assignments(
    tiny_school: TinySchool, tmp_path: Path, encoding: str, delimiter: str
) -> None:
    path = write_csv(tmp_path / "tt.csv",
                     [HEADER, RUSSIAN_5B, ENGLISH_5A_G2, RUSSIAN_10A_SAT, MATH_5A_TUE],
                     encoding=encoding, delimiter=delimiter)
    result = run_import(tiny_school, "timetable", path)

    assert result.added == {"расписание (уроки в неделю)": 4,
                            "закрепление учителей за классами": 3}
    stored = query(tiny_school, "SELECT class_id, subgroup_id, subject_id, teacher_id, weekday,"
                   " slot, room, valid_from FROM timetable WHERE teacher_id = ? ORDER BY id",
                   RUSSIAN_TEACHER)
    assert stored[1:] == [
        (CLASS_5B, None, RUSSIAN, RUSSIAN_TEACHER, 1, 1, "206", "2026-09-01"),
        (CLASS_5A, GROUP_2, ENGLISH, RUSSIAN_TEACHER, 1, 2, "303", "2026-09-01"),
        (CLASS_10A, None, RUSSIAN, RUSSIAN_TEACHER, 6, 3, "310", "2026-09-01"),
    ]
    assert query(tiny_school, "SELECT weekday, slot, valid_from FROM timetable"
                 " WHERE class_id = ? AND weekday = 2", CLASS_5A) == [(2, 1, "2026-11-23")]
    assert (CLASS_5A, ENGLISH, GROUP_2) in query(
        tiny_school, "SELECT class_id, subject_id, subgroup_id FROM teaching_assignments"
        " WHERE teacher_id = ?", RUSSIAN_TEACHER)


def test_a_file_with_bad_rows_writes_nothing_and_names_every_bad_line(
    tiny_school: TinySchool, tmp_path: Path
) -> None:
    rows = [
        HEADER,
        RUSSIAN_5B,                                                               # 2: good
        ["7В", "", "Математика", "Числова М. А.", "Ср", "1", "", ""],             # 3
        ["5А", "", "Литературное чтение", "Числова М. А.", "Ср", "1", "", ""],    # 4
        ["5Б", "", "Математика", "Числова М. А.", "Пн", "1", "", ""],             # 5
        ["10А", "", "Русский язык", "Буквин Р. О.", "Пн", "1", "", ""],           # 6
        ["1А", "", "Литературное чтение", "Числова М. А.", "Пн", "1", "", ""],    # 7
        ["5Б", "", "Математика", "Числова М. А.", "Сб", "1", "", ""],             # 8
        ["5Б", "", "Математика", "Петров П. П.", "Чт", "1", "", ""],              # 9
        ["5А", "3", "Английский язык", "Лингвова Е. В.", "Чт", "1", "", ""],      # 10
        ["5А", "", "Русский язык", "Буквин Р. О.", "Пн", "2", "", ""],            # 11
        ["5А", "", "Русский язык", "Буквин Р. О.", "Пт", "9", "", ""],            # 12
        ["5А", "", "Русский язык", "Буквин Р. О.", "Пт", "5", "", ""],            # 13: good
    ]
    problems = refused(tiny_school, "timetable", write_csv(tmp_path / "bad.csv", rows))

    assert sorted({problem.line for problem in problems}) == list(range(3, 13))
    text = "\n".join(str(problem) for problem in problems)
    assert "Строка 3: «Класс» = «7В»: класса 7В нет в 2026/27 учебном году" in text
    assert ("Строка 4: «Предмет» = «Литературное чтение»: этого предмета нет в учебном плане "
            "5-х классов") in text
    assert ("Строка 5: у класса 5Б в понедельник на 1-м уроке уже стоит «Русский язык» "
            "(строка 2)") in text
    assert ("Строка 6: учитель Буквин Р. О. в понедельник на 1-м уроке уже ведёт урок в 5Б "
            "(строка 2)") in text
    assert ("Строка 7: учитель Числова М. А. в понедельник на 1-м уроке уже ведёт урок в 5А "
            "(уже в расписании в базе)") in text
    assert "Строка 8: «День недели» = «Сб»: класс 5Б учится пять дней в неделю" in text
    assert "Строка 9: «Учитель» = «Петров П. П.»: такого сотрудника нет в базе" in text
    assert ("Строка 10: «Подгруппа» = «3»: такой подгруппы у класса 5А по предмету "
            "«Английский язык» нет (есть «1 группа», «2 группа»)") in text
    assert ("Строка 11: у класса 5А в понедельник на 2-м уроке уже стоит «Английский язык» "
            "(уже в расписании в базе)") in text
    assert "Строка 12: «Урок» = «9»: урока с таким номером нет в расписании звонков" in text


def test_the_same_file_twice_adds_nothing_the_second_time(
    tiny_school: TinySchool, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "tt.csv", [HEADER, RUSSIAN_5B, ENGLISH_5A_G2, RUSSIAN_10A_SAT])
    run_import(tiny_school, "timetable", path)
    after_first = table_digests(tiny_school.path)

    again = run_import(tiny_school, "timetable", path)

    assert table_digests(tiny_school.path) == after_first
    assert again.skipped == {"расписание (уроки в неделю)": 3}
    assert sum(again.added.values()) == 0


def test_an_ambiguous_teacher_surname_is_refused(tiny_school: TinySchool, tmp_path: Path) -> None:
    conn = tiny_school.connect()
    conn.execute("INSERT INTO staff (id, last_name, first_name, middle_name)"
                 " VALUES (50, 'Буквин', 'Антон', 'Олегович')")
    conn.execute("INSERT INTO staff_roles (staff_id, role) VALUES (50, 'teacher')")
    conn.close()
    rows = [HEADER, ["5Б", "", "Русский язык", "Буквин", "Пн", "1", "", ""],
            ["5Б", "", "Русский язык", "Буквин А. О.", "Пн", "4", "", ""]]
    problems = refused(tiny_school, "timetable", write_csv(tmp_path / "tt.csv", rows))
    assert [str(problem) for problem in problems] == [
        "Строка 2: «Учитель» = «Буквин»: так можно назвать нескольких сотрудников "
        "(Буквин Р. О., Буквин А. О.). Напишите фамилию, имя и отчество полностью."]


def test_a_trigger_refusal_rolls_back_every_lesson(tiny_school: TinySchool, tmp_path: Path) -> None:
    conn = tiny_school.connect()
    conn.execute(
        "CREATE TRIGGER test_no_saturday BEFORE INSERT ON timetable WHEN NEW.weekday = 6"
        " BEGIN SELECT RAISE(ABORT, 'R-PERIODS: по субботам школа закрыта на ремонт.'); END")
    conn.close()
    path = write_csv(tmp_path / "tt.csv", [HEADER, RUSSIAN_5B, ENGLISH_5A_G2, RUSSIAN_10A_SAT])

    problems = refused(tiny_school, "timetable", path)

    assert [str(problem) for problem in problems] == [
        "Строка 4: R-PERIODS: по субботам школа закрыта на ремонт. База данных отклонила эту "
        "строку, поэтому весь файл не загружен."]
