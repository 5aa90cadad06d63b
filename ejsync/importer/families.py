"""Titles of new families, made from the children's surname; the login pattern."""

from __future__ import annotations

import re

LOGIN = re.compile(r"^[a-z0-9][a-z0-9._-]{2,39}$")
_POSSESSIVE = re.compile(r"^(.+(?:ов|ев|ёв|ин|ын))а?$", re.IGNORECASE)
_ADJECTIVAL = re.compile(r"^(.+(?:ск|цк))(?:ий|ая)$", re.IGNORECASE)


def family_title(surname: str) -> str:
    """'Иванова' → 'Семья Ивановых', 'Чайковский' → 'Семья Чайковских', 'Ким' → 'Семья Ким'."""
    if match := _POSSESSIVE.match(surname):
        return f"Семья {match.group(1)}ых"
    if match := _ADJECTIVAL.match(surname):
        return f"Семья {match.group(1)}их"
    return f"Семья {surname}"
