"""How checkers name records and times in their Russian messages."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime
from zoneinfo import ZoneInfo


def day(iso: str) -> str:
    """'2026-11-16' → '16.11.2026'."""
    return date.fromisoformat(iso).strftime("%d.%m.%Y")


def lesson(row: sqlite3.Row) -> str:
    """'Математика, 5А, 16.11.2026, 1-й урок'."""
    return f"{row['subject_name']}, {row['class_name']}, {day(row['date'])}, {row['slot']}-й урок"


def moment(at: str | None, timezone: str) -> str:
    """A UTC instant in school time: '16.11.2026 12:40'."""
    if not at:
        return ""
    value = datetime.fromisoformat(at.replace("Z", "+00:00")).astimezone(ZoneInfo(timezone))
    return value.strftime("%d.%m.%Y %H:%M")
