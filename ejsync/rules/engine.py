"""Run the checkers over a scope and reconcile their findings with the `violations` table."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import datetime

from ejsync.profiles import active_profile
from ejsync.rules.context import CheckContext, as_utc, load_sql, register_functions
from ejsync.rules.finding import Finding
from ejsync.rules.registry import RULES
from ejsync.rules.scope import Scope, list_json, touched
from ejsync.store import transaction
from ejsync.store.clock import timezone_name
from ejsync.store.migrate import split_statements

VIOLATION_COLUMNS = (
    "id, rule, severity, record_table, record_id, lesson_id, student_id, class_id, subject_id,"
    " period_id, responsible_id, due_at, found_at, closed_at, message"
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


SCOPE_TABLES = {
    "rule_scope_whole": "class_id",
    "rule_scope_lessons": "lesson_id",
    "rule_scope_students": "student_id",
}


def fill_scope(conn: sqlite3.Connection, scope: Scope | None) -> int:
    """Fill the scope tables: whole classes (all of them when `scope` is None) with every lesson
    and student of theirs, plus single lessons and students. Returns the classes reached."""
    for table, column in SCOPE_TABLES.items():
        conn.execute(f"CREATE TEMP TABLE IF NOT EXISTS {table} ({column} INTEGER PRIMARY KEY)")
        conn.execute(f"DELETE FROM temp.{table}")
    if scope is None:
        conn.execute("INSERT INTO temp.rule_scope_whole SELECT id FROM classes")
    else:
        conn.execute("INSERT INTO temp.rule_scope_whole SELECT value FROM json_each(?)",
                     (list_json(scope.classes),))
        conn.execute("INSERT OR IGNORE INTO temp.rule_scope_lessons SELECT value FROM json_each(?)",
                     (list_json(scope.lessons),))
        conn.execute(
            "INSERT OR IGNORE INTO temp.rule_scope_students SELECT value FROM json_each(?)",
            (list_json(scope.students),))
    conn.execute(
        "INSERT OR IGNORE INTO temp.rule_scope_lessons SELECT l.id FROM temp.rule_scope_whole w"
        " CROSS JOIN lessons l ON l.class_id = w.class_id")
    conn.execute(
        "INSERT OR IGNORE INTO temp.rule_scope_students SELECT e.student_id"
        " FROM temp.rule_scope_whole w CROSS JOIN enrollments e ON e.class_id = w.class_id")
    return conn.execute(
        "SELECT count(*) FROM (SELECT class_id FROM temp.rule_scope_whole"
        " UNION SELECT l.class_id FROM temp.rule_scope_lessons s"
        " JOIN lessons l ON l.id = s.lesson_id"
        " UNION SELECT e.class_id FROM temp.rule_scope_students s"
        " JOIN enrollments e ON e.student_id = s.student_id)"
    ).fetchone()[0]


# Temp tables several rules share, in build order (see sql/prepare_schema.sql).
PREPARED_TABLES = (
    "rule_periods", "rule_grades", "rule_days", "rule_corrected", "rule_pairs", "rule_period_stats",
    "rule_period_marks", "rule_students",
)


def prepare(ctx: CheckContext, *, with_year: bool = False) -> None:
    """Refill what several rules share: periods by grade, day starts, student-subject-period
    pairs, mark statistics, period marks, students. `with_year` adds the whole year's mark
    statistics, which only reports need."""
    for statement in split_statements(load_sql("prepare_schema")):
        ctx.conn.execute(statement)
    params = {
        "today": ctx.today.isoformat(),
        "from_grade": ctx.profile["marks.from_grade"],
        "with_year": int(with_year),
    }
    for table in PREPARED_TABLES:
        ctx.conn.execute(f"DELETE FROM temp.{table}")
        ctx.conn.execute(load_sql(f"prepare_{table.removeprefix('rule_')}"), params)


def evaluate(ctx: CheckContext) -> dict[tuple, Finding]:
    """Every finding of the registered rules over the current scope, minus waived ones."""
    prepare(ctx)
    waived = {
        (r[0], r[1], r[2], r[3] or 0, r[4] or 0)
        for r in ctx.conn.execute(
            "SELECT rule, record_table, record_id, subject_id, period_id FROM violation_waivers"
        )
    }
    found: dict[tuple, Finding] = {}
    for rule_id in sorted(RULES):
        for finding in RULES[rule_id].check(ctx):
            # a waiver without subject and period accepts the record under every one of them
            if finding.key not in waived and (*finding.key[:3], 0, 0) not in waived:
                found[finding.key] = finding
    return found


# Open violations an incremental check re-examines: by lesson, else by student, else by class
# (the unary + keeps SQLite on the index of the column that narrows).
IN_SCOPE = """
SELECT {columns} FROM violations
WHERE closed_at IS NULL AND lesson_id IN (SELECT lesson_id FROM temp.rule_scope_lessons)
UNION ALL
SELECT {columns} FROM violations
WHERE closed_at IS NULL AND +lesson_id IS NULL
  AND student_id IN (SELECT student_id FROM temp.rule_scope_students)
UNION ALL
SELECT {columns} FROM violations
WHERE closed_at IS NULL AND +lesson_id IS NULL AND +student_id IS NULL
  AND class_id IN (SELECT class_id FROM temp.rule_scope_whole)
"""


def _open_violations(conn: sqlite3.Connection, full: bool) -> list[sqlite3.Row]:
    """Open violations: all of them, or those the scope re-examines."""
    if full:
        sql = f"SELECT {VIOLATION_COLUMNS} FROM violations WHERE closed_at IS NULL"
    else:
        sql = IN_SCOPE.format(columns=VIOLATION_COLUMNS)
    return conn.execute(sql).fetchall()


def _open_in_scope(conn: sqlite3.Connection, full: bool) -> dict[tuple, sqlite3.Row]:
    rows = _open_violations(conn, full)
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
                "INSERT INTO violations (rule, severity, record_table, record_id, lesson_id,"
                " student_id, class_id, subject_id, period_id, responsible_id, due_at, found_at,"
                " last_seen_at, message) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (f.rule, f.severity, f.record_table, f.record_id, f.lesson_id, f.student_id,
                 f.class_id, f.subject_id, f.period_id, f.responsible_id, f.due_at, now, now,
                 f.message),
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
    rows = [dict(r) for r in _open_violations(conn, full)]
    rows.sort(key=lambda r: (r["class_id"] or 0, r["rule"], r["record_table"], r["record_id"]))
    return rows


def context_for(conn: sqlite3.Connection, as_of: datetime) -> CheckContext:
    """A check context with the active profile and the SQL helpers registered."""
    profile = active_profile(conn)
    timezone = timezone_name(conn)
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

    The rules are evaluated on one snapshot without the write lock, so teachers keep saving
    meanwhile; then `violations` rows are opened and closed in one short transaction. A write
    made during the evaluation has a later change id, which the next run checks.
    """
    ctx = context_for(conn, as_of)
    with transaction(conn, writes=False):  # the scope and prepared tables are TEMP tables
        scope = None if since_change_id is None else touched(
            conn, since_change_id, until_change_id)
        full = scope is None
        result = CheckResult(full=full, classes=fill_scope(conn, scope))
        found = evaluate(ctx) if full or scope else None
    with transaction(conn):
        if found is not None:
            _reconcile(ctx, found, full, result)
        result.violations = _open_now(conn, full) if full or scope else []
        result.open_total, result.open_errors = conn.execute(
            "SELECT count(*), count(*) FILTER (WHERE severity = 'error') FROM violations"
            " INDEXED BY violations_open_severity WHERE closed_at IS NULL"
        ).fetchone()
        for table in PREPARED_TABLES if found is not None else ():
            conn.execute(f"DELETE FROM temp.{table}")  # leave the next run small tables to clear
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
