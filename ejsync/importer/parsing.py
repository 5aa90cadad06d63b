"""Parse the cell values schools really write: dates, names, genders, yes/no, weekdays."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ejsync.importer.problems import FieldError

# Latin letters that look like Cyrillic ones (the usual slip when typing in the wrong layout).
LOOKALIKES = str.maketrans("AaBCcEeHKMOoPpTXxYy", "АаВСсЕеНКМОоРрТХхУу")
CYRILLIC = re.compile(r"[А-Яа-яЁё]")
LATIN = re.compile(r"[A-Za-z]")
NAME_ALLOWED = re.compile(r"^[А-Яа-яЁёA-Za-z][А-Яа-яЁёA-Za-z' -]*$")

_DOTTED = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{2,4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$")
DATE_HINT = "Укажите дату как ДД.ММ.ГГГГ (например, 05.03.2015) или ГГГГ-ММ-ДД."


def parse_date(text: str) -> date:
    """'05.03.2015', '5.3.2015', '2015-03-05' (a trailing Excel time '0:00:00' is ignored)."""
    value = text.strip()
    if match := _DOTTED.match(value):
        day, month, year = match.groups()
        if len(year) != 4:
            raise FieldError(f"год записан двумя цифрами. {DATE_HINT}")
    elif match := _ISO.match(value):
        year, month, day = match.groups()
    else:
        raise FieldError(f"это не дата. {DATE_HINT}")
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        raise FieldError(f"такой даты нет в календаре. {DATE_HINT}") from None


def fix_lookalikes(text: str) -> tuple[str, bool]:
    """Replace Latin look-alike letters in a Cyrillic word; True if anything was replaced."""
    if not (CYRILLIC.search(text) and LATIN.search(text)):
        return text, False
    fixed = text.translate(LOOKALIKES)
    if LATIN.search(fixed):
        raise FieldError(
            "в слове смешаны русские и латинские буквы. Наберите его русскими буквами."
        )
    return fixed, True


@dataclass(frozen=True)
class Name:
    """A cleaned-up name part and whether Latin look-alikes were replaced in it."""

    value: str
    fixed_lookalikes: bool


def parse_name(text: str) -> Name:
    """A surname, first name or patronymic: letters, hyphen, apostrophe; CAPS are tidied."""
    value = " ".join(text.split())
    if not NAME_ALLOWED.match(value):
        raise FieldError(
            "здесь должно быть слово из букв (допустимы дефис и апостроф), а не цифры или знаки. "
            "Проверьте, не сдвинулись ли столбцы."
        )
    value, fixed = fix_lookalikes(value)
    if value.isupper() or value.islower():
        value = "-".join(part[:1].upper() + part[1:].lower() for part in value.split("-"))
        value = " ".join(part[:1].upper() + part[1:] for part in value.split(" "))
    return Name(value, fixed)


@dataclass(frozen=True)
class FullName:
    """Фамилия, имя, отчество written in one cell."""

    last: str
    first: str
    middle: str
    fixed_lookalikes: bool

    def __str__(self) -> str:
        return " ".join(part for part in (self.last, self.first, self.middle) if part)


def parse_full_name(text: str) -> FullName:
    """'Иванова Ольга Петровна' (a patronymic may be two words: 'Гусейн оглы')."""
    parts = text.split()
    if len(parts) < 2:
        raise FieldError("укажите фамилию, имя и отчество полностью через пробел.")
    names = [parse_name(part) for part in parts]
    return FullName(
        names[0].value,
        names[1].value,
        " ".join(name.value for name in names[2:]),
        any(name.fixed_lookalikes for name in names),
    )


def name_key(*parts: str) -> str:
    """A comparison key of a person's name: case, 'ё' and extra spaces do not matter."""
    return " ".join(" ".join(parts).lower().replace("ё", "е").split())


GENDERS = {"м": "м", "муж": "м", "мужской": "м", "m": "м", "ж": "ж", "жен": "ж",
           "женский": "ж", "f": "ж"}


def parse_gender(text: str) -> str:
    """'м'/'муж'/'мужской' → 'м', 'ж'/'жен'/'женский' → 'ж', empty → ''."""
    value = text.strip().lower().rstrip(".")
    if not value:
        return ""
    if value not in GENDERS:
        raise FieldError("пол указывается буквой «м» или «ж».")
    return GENDERS[value]


YES = {"да", "+", "1", "yes", "есть", "согласен", "согласна", "д"}
NO = {"нет", "-", "0", "no", "отказ", "отказался", "отказалась", "н"}


def parse_yes_no(text: str, *, default: bool) -> bool:
    """'да'/'нет' (also '+'/'-', '1'/'0', 'отказ'); empty → `default`."""
    value = text.strip().lower().rstrip(".")
    if not value:
        return default
    if value in YES:
        return True
    if value in NO:
        return False
    raise FieldError("напишите «да» или «нет».")


WEEKDAYS = {
    1: ("пн", "пон", "понедельник"), 2: ("вт", "вто", "вторник"), 3: ("ср", "сре", "среда"),
    4: ("чт", "чет", "четверг"), 5: ("пт", "пят", "пятница"), 6: ("сб", "суб", "суббота"),
}
WEEKDAY_NAMES = {number: names[-1] for number, names in WEEKDAYS.items()}
_WEEKDAY_LOOKUP = {alias: n for n, aliases in WEEKDAYS.items() for alias in aliases}


def parse_weekday(text: str) -> int:
    """'Пн', 'пон.', 'понедельник' or '1' → 1 (Monday) … 6 (Saturday)."""
    value = text.strip().lower().rstrip(".")
    if value.isdigit() and 1 <= int(value) <= 6:
        return int(value)
    if value in {"вс", "воскресенье", "7"}:
        raise FieldError("в воскресенье уроков нет. Укажите день с понедельника по субботу.")
    if value not in _WEEKDAY_LOOKUP:
        raise FieldError("укажите день недели: Пн, Вт, Ср, Чт, Пт, Сб, полностью или числом 1–6.")
    return _WEEKDAY_LOOKUP[value]


_LEADING_NUMBER = re.compile(r"^(\d{1,2})\s*(?:-?й|-?ый)?\s*(?:урок)?$")


def parse_lesson_number(text: str) -> int:
    """'3', '3 урок', '3-й' → 3."""
    match = _LEADING_NUMBER.match(text.strip().lower())
    if not match:
        raise FieldError("укажите номер урока по расписанию звонков числом, например 3.")
    return int(match.group(1))


_EMAIL = re.compile(r"^[^@\s;,]+@[^@\s;,]+\.[^@\s;,]+$")


def parse_email(text: str) -> str:
    """An e-mail address or empty."""
    value = text.strip()
    if value and not _EMAIL.match(value):
        raise FieldError("это не адрес электронной почты. Пример: ivanova@mail.ru.")
    return value


_PHONE_CHARS = re.compile(r"^[+\d\s()\-]+$")


def parse_phone(text: str) -> str:
    """A phone number of 10–11 digits in any usual notation, or empty."""
    value = " ".join(text.split())
    if not value:
        return ""
    digits = re.sub(r"\D", "", value)
    if not _PHONE_CHARS.match(value) or not 10 <= len(digits) <= 11:
        raise FieldError("это не номер телефона. Пример: +7 900 123-45-67.")
    return value


def phone_key(text: str) -> str:
    """Digits of a phone number, '8 900…' and '+7 900…' alike: '79001234567'."""
    digits = re.sub(r"\D", "", text)
    if len(digits) == 11 and digits[0] == "8":
        digits = "7" + digits[1:]
    elif len(digits) == 10:
        digits = "7" + digits
    return digits


def full_name(*parts: str) -> str:
    """'Зайцев Глеб' from ('Зайцев', 'Глеб', ''): the non-empty parts."""
    return " ".join(part for part in parts if part)
