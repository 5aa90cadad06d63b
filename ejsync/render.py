"""The one Jinja2 environment every page, letter and print edition is rendered with."""

from __future__ import annotations

from datetime import date, datetime
from functools import cache, lru_cache
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime
from babel.plural import PluralRule
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from ejsync.config import DEFAULT_TIMEZONE, TEMPLATES_DIR

LOCALE = "ru_RU"
_RUSSIAN_PLURAL = PluralRule(
    {
        "one": "n mod 10 is 1 and n mod 100 is not 11",
        "few": "n mod 10 in 2..4 and n mod 100 not in 12..14",
    }
)


def plural(count: int, one: str, few: str, many: str) -> str:
    """'1 урок', '3 урока', '5 уроков': the Russian form for `count`."""
    form = _RUSSIAN_PLURAL(count)
    word = {"one": one, "few": few}.get(form, many)
    return f"{count} {word}"


@lru_cache(maxsize=4096)  # a journal prints the same few hundred dates thousands of times
def ru_date(value: date | str, pattern: str = "d MMMM y") -> str:
    """A date in Russian: '16 ноября 2026'; `pattern` is a Babel/CLDR pattern."""
    if isinstance(value, str):
        value = date.fromisoformat(value)
    return format_date(value, pattern, locale=LOCALE)


def ru_datetime(value: datetime | str, timezone: str = DEFAULT_TIMEZONE) -> str:
    """A UTC instant shown in school time: '16 ноября 2026, 14:05'."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return format_datetime(value, "d MMMM y, HH:mm", tzinfo=ZoneInfo(timezone), locale=LOCALE)


@cache
def environment() -> Environment:
    """The shared environment over `site_templates/`, autoescaping HTML and XML."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=select_autoescape(["html", "xml", "j2"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(ru_date=ru_date, ru_datetime=ru_datetime)
    env.globals.update(plural=plural)
    return env
