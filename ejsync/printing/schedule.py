"""What the agent prints on its own: period journals on the penultimate day of each period
(P-PERIOD-PRINT) and the weekly printouts for offline families (R-OFFLINE-FAMILY)."""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from ejsync.errors import UserError
from ejsync.printing import jobs
from ejsync.printing.calendar import classes_of_period, penultimate_day, periods_ending
from ejsync.printing.editions import Edition
from ejsync.printing.family import printout_weeks
from ejsync.printing.signing import Signer, load_signer
from ejsync.printing.snapshot import take_snapshot
from ejsync.store import transaction
from ejsync.store.clock import school_timezone, school_today, stamp, utc_now
from ejsync.store.periods import Period

log = logging.getLogger("ejsync.printing.schedule")

# If the agent was down on the penultimate day, it still prints up to this many days later.
CATCH_UP_DAYS = 7
# What a print job may fail with; the run is logged as failed and retried on the next call.
JOB_ERRORS = (UserError, sqlite3.Error, OSError, RuntimeError)


@dataclass(frozen=True)
class ScheduledRun:
    """One job the schedule ran: its key, outcome and the edition it produced."""

    job: str
    key: str
    status: str  # done | skipped | failed
    edition_id: int | None
    path: Path | None
    message: str


def run_instant(conn: sqlite3.Connection, today: date) -> datetime:
    """The instant the editions of a run on `today` stand at: now, or the end of `today` when
    the run is for a day still to come (`print due --today` ahead of time)."""
    if today <= school_today(conn):
        return utc_now()
    return datetime.combine(today, time(23, 59, 59), tzinfo=school_timezone(conn))


def due_family_span(conn: sqlite3.Connection, today: date, weeks: int) -> date:
    """Monday of the span of `weeks` weeks to print for offline families: the current span from
    its last Saturday on, else the previous one. Two-week spans count from the school year's
    first Monday."""
    monday = today - timedelta(days=today.weekday())
    length = timedelta(days=7 * weeks)
    year = conn.execute(
        "SELECT starts_on FROM academic_years WHERE starts_on <= ? ORDER BY starts_on DESC LIMIT 1",
        (today.isoformat(),)).fetchone()
    anchor = date.fromisoformat(year[0]) if year else monday
    anchor -= timedelta(days=anchor.weekday())
    start = monday - timedelta(days=((monday - anchor).days % length.days))
    last_saturday = start + length - timedelta(days=7) + timedelta(days=jobs.SATURDAY)
    return start if today >= last_saturday else start - length


def _already_done(conn: sqlite3.Connection, key: str) -> bool:
    row = conn.execute("SELECT status FROM print_runs WHERE run_key = ?", (key,)).fetchone()
    return row is not None and row[0] != "failed"


def _record(conn: sqlite3.Connection, run: ScheduledRun, today: date) -> None:
    with transaction(conn):
        conn.execute(
            "INSERT INTO print_runs (job, run_key, run_on, edition_id, status, message, at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (run_key) DO UPDATE SET"
            " run_on = excluded.run_on, edition_id = excluded.edition_id,"
            " status = excluded.status, message = excluded.message,"
            " at = excluded.at",
            (run.job, run.key, today.isoformat(), run.edition_id, run.status, run.message, stamp()),
        )
    log.info("print run %s %s: %s", run.key, run.status, run.message)


def _printed_by_hand(
    conn: sqlite3.Connection, klass: sqlite3.Row, period: Period, since: date
) -> bool:
    """Whether someone already printed this journal (`ejsync print journal`) since `since`."""
    return conn.execute(
        "SELECT 1 FROM print_editions WHERE kind = 'journal' AND class_id = ? AND period_id = ?"
        " AND generated_at >= ? AND preliminary = 0", (klass["id"], period.id, since.isoformat()),
    ).fetchone() is not None


def _due_journals(conn: sqlite3.Connection, today: date) -> list[tuple[str, Period, sqlite3.Row]]:
    due = []
    for period in periods_ending(conn):
        first = penultimate_day(period)
        if not first <= today <= first + timedelta(days=CATCH_UP_DAYS):
            continue
        for klass in classes_of_period(conn, period):
            key = f"journal:{period.year_slug}:{period.code}:{klass['name']}"
            if not _already_done(conn, key) and not _printed_by_hand(conn, klass, period, first):
                due.append((key, period, klass))
    return due


def run_due(
    conn: sqlite3.Connection, *, today: date, out_dir: Path, signer: Signer | None = None
) -> list[ScheduledRun]:
    """Print what is due today and not yet printed; log every run in `print_runs`.

    Idempotent: a job that is done (or skipped) is never repeated; a failed one is retried."""
    journals = _due_journals(conn, today)
    weeks = printout_weeks(conn)
    week = due_family_span(conn, today, weeks)
    family_key = f"family:{week.isoformat()}" + (f":{weeks}w" if weeks > 1 else "")
    family_due = not _already_done(conn, family_key)
    if not journals and not family_due:
        return []
    runs = []
    try:
        signer = signer or load_signer()
    except UserError as exc:
        keys = [("journal", key) for key, _, _ in journals]
        keys += [("family", family_key)] if family_due else []
        for job, key in keys:
            runs.append(ScheduledRun(job, key, "failed", None, None, str(exc)))
            _record(conn, runs[-1], today)
        return runs
    as_of = run_instant(conn, today)
    if journals:
        runs += _run_journals(conn, today, journals, out_dir, signer, as_of)
    if family_due:
        try:
            edition = jobs.print_family_week(conn, week=week, out=out_dir, signer=signer,
                                             weeks=weeks, as_of=as_of)
        except JOB_ERRORS as exc:
            run = ScheduledRun("family", family_key, "failed", None, None, str(exc))
        else:
            run = _outcome("family", family_key, edition)
        _record(conn, run, today)
        runs.append(run)
    return runs


def _run_journals(conn: sqlite3.Connection, today: date, journals: list, out_dir: Path,
                  signer: Signer, as_of: datetime) -> list[ScheduledRun]:
    """Publish the due journals from one snapshot; a failure fails the ones not yet printed."""
    runs: list[ScheduledRun] = []
    targets = [(klass, period) for _, period, klass in journals]
    try:
        editions = jobs.publish_journals(conn, take_snapshot(conn, as_of), targets,
                                         out=out_dir, signer=signer)
        for (key, _, _), edition in zip(journals, editions, strict=False):
            runs.append(_outcome("journal", key, edition))
            _record(conn, runs[-1], today)
    except JOB_ERRORS as exc:
        for key, _, _ in journals[len(runs):]:
            runs.append(ScheduledRun("journal", key, "failed", None, None, str(exc)))
            _record(conn, runs[-1], today)
    return runs


def _outcome(job: str, key: str, edition: Edition | None) -> ScheduledRun:
    if edition is None:
        return ScheduledRun(job, key, "skipped", None, None, "печатать нечего")
    return ScheduledRun(job, key, "done", edition.id, edition.directory, f"{edition.pages} л.")
