"""Soft-rule checks: one checker per rule ID (see REGULATIONS.md), findings become violations.

Public API for the agent and the CLI:
`run_checks(conn, *, as_of, since_change_id=None, until_change_id=None) -> CheckResult` and
`time_based_due(conn, as_of) -> list[Finding]`; for reports: `period_standing(conn, day,
class_periods) -> list[Standing]` and `marking_days(profile, grade, work_kind) -> int`. Other
packages use only these (and `labels`), never the engine's modules or temp tables.
"""

from ejsync.rules import attendance, classes, families, finals, lessons, marks  # noqa: F401
from ejsync.rules.engine import CheckResult, run_checks, time_based_due
from ejsync.rules.finding import Finding
from ejsync.rules.registry import RULES, Rule
from ejsync.rules.standing import Standing, marking_days, period_standing

__all__ = ["CheckResult", "Finding", "RULES", "Rule", "Standing", "marking_days",
           "period_standing", "run_checks", "time_based_due"]
