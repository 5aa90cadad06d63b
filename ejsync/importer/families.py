"""Logins and titles of new families, made from the children's surname."""

from __future__ import annotations

import re

TRANSLIT = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
}
LOGIN = re.compile(r"^[a-z0-9][a-z0-9._-]{2,39}$")
_POSSESSIVE = re.compile(r"^(.+(?:ов|ев|ёв|ин|ын))а?$", re.IGNORECASE)
_ADJECTIVAL = re.compile(r"^(.+(?:ск|цк))(?:ий|ая)$", re.IGNORECASE)


def translit(text: str) -> str:
    """'Кузнецовы' → 'kuznetsovy': lower-case Latin letters, digits and '-' only."""
    latin = "".join(TRANSLIT.get(char, char) for char in text.lower())
    return re.sub(r"[^a-z0-9]+", "-", latin).strip("-")


def family_title(surname: str) -> str:
    """'Иванова' → 'Семья Ивановых', 'Чайковский' → 'Семья Чайковских', 'Ким' → 'Семья Ким'."""
    if match := _POSSESSIVE.match(surname):
        return f"Семья {match.group(1)}ых"
    if match := _ADJECTIVAL.match(surname):
        return f"Семья {match.group(1)}их"
    return f"Семья {surname}"


def login_base(surname: str) -> str:
    """'Иванова' → 'ivanovy', 'Чайковская' → 'chaykovskie', 'Ким' → 'kim'."""
    if match := _POSSESSIVE.match(surname):
        return translit(match.group(1) + "ы")
    if match := _ADJECTIVAL.match(surname):
        return translit(match.group(1) + "ие")
    return translit(surname) or "family"


def unique_login(base: str, taken: set[str]) -> str:
    """`base`, or `base2`, `base3`… whichever is not taken yet; adds it to `taken`."""
    login, number = base, 1
    while login in taken:
        number += 1
        login = f"{base}{number}"
    taken.add(login)
    return login
