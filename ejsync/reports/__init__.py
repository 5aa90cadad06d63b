"""Reports for the deputy and class teachers: one computation, three renderings."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from ejsync.errors import UserError
from ejsync.profiles import active_profile
from ejsync.reports import control, forecast, monthly, period, weekly
from ejsync.reports.base import ReportInput, register_report_functions
from ejsync.reports.model import Report
from ejsync.reports.output import FORMATS, render, to_html_body
from ejsync.reports.scope import parse_day, resolve
from ejsync.store.clock import timezone_name

REPORTS: dict[str, Callable[[ReportInput], Report]] = {
    "REP-CONTROL": control.build,
    "REP-WEEKLY-ACTIVITY": weekly.build,
    "REP-MONTHLY-FILL": monthly.build,
    "REP-PERIOD": period.build,
    "REP-FORECAST": forecast.build,
}


def build_report(
    conn: sqlite3.Connection, name: str, *, class_name: str | None = None,
    period_code: str | None = None, as_of: str | None = None,
) -> Report:
    """Compute report `name` for a class (or all) and a period code (or the current one)."""
    if name not in REPORTS:
        raise UserError(f"Нет отчёта {name}. Есть отчёты: {', '.join(REPORTS)}.")
    profile = active_profile(conn)
    timezone = timezone_name(conn)
    day = parse_day(as_of, timezone)
    classes = resolve(conn, profile, class_name, period_code, day)
    if not classes:
        raise UserError("Нет классов для отчёта: проверьте --class и --period.")
    register_report_functions(conn, profile, timezone)
    data = ReportInput(conn, profile, timezone, day, classes)
    if name == "REP-MONTHLY-FILL" and period_code is not None:
        return monthly.build(data, whole_period=True)
    return REPORTS[name](data)


__all__ = ["FORMATS", "REPORTS", "Report", "build_report", "render", "to_html_body"]
