"""A report as data: sections of rows with typed columns and an optional chart."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Column:
    """A column: `kind` is text, int, percent (0–100), average (4,33), mark or date."""

    key: str
    title: str
    kind: str = "text"


@dataclass(frozen=True)
class Chart:
    """Horizontal bars: one group per row labelled by `label`, one bar per series."""

    title: str
    label: str
    series: tuple[tuple[str, str], ...]
    max_value: float | None = None
    unit: str = ""


@dataclass
class Section:
    """A table of the report, possibly drawn as a chart too."""

    id: str
    title: str
    columns: list[Column]
    rows: list[dict] = field(default_factory=list)
    chart: Chart | None = None
    note: str = ""


@dataclass
class Report:
    """A computed report; every rendering (HTML, CSV, JSON) reads this one object."""

    id: str
    title: str
    source: str
    school: str
    generated_at: str
    params: dict[str, str]
    sections: list[Section]


def percent(part: float, whole: float) -> float | None:
    """part/whole in percent with one decimal; None when there is no whole."""
    return None if not whole else round(100.0 * part / whole, 1)
