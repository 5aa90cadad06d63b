"""Find a stored staff member from how a timetable names them: full ФИО or surname and initials."""

from __future__ import annotations

import re
import sqlite3

from ejsync.importer.parsing import name_key
from ejsync.importer.problems import FieldError


def short_name(row: sqlite3.Row) -> str:
    """'Числова М. А.'"""
    initials = " ".join(f"{part[0]}." for part in (row["first_name"], row["middle_name"]) if part)
    return f"{row['last_name']} {initials}".strip()


def _initials_key(text: str) -> str:
    return name_key(text).replace(" ", "")


class StaffFinder:
    """Staff members by their name as people write it."""

    def __init__(self, staff: list[sqlite3.Row]) -> None:
        self.staff = [row for row in staff if row["active"]]

    def find(self, text: str) -> sqlite3.Row:
        """The one staff member `text` names: 'Числова Мария Андреевна', 'Числова М.А.',
        'М. А. Числова', 'Числова Мария' or a surname alone when it is unique."""
        matches = [row for row in self.staff if self._names(row, text)]
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise FieldError(
                "такого сотрудника нет в базе. Напишите фамилию, имя и отчество так, как они "
                "записаны в списке сотрудников, или сначала загрузите сотрудника "
                "(ejsync import staff)."
            )
        names = ", ".join(short_name(row) for row in matches)
        raise FieldError(f"так можно назвать нескольких сотрудников ({names}). "
                         "Напишите фамилию, имя и отчество полностью.")

    @staticmethod
    def _names(row: sqlite3.Row, text: str) -> bool:
        last, first, middle = row["last_name"], row["first_name"], row["middle_name"]
        wanted = name_key(text)
        if wanted in {name_key(last, first, middle), name_key(last, first), name_key(last)}:
            return True
        initials = "".join(f"{part[0]}." for part in (first, middle) if part)
        compact = _initials_key(re.sub(r"\.\s*", ".", text))
        return compact in {_initials_key(last + initials), _initials_key(initials + last)}
