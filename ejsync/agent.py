"""The sync agent: database writes → change log → ordered steps (checks, diaries, printing).

A cycle reads the change ids after the agent's cursor, runs every step over that range and
advances the cursor only when all of them finished (pages on disk). Steps are callables
taking a `Cycle`; adding one (the regulation checks, the print scheduling) is one line in
`default_steps`.
"""

from __future__ import annotations

import contextlib
import logging
import signal
import sqlite3
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Protocol, runtime_checkable

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from ejsync.config import DEFAULT_ARCHIVE
from ejsync.diary import last_change_id, log_mark, plan_rebuild
from ejsync.diary.affected import Affected
from ejsync.diary.build import default_jobs, start_build
from ejsync.diary.output import DiaryOutput
from ejsync.diary.rebuild import PendingRebuild, RebuildReport, start_rebuild
from ejsync.diary.selection import NOTHING
from ejsync.errors import UserError
from ejsync.printing.schedule import run_due
from ejsync.rules import run_checks
from ejsync.store import connect, transaction
from ejsync.store.clock import school_today, stamp
from ejsync.workers import Workers, file_identity, worker_connection

CURSOR_NAME = "agent"
DEFAULT_INTERVAL = 60.0  # seconds between timer cycles (time-based work)
QUIET = 0.03  # a burst of writes ends after this much silence ...
MAX_DEBOUNCE = 0.5  # ... or after this long, whichever comes first
MAX_DEFER = 2.0  # seconds the other pages of a change yield to any newer write ...
OVERDUE_SLICE = 0.1  # ... then they yield only after working this long at a time
MAX_RETRY_DELAY = 60.0  # seconds: a failing cycle is retried with a growing pause up to this
FULL_CHECK_EVERY = 300.0  # seconds between full regulation checks on the timer
WORKER_PRELOAD = ["ejsync.diary.jobs", "ejsync.rules"]  # imported once by the fork server

log = logging.getLogger("ejsync.agent")


@dataclass(frozen=True)
class Cycle:
    """What every step of one cycle receives."""

    conn: sqlite3.Connection
    since_change_id: int  # exclusive
    until_change_id: int  # inclusive
    now: datetime  # UTC
    timer: bool  # True on a timer tick (time-based work is due)
    restored: bool = False  # the database was restored or replaced since the last cycle
    wake: Callable[[], None] = lambda: None  # start another cycle (background work ended)

    @property
    def change_count(self) -> int:
        """How many change ids the range spans."""
        return self.until_change_id - self.since_change_id


Step = Callable[[Cycle], object]  # returns what to log for the cycle ('' or None: nothing)
# A step may return work still running (an object with `finish()`): the next steps run
# meanwhile, and the cycle waits for it (and logs what `finish()` returns) before the cursor.
# A step may also leave work running past its cycle (`BackgroundStep`): the cursor then
# stays before that work's changes, and the step's report is logged when it ends.


@dataclass(frozen=True)
class Between:
    """What background steps get after each cycle and wake-up."""

    conn: sqlite3.Connection
    wake: Callable[[], None]  # start another cycle (background work ended)
    busy: Callable[[], bool]  # changes wait for a cycle: work done in this process yields


@runtime_checkable
class BackgroundStep(Protocol):
    """A step whose work may outlast its cycle."""

    def collect(self, between: Between) -> str:
        """Go on with the work and report what ended since the last call; raises its error."""

    def unfinished_since(self) -> int | None:
        """The change id after which its work is unfinished (None: all is done)."""


class DiaryStep:
    """Rebuild exactly the pages the changes touch (every page on a new day or after a
    restore, the landing pages first), by the planner `ejsync build` uses too.

    When only some students' weeks change, their week pages (what families open, and where
    homework shows) are made in the cycle; their other pages (subjects, attendance) wait
    until no write does, for at most MAX_DEFER, and the manifest's position with them."""

    def __init__(self, out_dir: Path, today: date | None = None,
                 workers: Workers | None = None) -> None:
        self.out_dir = out_dir
        self.today = today
        self.workers = workers
        self.output = DiaryOutput(out_dir)  # removes temp files a crash left; keeps the manifest
        self.later = Affected()  # the other pages of changes whose week pages are made
        self.planned = (-1, "")  # with `later`: every change up to this one (and its mark)
        self.later_since = 0.0  # monotonic: when `later` got its oldest pages

    def __call__(self, cycle: Cycle) -> DiaryCycle:
        today = self._today(cycle.conn, cycle.now)
        if cycle.restored or not self._later_holds(cycle.conn, today):
            self.later = Affected()  # planned again from the manifest's position
        plan = plan_rebuild(cycle.conn, self.output.manifest, today=today,
                            until=cycle.until_change_id,
                            since=self.planned[0] if self.later else None)
        later = Affected() if plan.full else self.later
        parts = plan.affected.weeks_apart() if plan.needed and not plan.full else None
        if parts is not None:
            plan, later = replace(plan, affected=parts[0]), later | parts[1]
        pending = start_rebuild(cycle.conn, self.output, plan, today=today,
                                workers=self.workers, landing_first=True, covers=not later)
        return DiaryCycle(self, pending, (plan.until, log_mark(cycle.conn, plan.until)), later)

    def collect(self, between: Between) -> str:
        """Make the pages left for later, class by class while no change waits (once they
        waited MAX_DEFER, for at least OVERDUE_SLICE a time); the manifest's position moves
        when all are made."""
        if not self.later:
            return ""
        overdue = time.monotonic() - self.later_since >= MAX_DEFER
        if between.busy() and not overdue:
            return ""
        today = self._today(between.conn, datetime.now(UTC))
        if not self._later_holds(between.conn, today):  # a new day, a restore: all again
            self.later = Affected()
            between.wake()
            return ""
        started = time.perf_counter()

        def yield_now() -> bool:
            return between.busy() and (
                not overdue or time.perf_counter() - started >= OVERDUE_SLICE)

        pending = start_build(between.conn, self.out_dir, today=today, output=self.output,
                              student_ids=self.later.ids, selections=self.later.selections(),
                              default=NOTHING, covers_change_id=self.planned[0],
                              reason="отложенные страницы",
                              interrupted=yield_now)
        report = pending.finish()
        self.later = Affected() if pending.complete else self.later.without(pending.built)
        return (f"diary students={len(pending.built)} pages_rendered={report.pages_rendered}"
                f" pages_written={report.pages_written}"
                + (f" later={len(self.later.ids)}" if self.later else "")
                + f" ms={(time.perf_counter() - started) * 1000:.0f}")

    def _later_holds(self, conn: sqlite3.Connection, today: date) -> bool:
        """Whether the pages left for later still complete the output: the same day and
        templates, and the log still holds the changes they were planned from."""
        if not self.later:
            return True
        until, mark = self.planned
        return log_mark(conn, until) == mark and not plan_rebuild(
            conn, self.output.manifest, today=today, until=until, since=until).full

    def unfinished_since(self) -> int | None:
        """The manifest's position while pages are left for later (None: none are)."""
        return self.output.manifest.change_id if self.later else None

    def _today(self, conn: sqlite3.Connection, now: datetime) -> date:
        return self.today or school_today(conn, now)


@dataclass
class DiaryCycle:
    """The pages of one cycle being made; `finish()` waits for them, then records what is
    left for later."""

    step: DiaryStep
    pending: PendingRebuild
    planned: tuple[int, str]  # the cycle's last change and its mark
    later: Affected

    def finish(self) -> RebuildReport:
        report = self.pending.finish()
        step = self.step
        if self.later and not step.later:
            step.later_since = time.monotonic()
        step.later, step.planned = self.later, self.planned
        return report


@dataclass(frozen=True)
class CheckRun:
    """One regulation check: of the changes (since, until], or of everything (`full`)."""

    since: int  # exclusive
    until: int  # inclusive
    full: bool
    as_of: datetime

    def then(self, newer: CheckRun) -> CheckRun:
        """This check and a newer one as one: from this one's start to the newer one's end."""
        return CheckRun(min(self.since, newer.since), newer.until, self.full or newer.full,
                        newer.as_of)

    def __str__(self) -> str:
        return "checks=full" if self.full else f"checks ids={self.since + 1}..{self.until}"


class ChecksStep:
    """Check the regulations for what the changes touch; on the timer, a full check now and
    then, so deadlines that pass with no write are found too.

    With workers a check runs in a worker process while the cycles go on (the pages never
    wait for it), one at a time: changes that come meanwhile are checked together next. The
    agent's cursor stays before the changes not checked yet."""

    def __init__(self, full_every: float = FULL_CHECK_EVERY,
                 workers: Workers | None = None) -> None:
        self.full_every = full_every
        self.last_full = float("-inf")
        self.workers = workers
        self.queued: CheckRun | None = None
        self.running: tuple[CheckRun, Future] | None = None

    def __call__(self, cycle: Cycle) -> str:
        due = cycle.timer and time.monotonic() - self.last_full >= self.full_every
        if due or cycle.restored:
            self.last_full = time.monotonic()
        elif cycle.until_change_id <= cycle.since_change_id:
            return ""
        check = CheckRun(cycle.since_change_id, cycle.until_change_id, due or cycle.restored,
                         cycle.now)
        if self.workers is None:
            return f"{check} {run_check(cycle.conn, check)}"
        self.queued = check if self.queued is None else self.queued.then(check)
        self._start_queued(cycle.wake)
        return ""

    def _start_queued(self, wake: Callable[[], None]) -> None:
        """Hand the queued check to a worker unless one is running; `wake` when it ends."""
        if self.running is not None or self.queued is None:
            return
        check, self.queued = self.queued, None
        future = self.workers.submit(check_in_worker, check)
        future.add_done_callback(lambda _: wake())
        self.running = (check, future)

    def collect(self, between: Between) -> str:
        """The report of a check that ended since the last call ('' if none), starting the
        next; a failed check is queued again and its error raised."""
        if self.running is None or not self.running[1].done():
            return ""
        (check, future), self.running = self.running, None
        if (error := future.exception()) is not None:
            self.queued = check if self.queued is None else check.then(self.queued)
            raise error
        self._start_queued(between.wake)
        return f"{check} {future.result()}"

    def unfinished_since(self) -> int | None:
        """The change id after which checks are still queued or running (None: none are)."""
        waiting = [self.queued, self.running[0] if self.running else None]
        return min((check.since for check in waiting if check is not None), default=None)


def run_check(conn: sqlite3.Connection, check: CheckRun) -> str:
    """Run `check` over `conn`; the log fragment of what it did."""
    started = time.perf_counter()
    since, until = (None, None) if check.full else (check.since, check.until)
    result = run_checks(conn, as_of=check.as_of, since_change_id=since, until_change_id=until)
    counts = result.counts
    return (f"opened={counts['opened']} closed={counts['closed']}"
            f" check_ms={(time.perf_counter() - started) * 1000:.0f}")


def check_in_worker(db: str, check: CheckRun) -> str:
    """`run_check` in a worker process, over its own connection."""
    return run_check(worker_connection(db, readonly=False), check)


class PrintStep:
    """On the timer, print the editions due today (P-PERIOD-PRINT, R-OFFLINE-FAMILY).

    A print problem (say, no signing key yet) is logged and retried on the next tick; it never
    holds back the diaries."""

    def __init__(self, archive_dir: Path, today: date | None = None) -> None:
        self.archive_dir = archive_dir
        self.today = today

    def __call__(self, cycle: Cycle) -> str:
        if not cycle.timer:
            return ""
        today = self.today or school_today(cycle.conn, cycle.now)
        try:
            runs = run_due(cycle.conn, today=today, out_dir=self.archive_dir)
        except UserError as exc:
            log.warning("printing skipped: %s", exc)
            return "print=skipped"
        done = sum(1 for run in runs if run.status == "done")
        failed = sum(1 for run in runs if run.status == "failed")
        return f"print_done={done} print_failed={failed}" if runs else ""


def default_steps(out_dir: Path, today: date | None = None,
                  archive_dir: Path = DEFAULT_ARCHIVE,
                  workers: Workers | None = None) -> list[Step]:
    """The ordered steps of a cycle: the regulation checks of the changes (handed to a worker
    process when there are workers, so they do not hold the pages up), the diaries (what
    families wait for), then the print editions due."""
    return [ChecksStep(workers=workers), DiaryStep(out_dir, today, workers),
            PrintStep(archive_dir, today)]


def read_cursor(conn: sqlite3.Connection) -> int | None:
    """The last change id the agent has fully processed, or None on the first run."""
    row = conn.execute("SELECT change_id FROM cursors WHERE name = ?", (CURSOR_NAME,)).fetchone()
    return None if row is None else row[0]


def write_cursor(conn: sqlite3.Connection, change_id: int) -> None:
    """Record that every change up to `change_id` is processed."""
    with transaction(conn):
        conn.execute(
            "INSERT INTO cursors (name, change_id, updated_at)"
            " VALUES (?, ?, ?)"
            " ON CONFLICT (name) DO UPDATE SET change_id = excluded.change_id,"
            " updated_at = excluded.updated_at",
            (CURSOR_NAME, change_id, stamp()),
        )


class _DatabaseWrites(FileSystemEventHandler):
    """Wakes the agent when the database file or its WAL changes (not the -shm readers touch)."""

    def __init__(self, db: Path, wake: threading.Event) -> None:
        self.names = {db.name, f"{db.name}-wal", f"{db.name}-journal"}
        self.wake = wake

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.is_directory or event.event_type in ("opened", "closed_no_write"):
            return
        paths = [event.src_path, getattr(event, "dest_path", "")]
        if any(Path(str(p)).name in self.names for p in paths if p):
            self.wake.set()


class Agent:
    """Watch the database directory and run cycles until stopped.

    Between cycles it notices a database restored or replaced under it: another file under
    the same name (file identity) is reopened, and a change log that no longer holds the
    last change the agent processed (ids gone backwards, or another change under that id)
    starts a cycle even without new ids, with a full regulation check."""

    def __init__(self, db: Path, steps: list[Step], *, interval: float = DEFAULT_INTERVAL) -> None:
        self.db = db
        self.steps = steps
        self.interval = interval
        self.wake = threading.Event()
        self.stopping = threading.Event()
        self.conn = connect(db)
        self.identity = file_identity(db)
        self.data_version: int | None = None  # as of the last cycle: unchanged → no restore
        self.position: tuple[int, str] | None = None  # the last change processed, and its mark
        self.seen: int | None = None  # the steps ran over every change up to this one
        self.failures = 0
        self.hold_until = 0.0  # after a failed cycle, retry no sooner than this (monotonic)

    def stop(self, *_: object) -> None:
        """Ask the loop to finish the current cycle and exit."""
        self.stopping.set()
        self.wake.set()

    def run(self) -> None:
        """Catch up from the cursor, then cycle on every burst of writes and every tick."""
        observer = Observer()
        observer.schedule(_DatabaseWrites(self.db, self.wake), str(self.db.parent.resolve()))
        observer.start()
        log.info("agent started: db=%s interval=%ss cursor=%s", self.db, self.interval,
                 read_cursor(self.conn))
        try:
            self.cycle(timer=True)
            next_tick = time.monotonic() + self.interval
            while not self.stopping.is_set():
                woke = self.wake.wait(timeout=max(0.0, next_tick - time.monotonic()))
                if self.stopping.is_set():
                    break
                if woke:
                    self._debounce()
                    self.stopping.wait(max(0.0, self.hold_until - time.monotonic()))
                    self.cycle(timer=False)
                if time.monotonic() >= next_tick:
                    self.cycle(timer=True)
                    next_tick = time.monotonic() + self.interval
        finally:
            observer.stop()
            observer.join()
            self.conn.close()
            log.info("agent stopped")

    def _debounce(self) -> None:
        """Let a burst of writes finish: wait for a quiet gap, at most MAX_DEBOUNCE."""
        deadline = time.monotonic() + MAX_DEBOUNCE
        self.wake.clear()
        while time.monotonic() < deadline and not self.stopping.is_set():
            if not self.wake.wait(timeout=min(QUIET, max(0.0, deadline - time.monotonic()))):
                return
            self.wake.clear()

    def _reopen_if_replaced(self) -> bool:
        """Reopen the database when another file now has its name; whether it did."""
        try:
            identity = file_identity(self.db)
        except OSError:
            return False  # mid-replacement: the next wake finds the new file
        if identity == self.identity:
            return False
        log.warning("database file replaced (inode %s → %s): reopened", self.identity[1],
                    identity[1])
        self.conn.close()
        self.conn, self.identity, self.data_version = connect(self.db), identity, None
        return True

    def _restored(self, until: int) -> bool:
        """Whether the log lost the last change this agent processed (a restore)."""
        if self.position is None:
            return False
        done, mark = self.position
        return until < done or log_mark(self.conn, done) != mark

    def cycle(self, *, timer: bool) -> bool:
        """One pass over the new changes; returns whether the steps ran (changes, the timer or
        a restore). Background work that ended is reported and the cursor moved either way."""
        started = time.perf_counter()
        replaced = self._reopen_if_replaced()
        version = self.conn.execute("PRAGMA data_version").fetchone()[0]
        cursor = read_cursor(self.conn)
        until = last_change_id(self.conn)
        # only a commit of another connection (data_version moved) can be a restore
        restored = replaced or (version != self.data_version and self._restored(until))
        if restored or self.seen is None or self.seen > until:
            self.seen = cursor if cursor is not None and cursor <= until else 0
        since = self.seen
        if until == since and not (timer or restored):
            self.data_version = version
            self._settle(cursor, until)
            return False
        cycle = Cycle(self.conn, since, until, datetime.now(UTC), timer, restored,
                      self.wake.set)
        fragments: list[object] = []
        try:
            for step in self.steps:
                fragment = step(cycle)
                if fragment:  # a step may return a report object: its str() is logged
                    fragments.append(fragment)
            fragments = [f.finish() if hasattr(f, "finish") else f for f in fragments]
        except Exception:
            self._failed(f"changes {since + 1}..{until}")
            return False
        self.seen, self.failures = until, 0
        self.position = (until, log_mark(self.conn, until))
        self.data_version = version
        elapsed = (time.perf_counter() - started) * 1000
        span = f" ids={since + 1}..{until}" if until > since else ""
        log.info("cycle %s changes=%d%s%s %s ms=%.0f", "timer" if timer else "write",
                 until - since, span, " restored=1" if restored else "",
                 " ".join(map(str, fragments)),
                 elapsed)
        self._settle(cursor, until)
        return True

    def _settle(self, cursor: int | None, until: int) -> None:
        """Log the background work that ended and move the cursor up to the first change
        with unfinished work."""
        background = [step for step in self.steps if isinstance(step, BackgroundStep)]
        between = Between(self.conn, self.wake.set, self._writes_waiting)
        try:
            for step in background:
                if report := step.collect(between):
                    log.info("done %s", report)
        except Exception:
            self._failed("background work")
        unfinished = (step.unfinished_since() for step in background)
        target = min([until, *(since for since in unfinished if since is not None)])
        if target != cursor:
            write_cursor(self.conn, target)

    def _writes_waiting(self) -> bool:
        """Whether new changes wait for a cycle (not just a wake-up: the checks' own writes to
        the violations wake the agent too, but log no change)."""
        return self.wake.is_set() and last_change_id(self.conn) > (self.seen or 0)

    def _failed(self, what: str) -> None:
        """Count a failure and hold the next cycle back for a growing while."""
        self.failures += 1
        delay = min(MAX_RETRY_DELAY, 2.0 ** self.failures)
        self.hold_until = time.monotonic() + delay
        log.exception("cycle failed (%s); the cursor stays and the work is retried in %.0f s"
                      " or later", what, delay)


def run_agent(db: Path, out_dir: Path, *, interval: float = DEFAULT_INTERVAL,
              today: date | None = None, archive_dir: Path = DEFAULT_ARCHIVE,
              jobs: int | None = None) -> None:
    """Run the agent in the foreground until SIGTERM or Ctrl-C; one log line per cycle.

    Its build processes start before the watchdog thread does."""
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False
    count = default_jobs() if jobs is None else jobs
    workers = Workers(db, count, WORKER_PRELOAD) if count > 1 else contextlib.nullcontext()
    with workers as workers:
        agent = Agent(db, default_steps(out_dir, today, archive_dir, workers), interval=interval)
        signal.signal(signal.SIGTERM, agent.stop)
        signal.signal(signal.SIGINT, agent.stop)
        agent.run()
