"""Parse the cells of one row, turning every unusable value into a problem with its line."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from ejsync.importer.parsing import parse_full_name, parse_name
from ejsync.importer.problems import FieldError, Problems
from ejsync.importer.reader import Column, Row

T = TypeVar("T")


class Cells:
    """One row's cells with its kind's columns; `ok` turns False at the first bad cell."""

    def __init__(self, row: Row, columns: tuple[Column, ...], problems: Problems) -> None:
        self.row = row
        self.line = row.line
        self.columns = {column.key: column for column in columns}
        self.problems = problems
        self.ok = True

    def fail(self, text: str) -> None:
        """Record an error of this row."""
        self.problems.error(self.line, text)
        self.ok = False

    def notice(self, text: str) -> None:
        """Record a notice about this row."""
        self.problems.notice(self.line, text)

    def raw(self, key: str) -> str:
        """The cell as written (stripped)."""
        return self.row.get(key)

    def parse(self, key: str, parser: Callable[[str], T], *, required: bool = False) -> T | None:
        """`parser(cell)`, or None when the cell is empty (an error if `required`) or bad."""
        raw = self.row.get(key)
        column = self.columns[key]
        if not raw:
            if required:
                example = f" (например, {column.example})" if column.example else ""
                self.fail(f"не заполнено «{column.title}»{example}. Заполните эту ячейку.")
            return None
        try:
            return parser(raw)
        except FieldError as exc:
            self.fail(self.describe(key, str(exc)))
            return None

    def describe(self, key: str, reason: str) -> str:
        """'«Дата рождения» = «31.02.2015»: reason' for messages about one cell."""
        return f"«{self.columns[key].title}» = «{self.row.get(key)}»: {reason}"

    def name(self, key: str, *, required: bool) -> str:
        """A name part, '' when empty or bad; Latin look-alikes are replaced (with a notice)."""
        name = self.parse(key, parse_name, required=required)
        if name is None:
            return ""
        if name.fixed_lookalikes:
            self.notice(self.describe(
                key, f"латинские буквы, похожие на русские, заменены русскими: «{name.value}»."
            ))
        return name.value

    def person(self) -> tuple[str, str, str]:
        """Фамилия, имя, отчество from their own columns, or from one «ФИО» column."""
        if self.row.has("last_name") or not self.row.has("full_name"):
            return (self.name("last_name", required=True), self.name("first_name", required=True),
                    self.name("middle_name", required=False))
        name = self.parse("full_name", parse_full_name, required=True)
        if name is None:
            return "", "", ""
        if name.fixed_lookalikes:
            self.notice(self.describe(
                "full_name", f"латинские буквы, похожие на русские, заменены русскими: «{name}»."
            ))
        return name.last, name.first, name.middle
