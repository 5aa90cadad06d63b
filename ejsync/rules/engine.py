"""Run the checkers over a scope and reconcile their findings with the `violations` table."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import datetime

from ejsync.profiles import active_profile
from ejsync.rules.context import CheckContext, as_utc, load_sql, register_functions
from ejsync.rules.finding import Finding
from ejsync.rules.registry import RULES
from ejsync.rules.scope import list_json, touched_classes
from ejsync.store import transaction

SCOPE_TABLE = "temp.rule_scope"
VIOLATION_COLUMNS = (
    "id, rule, severity, record_table, record_id, student_id, class_id, subject_id, period_id,"
    " responsible_id, due_at, found_at, closed_at, message"
)


@dataclass
class CheckResult:
    """What one check did: violations opened and closed, and those open in its scope."""

    full: bool
    classes: int
    opened: list[dict] = field(default_factory=list)
    closed: list[dict] = field(default_factory=list)
    violations: list[dict] = field(default_factory=list)
    open_total: int = 0
    open_errors: int = 0

    @property
    def counts(self) -> dict[str, int]:
        """Opened, closed and open-now counts."""
        return {
            "opened": len(self.opened),
            "closed": len(self.closed),
            "open": self.open_total,
            "open_errors": self.open_errors,
        }


def timezone_of(conn: sqlite3.Connection) -> str:
    """The school timezone (`settings.timezone`)."""
    row = conn.execute("SELECT value FROM settings WHERE key = 'timezone'").fetchone()
    return row[0] if row else "Europe/Moscow"


def fill_scope(conn: sqlite3.Connection, classes: frozenset[int] | None) -> int:
    """Put the classes to check (None: all) into the scope table; return how many."""
    conn.execute(
        f"CREATE TEMP TABLE IF NOT EXISTS {SCOPE_TABLE[5:]} (class_id INTEGER PRIMARY KEY)"
    )
    conn.execute(f"DELETE FROM {SCOPE_TABLE}")
    if classes is None:
        conn.execute(f"INSERT INTO {SCOPE_TABLE} SELECT id FROM classes")
    else:
        conn.execute(
            f"INSERT INTO {SCOPE_TABLE} SELECT value FROM json_each(?)", (list_json(classes),)
        )
    return conn.execute(f"SELECT count(*) FROM {SCOPE_TABLE}").fetchone()[0]


# Temp tables several rules share, in build order, with the columns they are looked up by.
PREPARED_TABLES = {
    "rule_periods": "year_id, grade",
    "rule_days": "day",
    "rule_corrected": "id",
    "rule_pairs": "student_id, subject_id, period_id",
    "rule_period_stats": "student_id, subject_id, period_id",
    "rule_period_marks": "student_id, subject_id, period_id",
    "rule_students": "student_id",
}


def prepare(ctx: CheckContext, *, with_year: bool = False) -> None:
    """Materialise what several rules share: student-subject-period pairs, mark stats, students.

    `with_year` adds the whole year's mark statistics, which only reports need.
    """
    params = {
        "today": ctx.today.isoformat(),
        "from_grade": ctx.profile["marks.from_grade"],
        "with_year": int(with_year),
    }
    for table, key in PREPARED_TABLES.items():
        ctx.conn.execute(f"DROP TABLE IF EXISTS temp.{table}")
        ctx.conn.execute(load_sql(f"prepare_{table.removeprefix('rule_')}"), params)
        ctx.conn.execute(f"CREATE INDEX temp.{table}_key ON {table}({key})")


def evaluate(ctx: CheckContext, rule_ids: list[str] | None = None) -> dict[tuple, Finding]:
    """Every finding of the registered rules over the current scope, minus waived ones."""
    prepare(ctx)
    waived = {
        (r[0], r[1], r[2], r[3] or 0, r[4] or 0)
        for r in ctx.conn.execute(
            "SELECT rule, record_table, record_id, subject_id, period_id FROM violation_waivers"
        )
    }
    found: dict[tuple, Finding] = {}
    for rule_id in rule_ids or sorted(RULES):
        for finding in RULES[rule_id].check(ctx):
            # a waiver without subject and period accepts the record under every one of them
            if finding.key not in waived and (*finding.key[:3], 0, 0) not in waived:
                found[finding.key] = finding
    return found


def _open_in_scope(conn: sqlite3.Connection, full: bool) -> dict[tuple, sqlite3.Row]:
    where = "" if full else f" AND class_id IN (SELECT class_id FROM {SCOPE_TABLE})"
    rows = conn.execute(
        f"SELECT {VIOLATION_COLUMNS} FROM violations WHERE closed_at IS NULL{where}"
    )
    return {
        (r["rule"], r["record_table"], r["record_id"], r["subject_id"] or 0, r["period_id"] or 0): r
        for r in rows
    }


def _reconcile(
    ctx: CheckContext, found: dict[tuple, Finding], full: bool, result: CheckResult
) -> None:
    conn, now = ctx.conn, ctx.now
    existing = _open_in_scope(conn, full)
    for key, row in existing.items():
        if key not in found:
            conn.execute("UPDATE violations SET closed_at = ? WHERE id = ?", (now, row["id"]))
            result.closed.append({**dict(row), "closed_at": now})
    for key, f in found.items():
        row = existing.get(key)
        values = (f.severity, f.student_id, f.class_id, f.responsible_id, f.due_at, f.message)
        if row is None:
            cursor = conn.execute(
                "INSERT INTO violations (rule, severity, record_table, record_id, student_id,"
                " class_id, subject_id, period_id, responsible_id, due_at, found_at,"
                " last_seen_at, message) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (f.rule, f.severity, f.record_table, f.record_id, f.student_id, f.class_id,
                 f.subject_id, f.period_id, f.responsible_id, f.due_at, now, now, f.message),
            )
            result.opened.append({**f.as_dict(), "id": cursor.lastrowid, "found_at": now})
        elif values != (row["severity"], row["student_id"], row["class_id"],
                        row["responsible_id"], row["due_at"], row["message"]):
            conn.execute(
                "UPDATE violations SET severity = ?, student_id = ?, class_id = ?,"
                " responsible_id = ?, due_at = ?, message = ?, last_seen_at = ? WHERE id = ?",
                (*values, now, row["id"]),
            )


def _open_now(conn: sqlite3.Connection, full: bool) -> list[dict]:
    where = "" if full else f" AND class_id IN (SELECT class_id FROM {SCOPE_TABLE})"
    return [
        dict(r)
        for r in conn.execute(
            f"SELECT {VIOLATION_COLUMNS} FROM violations WHERE closed_at IS NULL{where}"
            " ORDER BY class_id, rule, record_table, record_id"
        )
    ]


def context_for(conn: sqlite3.Connection, as_of: datetime) -> CheckContext:
    """A check context with the active profile and the SQL helpers registered."""
    profile = active_profile(conn)
    timezone = timezone_of(conn)
    register_functions(conn, timezone, profile)
    return CheckContext(conn, as_utc(as_of), profile, timezone)


def run_checks(
    conn: sqlite3.Connection,
    *,
    as_of: datetime,
    since_change_id: int | None = None,
    until_change_id: int | None = None,
) -> CheckResult:
    """Check everything (since_change_id None) or what changes (since, until] touch, at `as_of`.

    Opens and closes `violations` rows in one transaction and returns what it did.
    """
    ctx = context_for(conn, as_of)
    with transaction(conn):
        full = since_change_id is None
        classes = None if full else touched_classes(conn, since_change_id, until_change_id)
        full = classes is None
        result = CheckResult(full=full, classes=fill_scope(conn, classes))
        if result.classes or full:
            _reconcile(ctx, evaluate(ctx), full, result)
        result.violations = _open_now(conn, full) if result.classes or full else []
        result.open_total, result.open_errors = conn.execute(
            "SELECT count(*), count(*) FILTER (WHERE severity = 'error') FROM violations"
            " WHERE closed_at IS NULL"
        ).fetchone()
    return result


def time_based_due(conn: sqlite3.Connection, as_of: datetime) -> list[Finding]:
    """Findings a full check at `as_of` would open that are not open yet (nothing is written).

    These are deadlines that passed with no write; the agent's timer calls this and, when the
    list is not empty, runs `run_checks(conn, as_of=as_of)` to record them.
    """
    ctx = context_for(conn, as_of)
    conn.execute("BEGIN")
    try:
        fill_scope(conn, None)
        found = evaluate(ctx)
        open_keys = set(_open_in_scope(conn, True))
    finally:
        conn.execute("ROLLBACK")
    return [f for key, f in sorted(found.items()) if key not in open_keys]
