"""Reading CSV files as schools export them: encodings, separators, headers, line numbers."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from ejsync.errors import UserError
from ejsync.importer.problems import Problems
from ejsync.importer.reader import read_table
from ejsync.importer.staff import COLUMNS

HEADER = "Фамилия;Имя;Роли"


def read(path: Path) -> tuple[list, Problems]:
    problems = Problems()
    table = read_table(path, COLUMNS, problems)
    return table, problems


@pytest.mark.parametrize(("raw", "encoding"), [
    ("Фамилия;Имя;Роли\r\nЁлкина;Алла;учитель\r\n".encode("cp1251"), "Windows-1251"),
    (codecs.BOM_UTF8 + "Фамилия,Имя,Роли\nЁлкина,Алла,учитель\n".encode(), "UTF-8 (с BOM)"),
    ("Фамилия\tИмя\tРоли\nЁлкина\tАлла\tучитель\n".encode("utf-16"), "UTF-16"),
    ("Фамилия;Имя;Роли\nЁлкина;Алла;учитель\n".encode(), "UTF-8"),
])
def test_encodings_and_separators_are_recognised(tmp_path: Path, raw: bytes, encoding: str):
    path = tmp_path / "f.csv"
    path.write_bytes(raw)
    table, _ = read(path)
    assert table.encoding == encoding
    assert [(row.line, row.cells) for row in table.rows] == [
        (2, {"last_name": "Ёлкина", "first_name": "Алла", "roles": "учитель"})]


def test_a_quoted_comma_list_does_not_split_a_comma_separated_file(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text('Фамилия,Имя,Роли\nЁлкина,Алла,"учитель, классный руководитель"\n')
    table, _ = read(path)
    assert table.delimiter == "запятая"
    assert table.rows[0].get("roles") == "учитель, классный руководитель"


def test_line_numbers_follow_the_spreadsheet_with_title_and_blank_rows(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text("Список сотрудников;;\n\n фамилия ; ИМЯ ;роль\n;;\nЁлкина;Алла;учитель\n"
                    '"Ким";"Ли";"учитель"\n')
    table, _ = read(path)
    assert [(row.line, row.get("last_name")) for row in table.rows] == [(5, "Ёлкина"), (6, "Ким")]


def test_a_missing_required_column_lists_what_is_expected(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text("Фамилия;Имя;Должность\nЁлкина;Алла;учитель\n")
    with pytest.raises(UserError) as caught:
        read(path)
    message = str(caught.value)
    assert "нет обязательных столбцов: «Роли»" in message
    assert "Найдены столбцы: «Фамилия», «Имя», «Должность»" in message
    assert "Обязательные столбцы: «Фамилия», «Имя», «Роли»" in message


def test_an_excel_workbook_is_refused_with_advice(tmp_path: Path) -> None:
    path = tmp_path / "staff.xlsx"
    path.write_bytes(b"PK\x03\x04rest-of-a-zip")
    with pytest.raises(UserError, match="Это файл Excel"):
        read(path)


def test_more_values_than_header_columns_is_a_line_error(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text(f"{HEADER}\nЁлкина;Алла;учитель\nКим;Ли;учитель;директор\n")
    _, problems = read(path)
    assert [problem.line for problem in problems.errors] == [3]
    assert "значений больше, чем столбцов в заголовке" in problems.errors[0].text


def test_unknown_columns_are_reported_and_ignored(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text(f"{HEADER};Стаж\nЁлкина;Алла;учитель;12\n")
    table, problems = read(path)
    assert "Стаж" not in str(table.rows[0].cells)
    assert [str(n) for n in problems.notices] == [
        "Строка 1: столбец «Стаж» не используется и пропущен."]


def test_a_cell_with_a_line_break_is_one_spreadsheet_row(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text(f'{HEADER};Должность\nЁлкина;Алла;учитель;"учитель\nначальных классов"\n'
                    "Ким;Ли;учитель;директор\n")
    table, _ = read(path)
    assert [(row.line, row.get("last_name")) for row in table.rows] == [(2, "Ёлкина"), (3, "Ким")]


def test_the_fio_column_stands_in_for_surname_and_name(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text("ФИО;Роли\nЁлкина Алла Ивановна;учитель\n")
    table, _ = read(path)
    assert table.rows[0].get("full_name") == "Ёлкина Алла Ивановна"
    path.write_text("Имя;Роли\nАлла;учитель\n")
    with pytest.raises(UserError, match=r"нет обязательных столбцов: «Фамилия» \(или «ФИО»\)"):
        read(path)
