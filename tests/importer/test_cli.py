"""`ejsync import` as a real process, and the shipped example files."""

from __future__ import annotations

from pathlib import Path

from ejsync.config import PROJECT_ROOT
from tests.importer.helpers import query, run_cli, table_digests, write_csv
from tests.tiny_school import TinySchool

EXAMPLES = PROJECT_ROOT / "examples" / "import"


def test_the_example_files_import_in_order_and_a_second_run_adds_nothing(
    tiny_school: TinySchool,
) -> None:
    for kind in ("staff", "timetable", "students"):
        done = run_cli("import", kind, EXAMPLES / f"{kind}.csv", "--db", tiny_school.path)
        assert done.returncode == 0, done.stdout + done.stderr
        assert "Загружено" in done.stdout
    assert query(tiny_school, "SELECT count(*) FROM students") == [(15,)]
    after_first = table_digests(tiny_school.path)

    again = run_cli("import", "students", EXAMPLES / "students.csv", "--db", tiny_school.path)

    assert again.returncode == 0
    assert "уже есть, пропущен" in again.stdout
    assert "Новых записей нет" in again.stdout
    assert table_digests(tiny_school.path) == after_first


def test_a_bad_file_exits_2_lists_every_bad_line_and_writes_nothing(
    tiny_school: TinySchool, tmp_path: Path
) -> None:
    rows = [["Фамилия", "Имя", "Роли", "Классное руководство"],
            ["Громова", "Ирина", "учитель", "5Б"],
            ["Пенкин", "Олег", "физрук", ""],
            ["Яшин", "", "учитель", "9Я"]]
    path = write_csv(tmp_path / "staff.csv", rows, encoding="cp1251")
    before = table_digests(tiny_school.path)

    done = run_cli("import", "staff", path, "--db", tiny_school.path)

    assert done.returncode == 2
    assert "Строка 3: «Роли» = «физрук»: роль «физрук» неизвестна" in done.stderr
    assert "Строка 4: не заполнено «Имя»" in done.stderr
    assert "Строка 4: «Классное руководство» = «9Я»: класса 9Я нет" in done.stderr
    assert "В базу ничего не записано" in done.stderr
    assert table_digests(tiny_school.path) == before


def test_a_missing_column_exits_2_naming_the_expected_columns(
    tiny_school: TinySchool, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "tt.csv", [["Класс", "Предмет", "Учитель", "День"],
                                           ["5А", "Математика", "Числова М. А.", "Пн"]])
    done = run_cli("import", "timetable", path, "--db", tiny_school.path)
    assert done.returncode == 2
    assert "нет обязательных столбцов: «Урок»" in done.stderr


def test_dry_run_validates_reports_and_writes_nothing(
    tiny_school: TinySchool, tmp_path: Path
) -> None:
    before = table_digests(tiny_school.path)
    done = run_cli("import", "students", EXAMPLES / "students.csv", "--dry-run",
                   "--db", tiny_school.path)
    assert done.returncode == 0, done.stderr
    assert "Проверка без записи" in done.stdout and "ученики" in done.stdout
    assert table_digests(tiny_school.path) == before
