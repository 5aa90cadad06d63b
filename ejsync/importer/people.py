"""Find a stored staff member from how a timetable names them: full ФИО or surname and initials."""

from __future__ import annotations

import sqlite3
from collections import defaultdict

from ejsync.importer.parsing import name_key
from ejsync.importer.problems import FieldError


def short_name(row: sqlite3.Row) -> str:
    """'Числова М. А.'"""
    initials = " ".join(f"{part[0]}." for part in (row["first_name"], row["middle_name"]) if part)
    return f"{row['last_name']} {initials}".strip()


def _initials_key(text: str) -> str:
    """'Числова М. А.' and 'Числова М.А.' alike: 'числовам.а.'."""
    return "".join(text.lower().replace("ё", "е").split())


class StaffFinder:
    """Staff members by their name as people write it."""

    def __init__(self, staff: list[sqlite3.Row]) -> None:
        self.by_alias: defaultdict[str, list[sqlite3.Row]] = defaultdict(list)
        for row in staff:
            if row["active"]:
                for alias in _aliases(row):
                    self.by_alias[alias].append(row)

    def find(self, text: str) -> sqlite3.Row:
        """The one staff member `text` names: 'Числова Мария Андреевна', 'Числова М.А.',
        'М. А. Числова', 'Числова Мария' or a surname alone when it is unique."""
        matches = self.by_alias.get(name_key(text)) or self.by_alias.get(_initials_key(text), [])
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


def _aliases(row: sqlite3.Row) -> set[str]:
    """Every way `find` accepts to name this staff member."""
    last, first, middle = row["last_name"], row["first_name"], row["middle_name"]
    initials = "".join(f"{part[0]}." for part in (first, middle) if part)
    return {name_key(last, first, middle), name_key(last, first), name_key(last),
            _initials_key(last + initials), _initials_key(initials + last)}
