"""Find a stored class from what a school writes: '5А', '5 а', '5-А', '10 «Б» класс', '5A'."""

from __future__ import annotations

import re
import sqlite3

from ejsync.importer.problems import FieldError

_CLASS_NAME = re.compile(
    r"^(\d{1,2})\s*[-–—]?\s*[«\"']?\s*([A-Za-zА-Яа-яЁё])\s*[»\"']?\s*(?:класс|кл\.?)?$",
    re.IGNORECASE,
)
# Latin letters typed for a class letter, and the Cyrillic letters they may stand for
# (by shape first, then by sound: 'B' is 'В' by shape and 'Б' by sound).
LATIN_CLASS_LETTERS = {
    "A": "А", "B": "ВБ", "V": "В", "G": "Г", "D": "Д", "E": "Е", "K": "К", "M": "М",
    "H": "Н", "O": "О", "P": "Р", "C": "С", "T": "Т", "X": "Х", "Y": "У",
}


class ClassFinder:
    """The year's classes by name."""

    def __init__(self, classes: list[sqlite3.Row], year_name: str) -> None:
        self.by_name = {row["name"]: row for row in classes}
        self.year_name = year_name

    def find(self, text: str) -> tuple[sqlite3.Row, str | None]:
        """The class `text` names and a notice when a Latin letter had to be read as Cyrillic."""
        match = _CLASS_NAME.match(text.strip())
        if not match or not 1 <= int(match.group(1)) <= 11:
            raise FieldError(
                "класс записывается номером параллели 1–11 и буквой, например 5А или 10Б."
            )
        grade, letter = int(match.group(1)), match.group(2).upper()
        if letter in LATIN_CLASS_LETTERS:
            candidates = [f"{grade}{cyrillic}" for cyrillic in LATIN_CLASS_LETTERS[letter]]
            existing = [name for name in candidates if name in self.by_name]
            if len(existing) > 1:
                raise FieldError(
                    f"латинская буква «{letter}» может означать класс "
                    f"{' или '.join(existing)}. Наберите букву класса русской буквой."
                )
            name = existing[0] if existing else candidates[0]
            notice = f"класс «{text}» записан латинской буквой, принят как «{name}»."
        else:
            name, notice = f"{grade}{letter.replace('Ё', 'Е')}", None
        if name not in self.by_name:
            known = ", ".join(self.by_name) or "ни одного"
            raise FieldError(
                f"класса {name} нет в {self.year_name} учебном году (есть: {known}). "
                "Проверьте название класса или сначала создайте класс."
            )
        return self.by_name[name], notice
