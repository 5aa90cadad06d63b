"""Importing students: families, guardians, class enrolment; refusals change nothing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ejsync.importer.problems import ImportRefused
from tests.importer.helpers import query, refused, run_import, table_digests, write_csv
from tests.tiny_school import CLASS_1A, CLASS_5A, CLASS_5B, CLASS_10A, TinySchool

HEADER = ["Фамилия", "Имя", "Отчество", "Дата рождения", "Пол", "Класс", "Дата зачисления",
          "Семья", "Законный представитель", "Кем приходится", "Телефон", "Эл. почта",
          "Электронный доступ"]
ORLOV = ["Орлов", "Иван", "Петрович", "12.04.2015", "м", "5A", "", "",
         "Орлова Анна Ивановна", "мать", "+7 900 111-22-33", "orlova@mail.ru", "да"]
ORLOVA = ["Орлова", "Мария", "Петровна", "03.02.2019", "ж", "1А", "", "",
          "Орлова Анна Ивановна", "мать", "+7 900 111-22-33", "", ""]
ZAYTSEV = ["Зайцев", "Глеб", "", "2010-07-07", "м", "10 а", "16.11.2026", "",
           "Зайцев Олег Ильич", "отец", "8 900 111-22-44", "", "нет"]
BELOVA = ["Белова", "Ксения", "Андреевна", "21.09.2014", "ж", "5Б", "", "", "", "", "", "", ""]


def students_named(school: TinySchool, *surnames: str) -> dict[str, tuple]:
    """Surname → (birth date, gender, family id, class id, enrolled from) of stored students."""
    marks = ",".join("?" * len(surnames))
    rows = query(school, "SELECT s.last_name, s.birth_date, s.gender, s.family_id, e.class_id,"
                 " e.from_date FROM students s JOIN enrollments e ON e.student_id = s.id"
                 f" WHERE s.last_name IN ({marks})", *surnames)
    return {row[0]: row[1:] for row in rows}


@pytest.mark.parametrize(("encoding", "delimiter"), [("cp1251", ";"), ("utf-8-sig", ",")])
def test_a_valid_file_adds_students_families_and_guardians(
    tiny_school: TinySchool, tmp_path: Path, encoding: str, delimiter: str
) -> None:
    path = write_csv(tmp_path / "students.csv", [HEADER, ORLOV, ORLOVA, ZAYTSEV, BELOVA],
                     encoding=encoding, delimiter=delimiter)
    result = run_import(tiny_school, "students", path)

    assert result.added == {"ученики": 4, "семьи": 3, "законные представители": 2,
                            "зачисления в классы": 4}
    stored = students_named(tiny_school, "Орлов", "Орлова", "Зайцев", "Белова")
    assert stored["Орлов"][:2] == ("2015-04-12", "м")
    assert stored["Орлов"][3:] == (CLASS_5A, "2026-09-01")  # the Latin 'A' read as 'А'
    assert stored["Орлова"][3] == CLASS_1A
    assert stored["Зайцев"][3:] == (CLASS_10A, "2026-11-16")
    assert stored["Белова"][3] == CLASS_5B
    assert stored["Орлов"][2] == stored["Орлова"][2]  # siblings share one family
    families = dict(query(tiny_school, "SELECT title, electronic_access FROM families"))
    assert families["Семья Орловых"] == 1 and families["Семья Зайцевых"] == 0
    assert families["Семья Беловых"] == 1
    new_logins = [row[0] for row in query(tiny_school, "SELECT login FROM families WHERE title IN"
                                          " ('Семья Орловых', 'Семья Зайцевых', 'Семья Беловых')")]
    assert all(re.fullmatch(r"[a-z2-9]{4}-[a-z2-9]{4}", login) for login in new_logins)
    assert query(tiny_school, "SELECT last_name, relation, phone FROM guardians g"
                 " JOIN families f ON f.id = g.family_id WHERE f.title = 'Семья Орловых'") == [
        ("Орлова", "мать", "+7 900 111-22-33")]
    notices = [str(notice) for notice in result.notices]
    assert "Строка 2: класс «5A» записан латинской буквой, принят как «5А»." in notices
    assert any(n.startswith("Строка 4: R-OFFLINE-FAMILY") for n in notices)
    assert result.encoding == {"cp1251": "Windows-1251", "utf-8-sig": "UTF-8 (с BOM)"}[encoding]


def test_columns_in_any_order_with_synonyms_caps_and_an_existing_family(
    tiny_school: TinySchool, tmp_path: Path
) -> None:
    header = ["  класс ", "ФАМИЛИЯ ученика", "имя", "Дата рожд.", "логин семьи", "E-mail",
              "Примечание"]
    rows = [header, ["5б", "ПОПОВ", "ДЕНИС", "30.01.2015", "ivanovy", "", "переведён"]]
    result = run_import(tiny_school, "students", write_csv(tmp_path / "s.csv", rows))

    assert result.added["семьи"] == 0
    assert students_named(tiny_school, "Попов")["Попов"][2:4] == (1, CLASS_5B)
    assert any("«Примечание» не используется" in str(n) for n in result.notices)


def test_a_file_with_bad_rows_writes_nothing_and_names_every_bad_line(
    tiny_school: TinySchool, tmp_path: Path
) -> None:
    rows = [
        HEADER,
        ORLOV,                                                      # 2: good
        [*ORLOVA[:3], "31.02.2019", *ORLOVA[4:]],                   # 3: no such date
        ZAYTSEV,                                                    # 4: good
        [*BELOVA[:5], "7В", *BELOVA[6:]],                           # 5: unknown class
        ["5", "4/5", "", "н", "", "5Б", "", "", "", "", "", "", ""],  # 6: marks in name columns
        ["", "Пётр", "", "01.01.2015", "м", "5Б", *[""] * 7],       # 7: no surname
        ORLOV,                                                      # 8: repeats line 2
    ]
    problems = refused(tiny_school, "students", write_csv(tmp_path / "bad.csv", rows))

    assert sorted({problem.line for problem in problems}) == [3, 5, 6, 7, 8]
    text = "\n".join(str(problem) for problem in problems)
    assert "Строка 3: «Дата рождения» = «31.02.2019»: такой даты нет в календаре" in text
    assert "Строка 5: «Класс» = «7В»: класса 7В нет в 2026/27 учебном году" in text
    assert "Строка 6: «Фамилия» = «5»: здесь должно быть слово из букв" in text
    assert "Строка 6: «Дата рождения» = «н»: это не дата" in text
    assert "Строка 7: не заполнено «Фамилия» (например, Иванов)" in text
    assert "Строка 8: ученик Орлов Иван Петрович, 12.04.2015, уже есть в строке 2" in text


def test_sibling_rows_must_agree_on_electronic_access(
    tiny_school: TinySchool, tmp_path: Path
) -> None:
    sibling = [*ORLOVA[:12], "нет"]
    problems = refused(tiny_school, "students",
                       write_csv(tmp_path / "s.csv", [HEADER, ORLOV, sibling]))
    assert [problem.line for problem in problems] == [3]
    assert "в строке 2 указано «да»" in problems[0].text


def test_the_same_file_twice_adds_nothing_the_second_time(
    tiny_school: TinySchool, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "s.csv", [HEADER, ORLOV, ORLOVA, ZAYTSEV])
    run_import(tiny_school, "students", path)
    after_first = table_digests(tiny_school.path)

    again = run_import(tiny_school, "students", path)

    assert table_digests(tiny_school.path) == after_first
    assert sum(again.added.values()) == 0
    assert again.skipped == {"ученики": 3}
    assert "Строка 3: ученик Орлова Мария Петровна (03.02.2019) уже есть, пропущен." in [
        str(notice) for notice in again.notices]


def test_a_new_sibling_later_joins_the_stored_family_by_guardian(
    tiny_school: TinySchool, tmp_path: Path
) -> None:
    run_import(tiny_school, "students", write_csv(tmp_path / "a.csv", [HEADER, ORLOV]))
    run_import(tiny_school, "students", write_csv(tmp_path / "b.csv", [HEADER, ORLOVA]))
    stored = students_named(tiny_school, "Орлов", "Орлова")
    assert stored["Орлов"][2] == stored["Орлова"][2]
    assert query(tiny_school, "SELECT count(*) FROM guardians WHERE last_name = 'Орлова'") == [
        (1,)]


def test_a_trigger_refusal_rolls_back_the_whole_file(
    tiny_school: TinySchool, tmp_path: Path
) -> None:
    conn = tiny_school.connect()
    conn.execute(
        "CREATE TRIGGER test_closed_class BEFORE INSERT ON enrollments WHEN NEW.class_id = 4"
        " BEGIN SELECT RAISE(ABORT, 'R-CLASS-LIST: в этот класс зачисление закрыто.'); END")
    conn.close()
    path = write_csv(tmp_path / "s.csv", [HEADER, ORLOV, ORLOVA, ZAYTSEV, BELOVA])
    before = table_digests(tiny_school.path)

    with pytest.raises(ImportRefused) as caught:
        run_import(tiny_school, "students", path)

    assert table_digests(tiny_school.path) == before
    assert [str(problem) for problem in caught.value.problems] == [
        "Строка 4: R-CLASS-LIST: в этот класс зачисление закрыто. База данных отклонила эту "
        "строку, поэтому весь файл не загружен."]


def test_a_dry_run_reports_what_it_would_add_and_writes_nothing(
    tiny_school: TinySchool, tmp_path: Path
) -> None:
    before = table_digests(tiny_school.path)
    result = run_import(tiny_school, "students",
                        write_csv(tmp_path / "s.csv", [HEADER, ORLOV, ORLOVA]), dry_run=True)
    assert result.added["ученики"] == 2 and result.added["семьи"] == 1
    assert table_digests(tiny_school.path) == before


def test_a_regional_export_with_one_fio_column_and_a_title_row(
    tiny_school: TinySchool, tmp_path: Path
) -> None:
    rows = [["Список обучающихся на 01.09.2026", "", "", ""],
            ["№", "ФИО обучающегося", "Дата рождения", "Класс"],
            ["1", "Белова Ксения Андреевна", "2014-09-21", "5 «Б»"],
            ["2", "Ким Алина", "15.05.2016", "5А"],
            ["3", "Ким", "15.05.2016", "5А"]]
    problems = refused(tiny_school, "students",
                       write_csv(tmp_path / "s.csv", rows, encoding="cp1251"))
    assert [str(problem) for problem in problems] == [
        "Строка 5: «ФИО» = «Ким»: укажите фамилию, имя и отчество полностью через пробел."]

    result = run_import(tiny_school, "students", write_csv(tmp_path / "ok.csv", rows[:4]))

    assert result.added["ученики"] == 2
    assert students_named(tiny_school, "Белова")["Белова"][3] == CLASS_5B
    assert query(tiny_school, "SELECT first_name, middle_name FROM students"
                 " WHERE last_name = 'Ким'") == [("Алина", "")]


def test_a_stored_student_in_another_class_is_skipped_with_a_hint(
    tiny_school: TinySchool, tmp_path: Path
) -> None:
    run_import(tiny_school, "students", write_csv(tmp_path / "a.csv", [HEADER, ORLOV]))
    moved = [*ORLOV[:5], "5Б", *ORLOV[6:]]
    result = run_import(tiny_school, "students", write_csv(tmp_path / "b.csv", [HEADER, moved]))
    assert result.skipped == {"ученики": 1}
    assert any("В журнале он числится в 5А, в файле указан 5Б" in str(n) for n in result.notices)
    assert students_named(tiny_school, "Орлов")["Орлов"][3] == CLASS_5A


def test_the_family_column_groups_rows_and_every_new_family_gets_a_random_login(
    tiny_school: TinySchool, tmp_path: Path
) -> None:
    other_orlovs = ["Орлов", "Пётр", "", "01.01.2016", "м", "5Б", "", "orlovy", "", "", "", "",
                    ""]
    rows = [HEADER, ORLOV, ORLOVA, other_orlovs]
    run_import(tiny_school, "students", write_csv(tmp_path / "s.csv", rows))
    families = dict(query(tiny_school, "SELECT s.first_name, f.login FROM students s"
                          " JOIN families f ON f.id = s.family_id WHERE s.last_name LIKE 'Орлов%'"))
    assert families["Иван"] == families["Мария"] != families["Пётр"]
    assert "orlovy" not in families.values()  # a login never comes from a name
    assert all(re.fullmatch(r"[a-z2-9]{4}-[a-z2-9]{4}", login) for login in families.values())
