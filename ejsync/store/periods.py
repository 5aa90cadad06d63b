"""Periods of the school year (R-PERIODS) and the deadlines the regulations tie to them."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, timedelta

FORECAST_WINDOW = timedelta(days=14)  # R-FORECAST: at least 2 weeks before the period ends
FINAL_MARK_LEAD = timedelta(days=2)  # R-FINAL-DEADLINE: 2 days before the period ends


@dataclass(frozen=True)
class Period:
    """A quarter, half-year or the year, for a band of grades."""

    id: int
    code: str
    title: str
    grade_from: int
    grade_to: int
    starts_on: date
    ends_on: date
    year_id: int
    year_name: str = ""  # '2026/27', when the row was read with its school year's name

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Period:
        """A `periods` row (maybe with `year_name` of its school year) as a Period."""
        return cls(row["id"], row["code"], row["title"], row["grade_from"], row["grade_to"],
                   date.fromisoformat(row["starts_on"]), date.fromisoformat(row["ends_on"]),
                   row["year_id"], row["year_name"] if "year_name" in row.keys() else "")  # noqa: SIM118

    @property
    def year_slug(self) -> str:
        """The school year as a folder name: '2026-27'."""
        return self.year_name.replace("/", "-")

    def holds(self, day: date) -> bool:
        """Whether `day` falls within the period."""
        return self.starts_on <= day <= self.ends_on

    def serves(self, grade: int) -> bool:
        """Whether the period applies to `grade`."""
        return self.grade_from <= grade <= self.grade_to

    @property
    def forecast_opens_on(self) -> date:
        """The first day the forecast mark is shown (R-FORECAST)."""
        return self.ends_on - FORECAST_WINDOW

    @property
    def final_due_on(self) -> date:
        """The last day for the period mark to be entered (R-FINAL-DEADLINE)."""
        return self.ends_on - FINAL_MARK_LEAD
