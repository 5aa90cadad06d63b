"""Read a CSV file as schools export it: guess the encoding and the separator, map the header."""

from __future__ import annotations

import codecs
import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from ejsync.errors import UserError
from ejsync.importer.problems import Problems

DELIMITERS = {";": "точка с запятой", ",": "запятая", "\t": "табуляция"}
HEADER_SEARCH_ROWS = 10  # a regional export may put a title or two above the header


@dataclass(frozen=True)
class Column:
    """One column of an import kind: its key, its Russian title and the other names it goes by."""

    key: str
    title: str
    required: bool = False
    synonyms: tuple[str, ...] = ()
    example: str = ""
    instead: tuple[str, ...] = ()  # keys of columns that can stand in for this required one

    def names(self) -> set[str]:
        """Normalised header texts that mean this column."""
        return {header_key(name) for name in (self.title, *self.synonyms)}


@dataclass(frozen=True)
class Row:
    """One data line: cells by column key, stripped; `line` as a spreadsheet numbers it."""

    line: int
    cells: dict[str, str]

    def get(self, key: str) -> str:
        """The stripped cell of `key`, '' when empty or the column is absent."""
        return self.cells.get(key, "")

    def has(self, key: str) -> bool:
        """The file has the column `key`."""
        return key in self.cells


@dataclass(frozen=True)
class Table:
    """A decoded file: its data rows and how it was read."""

    rows: list[Row]
    encoding: str
    delimiter: str
    present: frozenset[str]


def header_key(text: str) -> str:
    """Headers compared without case, 'ё', punctuation, extra spaces: 'Эл. почта' → 'эл почта'."""
    return " ".join(re.sub(r"[^0-9a-zа-я]+", " ", text.lower().replace("ё", "е")).split())


def decode(data: bytes) -> tuple[str, str]:
    """The text of the file and the name of its encoding: UTF-8 (with or without BOM),
    UTF-16 with BOM, or Windows-1251."""
    if data.startswith(b"PK\x03\x04") or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise UserError(
            "Это файл Excel (xlsx/xls), а не CSV. Откройте его в Excel или LibreOffice и "
            "сохраните как «CSV (разделители — точка с запятой)» или «CSV UTF-8»."
        )
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", errors="strict"), "UTF-8 (с BOM)"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), "UTF-16"
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1251"), "Windows-1251"
    except UnicodeDecodeError:
        raise UserError(
            "Кодировка файла не UTF-8 и не Windows-1251. Сохраните файл как «CSV UTF-8»."
        ) from None


def read_table(path: Path, columns: tuple[Column, ...], problems: Problems) -> Table:
    """Decode `path`, find its header and return its rows; file-level faults raise UserError."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise UserError(f"Файла {path} нет. Проверьте путь и имя файла.") from None
    except OSError as exc:
        raise UserError(f"Не удалось прочитать файл {path} ({exc.strerror}). Проверьте, что "
                        "это файл, а не папка, и что у вас есть право его читать.") from None
    text, encoding = decode(data)
    if not text.strip():
        raise UserError(f"Файл {path} пуст: в нём нет ни заголовка, ни строк.")
    delimiter, records, header_index, mapping = _best_layout(text, columns)
    present = set(mapping.values())
    missing = [c for c in columns
               if c.required and c.key not in present and not present & set(c.instead)]
    if missing:
        raise UserError(_missing_columns_message(columns, missing, records[header_index]))
    header_line = header_index + 1
    for index, title in enumerate(records[header_index]):
        if title.strip() and index not in mapping:
            problems.notice(header_line, f"столбец «{title.strip()}» не используется и пропущен.")
    rows = []
    for index in range(header_index + 1, len(records)):
        record = records[index]
        if not any(cell.strip() for cell in record):
            continue
        line = index + 1
        extra = [cell for i, cell in enumerate(record) if i >= len(records[header_index])]
        if any(cell.strip() for cell in extra):
            problems.error(
                line,
                "значений больше, чем столбцов в заголовке. Вероятно, в ячейке есть разделитель "
                f"({DELIMITERS[delimiter]}): заключите такое значение в кавычки или уберите "
                "лишний разделитель.",
            )
        rows.append(Row(line, {key: record[i].strip() if i < len(record) else ""
                               for i, key in mapping.items()}))
    return Table(rows, encoding, DELIMITERS[delimiter], frozenset(mapping.values()))


def _best_layout(
    text: str, columns: tuple[Column, ...]
) -> tuple[str, list[list[str]], int, dict[int, str]]:
    """The separator and header row that recognise the most columns."""
    best: tuple[int, str, list[list[str]], int, dict[int, str]] | None = None
    for delimiter in DELIMITERS:
        try:
            records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
        except csv.Error as exc:
            raise UserError(f"Файл не читается как CSV: {exc}. Сохраните его заново.") from None
        for index, record in enumerate(records[:HEADER_SEARCH_ROWS]):
            mapping = _map_header(record, columns)
            if best is None or len(mapping) > best[0]:
                best = (len(mapping), delimiter, records, index, mapping)
    assert best is not None
    _, delimiter, records, index, mapping = best
    if not mapping:
        index = next(i for i, record in enumerate(records) if any(c.strip() for c in record))
    return delimiter, records, index, mapping


def _map_header(record: list[str], columns: tuple[Column, ...]) -> dict[int, str]:
    """Column index → column key, for the header cells this kind knows (the first one wins)."""
    lookup = {name: column.key for column in columns for name in column.names()}
    mapping: dict[int, str] = {}
    for index, title in enumerate(record):
        key = lookup.get(header_key(title))
        if key is not None and key not in mapping.values():
            mapping[index] = key
    return mapping


def _missing_columns_message(
    columns: tuple[Column, ...], missing: list[Column], header: list[str]
) -> str:
    found = ", ".join(f"«{title.strip()}»" for title in header if title.strip()) or "ничего"
    required = ", ".join(f"«{c.title}»" for c in columns if c.required)
    optional = ", ".join(f"«{c.title}»" for c in columns if not c.required)
    titles = {c.key: c.title for c in columns}
    lacking = ", ".join(
        f"«{c.title}»" + "".join(f" (или «{titles[key]}»)" for key in c.instead) for c in missing)
    return (
        f"В заголовке файла (первая строка) нет обязательных столбцов: {lacking}. "
        f"Найдены столбцы: {found}. Обязательные столбцы: {required}; "
        f"необязательные: {optional}. Порядок столбцов любой, регистр букв не важен. "
        "Добавьте недостающие столбцы или переименуйте существующие."
    )
