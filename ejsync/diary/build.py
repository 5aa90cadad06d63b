"""Build students' diaries class by class: in this process or in worker processes."""

from __future__ import annotations

import os
import sqlite3
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ejsync.diary.affected import log_mark
from ejsync.diary.jobs import ClassJob, ClassResult, run_job
from ejsync.diary.model import Student, load_school_context, load_students
from ejsync.diary.output import DiaryOutput
from ejsync.diary.pages import STYLESHEET, stylesheet, templates_digest
from ejsync.diary.selection import EVERY_PAGE, NONE, PageSelection
from ejsync.diary.tokens import ensure_tokens
from ejsync.diary.workers import Workers

Progress = Callable[[int, int], None]
PARALLEL_FROM = 200  # students: smaller builds are not worth starting worker processes
SPLIT_FROM = 8  # a class this large is shared among the workers when it is built alone


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

    def add(self, result: ClassResult) -> None:
        """Count what one job did."""
        self.pages_rendered += result.rendered
        self.pages_written += result.counts.written
        self.pages_unchanged += result.counts.unchanged
        self.pages_removed += result.counts.removed


def landing_selection(conn: sqlite3.Connection, today: date) -> PageSelection:
    """The page a family opens first: the current week (and index.html)."""
    first = date.fromisoformat(load_school_context(conn, today).current_week[0])
    return PageSelection(frozenset({first}), NONE, NONE)


def build_diaries(
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
) -> BuildReport:
    """Build the diaries of `student_ids` (None: every student of the year) into `out_dir`.

    `covers_change_id` is recorded in the manifest when the build accounts for every change
    up to it, so the next incremental build starts there. A long-running caller (the agent)
    passes its `output` (the manifest in memory) and its `workers`. Pages whose model is
    unchanged are not rendered, unless `force` (repair a damaged output). `selections` limits
    a student's build to some pages, `default` those of the others. `landing_only` builds
    just each student's current week (and index.html) from that week's rows alone; it covers
    no changes, so the manifest's day and cursor stay as they were. With `jobs` > 1 a large
    build runs in that many worker processes.
    """
    started = time.perf_counter()
    output = output or DiaryOutput(out_dir)
    output.keep_master(STYLESHEET, stylesheet())
    year = load_school_context(conn, today).year
    chosen = [s for s in load_students(conn, year["id"]).values()
              if student_ids is None or s.id in student_ids]
    tokens, own_changes = ensure_tokens(conn, [s.id for s in chosen])
    covers_change_id = own_changes.extend(covers_change_id)
    if landing_only:
        selections, default = {}, landing_selection(conn, today)
    report = BuildReport(students=len(chosen), reason=reason)
    picked = {s.id: (selections or {}).get(s.id, default) for s in chosen}
    class_jobs = _jobs(output, today, chosen, tokens, picked, force,
                       workers.count if workers else jobs)
    with ExitStack() as stack:
        if workers is None and jobs > 1 and len(chosen) >= PARALLEL_FROM:
            workers = stack.enter_context(Workers(_database_path(conn), jobs))
        results = _run(conn, class_jobs, workers if workers and len(class_jobs) > 1 else None)
        done = 0
        for result in results:
            output.manifest.students.update(result.entries)
            report.add(result)
            done += len(result.entries)
            if progress:
                progress(done, len(chosen))
    if not landing_only:
        output.manifest.as_of = today.isoformat()
        output.manifest.templates = templates_digest()
        if covers_change_id is not None:
            output.manifest.change_id = covers_change_id
            output.manifest.change_mark = log_mark(conn, covers_change_id)
    output.save_manifest()
    report.change_id = output.manifest.change_id
    report.seconds = time.perf_counter() - started
    return report


def _run(conn: sqlite3.Connection, jobs: list[ClassJob],
         workers: Workers | None) -> Iterator[ClassResult]:
    if workers is not None:
        yield from workers.run(jobs)
        return
    for job in jobs:
        yield run_job(conn, job)


def _jobs(output: DiaryOutput, today: date, chosen: list[Student], tokens: dict[int, str],
          selections: dict[int, PageSelection], force: bool, workers: int) -> list[ClassJob]:
    """One job per home class, largest first; a class built alone is split among workers."""
    groups: dict[int, list[Student]] = defaultdict(list)
    for student in chosen:
        groups[student.home_enrollment(today).class_id].append(student)
    parts = [(cid, group) for cid, group in groups.items()]
    if len(parts) == 1 and workers > 1 and len(parts[0][1]) >= SPLIT_FROM:
        cid, group = parts[0]
        parts = [(cid, group[n::workers]) for n in range(workers)]
    parts.sort(key=lambda part: -len(part[1]))
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
