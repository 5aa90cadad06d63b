"""Russian names with correct gender forms: surnames, first names, patronymics."""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import cache

from ejsync.demo.data import lines

_LATIN = [
    "a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p",
    "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "-", "y", "-", "e", "yu", "ya",
]
_TRANSLIT = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя", _LATIN, strict=True))


@dataclass(frozen=True)
class Person:
    """A person's full name and gender ('м' or 'ж')."""

    last_name: str
    first_name: str
    middle_name: str
    gender: str

    @property
    def full_name(self) -> str:
        """'Иванова Анна Сергеевна'."""
        return f"{self.last_name} {self.first_name} {self.middle_name}"

    @property
    def short_name(self) -> str:
        """'Иванова А. С.'."""
        return f"{self.last_name} {self.first_name[0]}. {self.middle_name[0]}."


def feminine_surname(surname: str) -> str:
    """The feminine form of a masculine surname (Иванов → Иванова, Толстой → Толстая)."""
    if surname.endswith(("ов", "ев", "ёв", "ин", "ын")):
        return surname + "а"
    if surname.endswith(("ский", "цкий")):
        return surname[:-2] + "ая"
    if surname.endswith("ой"):
        return surname[:-2] + "ая"
    return surname


def family_surname(surname: str) -> str:
    """The plural genitive for 'Семья …' (Иванов → Ивановых, Островский → Островских)."""
    if surname.endswith(("ов", "ев", "ёв", "ин", "ын")):
        return surname + "ых"
    if surname.endswith(("ский", "цкий")):
        return surname[:-2] + "их"
    if surname.endswith("ой"):
        return surname[:-2] + "ых"
    return surname


def gendered_surname(surname: str, gender: str) -> str:
    """The surname in the form for `gender`."""
    return feminine_surname(surname) if gender == "ж" else surname


def transliterate(text: str) -> str:
    """Latin letters for a login ('Ивановых' → 'ivanovykh')."""
    return "".join(_TRANSLIT.get(ch, ch) for ch in text.lower()).replace("-", "")


@cache
def _men() -> list[tuple[str, str, str]]:
    return [tuple(line.split(";")) for line in lines("men.txt")]  # type: ignore[misc]


class NameMaker:
    """Draws names from the data files with one `random.Random`."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.surnames = lines("surnames.txt")
        self.boys = lines("boys.txt")
        self.girls = lines("girls.txt")
        self.women = lines("women.txt")

    def surname(self) -> str:
        """A masculine surname."""
        return self.rng.choice(self.surnames)

    def father(self) -> tuple[str, str, str]:
        """(first name, son's patronymic, daughter's patronymic) of a man."""
        return self.rng.choice(_men())

    def patronymic(self, gender: str) -> str:
        """A patronymic from a random father, in the form for `gender`."""
        _, son, daughter = self.father()
        return daughter if gender == "ж" else son

    def child(self, surname: str, father: tuple[str, str, str], gender: str) -> Person:
        """A child of `father` with the family `surname`."""
        first = self.rng.choice(self.girls if gender == "ж" else self.boys)
        middle = father[2] if gender == "ж" else father[1]
        return Person(gendered_surname(surname, gender), first, middle, gender)

    def adult(self, gender: str, surname: str | None = None) -> Person:
        """An adult (parent or staff) of `gender`."""
        surname = surname or self.surname()
        first = self.rng.choice(self.women) if gender == "ж" else self.father()[0]
        return Person(gendered_surname(surname, gender), first, self.patronymic(gender), gender)

    def phone(self) -> str:
        """A Russian mobile number '+7 9XX XXX-XX-XX'."""
        r = self.rng.randint
        return f"+7 9{r(0, 99):02d} {r(0, 999):03d}-{r(0, 99):02d}-{r(0, 99):02d}"
