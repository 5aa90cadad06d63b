"""Build students' diaries class by class: in this process or in worker processes."""

from __future__ import annotations

import os
import sqlite3
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ejsync.diary.affected import log_mark
from ejsync.diary.jobs import ClassJob, ClassResult, run_job, run_job_in_worker
from ejsync.diary.model import Student, load_school_context, load_students
from ejsync.diary.output import DiaryOutput
from ejsync.diary.pages import STYLESHEET, stylesheet, templates_digest
from ejsync.diary.selection import EVERY_PAGE, NONE, PageSelection
from ejsync.diary.tokens import ensure_tokens
from ejsync.workers import Workers

Progress = Callable[[int, int], None]
PARALLEL_FROM = 200  # students: smaller builds are not worth handing to worker processes
PRELOAD = ["ejsync.diary.jobs"]  # what a worker imports once, before its first job


@dataclass
class BuildReport:
    """What one build did."""

    students: int = 0
    pages_rendered: int = 0
    pages_written: int = 0
    pages_unchanged: int = 0
    pages_removed: int = 0
    change_id: int = 0
    seconds: float = 0.0
    reason: str = ""
    worker_cpu_seconds: float = 0.0  # CPU time of the worker processes (0: none were used)
    worker_peak_kb: int = 0  # the largest worker's peak memory

    def add(self, result: ClassResult, in_worker: bool) -> None:
        """Count what one job did."""
        if in_worker:
            self.worker_cpu_seconds += result.cpu_seconds
            self.worker_peak_kb = max(self.worker_peak_kb, result.peak_kb)
        self.pages_rendered += result.rendered
        self.pages_written += result.counts.written
        self.pages_unchanged += result.counts.unchanged
        self.pages_removed += result.counts.removed


def landing_selection(conn: sqlite3.Connection, today: date) -> PageSelection:
    """The page a family opens first: the current week (and index.html)."""
    first = date.fromisoformat(load_school_context(conn, today).current_week[0])
    return PageSelection(frozenset({first}), NONE, NONE)


def build_diaries(conn: sqlite3.Connection, out_dir: Path, **options) -> BuildReport:
    """Build the diaries into `out_dir` (see `start_build` for the options) and wait for it."""
    return start_build(conn, out_dir, **options).finish()


def start_build(
    conn: sqlite3.Connection,
    out_dir: Path,
    *,
    today: date,
    student_ids: set[int] | None = None,
    covers_change_id: int | None = None,
    reason: str = "",
    progress: Progress | None = None,
    output: DiaryOutput | None = None,
    force: bool = False,
    jobs: int = 1,
    workers: Workers | None = None,
    selections: Mapping[int, PageSelection] | None = None,
    default: PageSelection = EVERY_PAGE,
    landing_only: bool = False,
    interrupted: Callable[[], bool] | None = None,
) -> PendingBuild:
    """Start building the diaries of `student_ids` (None: every student of the year).

    `covers_change_id` is recorded in the manifest when the build accounts for every change
    up to it, so the next incremental build starts there. A long-running caller (the agent)
    passes its `output` (the manifest in memory) and its `workers`: the pages are then made
    in those processes while the caller goes on, and `finish()` collects them. Pages whose
    model is unchanged are not rendered, unless `force` (repair a damaged output).
    `selections` limits a student's build to some pages, `default` those of the others.
    `landing_only` builds just each student's current week (and index.html) from that week's
    rows alone; it covers no changes, so the manifest's day and cursor stay as they were.
    `interrupted` is asked between the classes of a build made here: once it says so, the
    other classes are left (`PendingBuild.built` names the students built) and no change is
    covered.
    Without `workers`, a build of `jobs` > 1 and many students starts that many processes.
    """
    started = time.perf_counter()
    output = output or DiaryOutput(out_dir)
    output.keep_master(STYLESHEET, stylesheet())
    year = load_school_context(conn, today).year
    chosen = list(load_students(conn, year["id"], student_ids).values())
    tokens, own_changes = ensure_tokens(conn, [s.id for s in chosen])
    if landing_only:
        selections, default, covers_change_id = {}, landing_selection(conn, today), None
    picked = {s.id: (selections or {}).get(s.id, default) for s in chosen}
    stack = ExitStack()
    if len(chosen) < PARALLEL_FROM:
        workers = None  # a few students: made here, sooner than handed to another process
    elif workers is None and jobs > 1:
        workers = stack.enter_context(Workers(_database_path(conn), jobs, PRELOAD))
    first = list(selections or ()) if workers is None else []  # made here: oldest change first
    class_jobs = _jobs(output, today, chosen, tokens, picked, force, first)
    pending = PendingBuild(conn, output, BuildReport(students=len(chosen), reason=reason),
                           today, own_changes.extend(covers_change_id), landing_only, started,
                           stack, progress, in_workers=workers is not None)
    if workers is not None:
        pending.results = workers.map_unordered(run_job_in_worker, class_jobs)
    else:  # made now: whatever the caller does next waits for these pages, not they for it
        pending.collect(run_job(conn, job) for job in _until(class_jobs, interrupted))
    return pending


@dataclass
class PendingBuild:
    """A started build: its jobs run in worker processes until `finish()` collects them."""

    conn: sqlite3.Connection
    output: DiaryOutput
    report: BuildReport
    today: date
    covers_change_id: int | None
    landing_only: bool
    started: float
    stack: ExitStack
    progress: Progress | None = None
    in_workers: bool = False
    results: Iterator[ClassResult] = field(default_factory=lambda: iter(()))
    built: set[int] = field(default_factory=set)  # the students whose pages are made

    @property
    def complete(self) -> bool:
        """Whether every chosen student's pages are made (no class was left)."""
        return len(self.built) == self.report.students

    def collect(self, results: Iterable[ClassResult]) -> None:
        """Record what jobs did in the manifest and the report."""
        for result in results:
            self.output.manifest.students.update(result.entries)
            self.report.add(result, in_worker=self.in_workers)
            self.built.update(entry["student_id"] for entry in result.entries.values())
            if self.progress:
                self.progress(len(self.built), self.report.students)

    def finish(self) -> BuildReport:
        """Wait for every page, then write the manifest's head."""
        with self.stack:
            self.collect(self.results)
        manifest = self.output.manifest
        if not self.landing_only:
            manifest.as_of = self.today.isoformat()
            manifest.templates = templates_digest()
            if self.covers_change_id is not None and self.complete:
                manifest.change_id = self.covers_change_id
                manifest.change_mark = log_mark(self.conn, self.covers_change_id)
        self.output.save_manifest()
        self.report.change_id = manifest.change_id
        self.report.seconds = time.perf_counter() - self.started
        return self.report


def _until(jobs: list[ClassJob], interrupted: Callable[[], bool] | None) -> Iterator[ClassJob]:
    """The jobs, one by one, until `interrupted` says to stop."""
    for job in jobs:
        if interrupted is not None and interrupted():
            return
        yield job


def _jobs(output: DiaryOutput, today: date, chosen: list[Student], tokens: dict[int, str],
          selections: dict[int, PageSelection], force: bool,
          first: list[int]) -> list[ClassJob]:
    """One job per home class: the class of the earliest student in `first` first (the
    selections follow the change log: the longest waiting pages), else the largest first."""
    groups: dict[int, list[Student]] = defaultdict(list)
    for student in chosen:
        groups[student.home_enrollment(today).class_id].append(student)
    rank = {student_id: index for index, student_id in enumerate(first)}
    parts = sorted(groups.items(), key=lambda part: (
        min(rank.get(s.id, len(rank)) for s in part[1]), -len(part[1])))
    entries = output.manifest.students
    return [
        ClassJob(output.root, today, cid, tuple(group),
                 {s.id: tokens[s.id] for s in group},
                 {s.id: selections[s.id] for s in group},
                 {tokens[s.id]: entries[tokens[s.id]] for s in group if tokens[s.id] in entries},
                 force)
        for cid, group in parts
    ]


def _database_path(conn: sqlite3.Connection) -> Path:
    return Path(conn.execute("PRAGMA database_list").fetchone()[2])


def default_jobs() -> int:
    """Worker processes of a large build: one per core."""
    return os.cpu_count() or 1
