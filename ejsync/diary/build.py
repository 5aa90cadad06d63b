"""Build students' diaries: models → pages → atomic writes, class by class."""

from __future__ import annotations

import multiprocessing
import pickle
import sqlite3
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ejsync.diary import queries
from ejsync.diary.affected import Affected, affected_students, last_change_id, read_changes
from ejsync.diary.model import (
    ClassContext,
    SchoolContext,
    Student,
    load_class_context,
    load_records,
    load_school_context,
    load_students,
)
from ejsync.diary.output import DiaryOutput, StudentPages, WriteCounts, content_hash
from ejsync.diary.pages import (
    STYLESHEET,
    render_page,
    stylesheet,
    stylesheet_hash,
    templates_digest,
)
from ejsync.diary.tokens import ensure_tokens
from ejsync.diary.views import (
    ATTENDANCE_PAGE,
    EVENTS_PAGE,
    INFO_PAGE,
    RESULTS_PAGE,
    StudentView,
)
from ejsync.store import connect

Progress = Callable[[int, int], None]
PARALLEL_FROM = 200  # students: smaller builds are not worth starting worker processes


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


@dataclass(frozen=True)
class PageSelection:
    """Which pages of a student a build makes: the week pages of `weeks` (their Mondays; None:
    every week) and, with `summaries`, the subjects, results, attendance, events and info."""

    weeks: frozenset[date] | None = None
    summaries: bool = True

    @property
    def every_page(self) -> bool:
        """Whether every page is made (pages no longer made can then be removed)."""
        return self.weeks is None and self.summaries


EVERY_PAGE = PageSelection()


def page_selections(affected: Affected) -> dict[int, PageSelection]:
    """The pages to rebuild of each student a range of changes touched."""
    return {student_id: PageSelection(None if weeks is None else frozenset(weeks))
            for student_id, weeks in affected.weeks.items()}


def page_models(view: StudentView, selection: PageSelection = EVERY_PAGE) -> dict[str, object]:
    """The selected page models of one student by file name (index.html shares the model of
    the current week)."""
    models: dict[str, object] = dict(view.week_pages(selection.weeks))
    if selection.summaries:
        models.update(view.subjects_pages())
        models[RESULTS_PAGE] = view.report_card()
        models[ATTENDANCE_PAGE] = view.attendance()
        models[EVENTS_PAGE] = view.events()
        models[INFO_PAGE] = view.info()
    return models


def fingerprint(model: object) -> str:
    """What a page is made of: its model and the templates; equal → the same bytes.

    A spurious difference only costs a render: the content hash still decides the write."""
    return content_hash(templates_digest().encode() + pickle.dumps(model, protocol=5))


def student_pages(models: dict[str, object], known: StudentPages) -> tuple[StudentPages, int]:
    """A student's pages from their models, rendering only those changed since `known`."""
    pages = StudentPages({STYLESHEET: stylesheet()}, {STYLESHEET: stylesheet_hash()})
    rendered: dict[int, bytes] = {}
    fingerprints: dict[int, str] = {}
    for name, model in models.items():
        key = id(model)
        if key not in fingerprints:
            fingerprints[key] = fingerprint(model)
        pages.inputs[name] = fingerprints[key]
        if known.unchanged(name, fingerprints[key]):
            pages.content[name] = None
            continue
        if key not in rendered:  # index.html is the current week's page: render it once
            rendered[key] = render_page(model)
        pages.content[name] = rendered[key]
    return pages, len(rendered)


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
    selections: Mapping[int, PageSelection] | None = None,
    landing_only: bool = False,
) -> BuildReport:
    """Build the diaries of `student_ids` (None: every student of the year) into `out_dir`.

    `covers_change_id` is recorded in the manifest when the build accounts for every change
    up to it (a full or an incremental build), so the next incremental build starts there.
    A long-running caller (the agent) passes its `output` to keep the manifest in memory.
    Pages whose model is unchanged are not rendered, unless `force` (repair a damaged output).
    With `jobs` > 1 a large build runs its classes in that many forked worker processes.
    `selections` limits a student's build to some pages (the others stay as they are).
    `landing_only` builds just each student's current week (and index.html) from that week's
    rows alone; it covers no changes, so the manifest's day and cursor stay as they were.
    """
    started = time.perf_counter()
    output = output or DiaryOutput(out_dir)
    output.keep_master(STYLESHEET, stylesheet())
    ctx = load_school_context(conn, today)
    students = load_students(conn, ctx.year["id"])
    chosen = [s for s in students.values() if student_ids is None or s.id in student_ids]
    tokens, own_changes = ensure_tokens(conn, [s.id for s in chosen])
    covers_change_id = own_changes.extend(covers_change_id)
    report = BuildReport(students=len(chosen), reason=reason)
    groups = list(_by_home_class(chosen, today).items())
    if landing_only:
        span = ctx.current_week
        default = PageSelection(frozenset({date.fromisoformat(span[0])}), summaries=False)
    else:
        span, default = queries.EVER, EVERY_PAGE
    batch = BuildBatch(ctx, tokens, output, force, span, selections or {}, default)
    done = 0
    if jobs > 1 and len(groups) > 1 and len(chosen) >= PARALLEL_FROM:
        results = _in_workers(batch, _database_path(conn), groups, jobs)
    else:
        results = (batch.build_class(conn, class_id, group) for class_id, group in groups)
    for entries, counts, rendered in results:
        output.manifest.students.update(entries)
        report.pages_rendered += rendered
        report.pages_written += counts.written
        report.pages_unchanged += counts.unchanged
        report.pages_removed += counts.removed
        done += len(entries)
        if progress:
            progress(done, len(chosen))
    if not landing_only:
        output.manifest.as_of = today.isoformat()
        output.manifest.templates = templates_digest()
        if covers_change_id is not None:
            output.manifest.change_id = covers_change_id
    output.save_manifest()
    report.change_id = output.manifest.change_id
    report.seconds = time.perf_counter() - started
    return report


@dataclass
class BuildBatch:
    """What every class of one build shares; forked workers inherit it."""

    ctx: SchoolContext
    tokens: dict[int, str]
    output: DiaryOutput
    force: bool
    span: queries.Span  # the days whose records are read (EVER: all)
    selections: Mapping[int, PageSelection]
    default: PageSelection  # for students without a selection of their own

    def build_class(self, conn: sqlite3.Connection, class_id: int,
                    group: list[Student]) -> tuple[dict[str, dict], WriteCounts, int]:
        """Build one class's students: their manifest entries, what was written, renders."""
        self.output.counts = counts = WriteCounts()
        self.ctx.rows.clear()  # the lessons of the previous class are not needed again
        contexts = _class_contexts(conn, self.ctx, group, class_id, self.span)
        records = load_records(conn, [s.id for s in group], self.span)
        rendered = 0
        for student in group:
            token = self.tokens[student.id]
            view = StudentView(self.ctx, student, contexts, records[student.id])
            known = self.output.known_pages(token, student.id)
            if self.force:
                known.inputs = {}
            selection = self.selections.get(student.id, self.default)
            pages, count = student_pages(page_models(view, selection), known)
            rendered += count
            self.output.write_student(token, student.id, pages, verify=self.force,
                                      partial=not selection.every_page)
        entries = {self.tokens[s.id]: self.output.manifest.students[self.tokens[s.id]]
                   for s in group}
        return entries, counts, rendered


_BATCH: dict[str, object] = {}  # the batch and database of a forked worker


def _in_workers(batch: BuildBatch, db: str, groups: list, jobs: int) -> Iterator:
    """Build class groups in forked processes; results arrive as classes finish."""
    _BATCH.update(batch=batch, db=db)
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        yield from pool.imap_unordered(_build_in_worker, groups)
    _BATCH.clear()


def _build_in_worker(item: tuple[int, list[Student]]) -> tuple[dict[str, dict], WriteCounts, int]:
    if "conn" not in _BATCH:
        _BATCH["conn"] = connect(_BATCH["db"], readonly=True)
    batch: BuildBatch = _BATCH["batch"]  # type: ignore[assignment]
    return batch.build_class(_BATCH["conn"], *item)  # type: ignore[arg-type]


def _database_path(conn: sqlite3.Connection) -> str:
    return conn.execute("PRAGMA database_list").fetchone()[2]


def _by_home_class(students: list[Student], today: date) -> dict[int, list[Student]]:
    groups: dict[int, list[Student]] = defaultdict(list)
    for student in students:
        groups[student.home_enrollment(today).class_id].append(student)
    return groups


def _class_contexts(conn: sqlite3.Connection, ctx: SchoolContext, group: list[Student],
                    home_class_id: int, span: queries.Span) -> dict[int, ClassContext]:
    """The contexts of every class the group's students were in this year."""
    class_ids = {home_class_id} | {e.class_id for s in group for e in s.enrollments}
    return {cid: load_class_context(conn, cid, ctx, span) for cid in sorted(class_ids)}


def incremental_build(conn: sqlite3.Connection, out_dir: Path, *, today: date,
                      progress: Progress | None = None, jobs: int = 1) -> BuildReport:
    """Rebuild only what changed since the manifest's last full pass; nothing if nothing did."""
    manifest = DiaryOutput(out_dir).manifest
    until = last_change_id(conn)
    if manifest.change_id < 0 or manifest.change_id > until:
        return build_diaries(conn, out_dir, today=today, covers_change_id=until,
                             reason="первая сборка", progress=progress, jobs=jobs)
    if manifest.as_of != today.isoformat() or manifest.templates != templates_digest():
        return build_diaries(conn, out_dir, today=today, covers_change_id=until,
                             reason="новый день или шаблоны", progress=progress, jobs=jobs)
    affected = affected_students(conn, read_changes(conn, manifest.change_id, until))
    if not affected:
        return BuildReport(change_id=manifest.change_id, reason="изменений нет")
    return build_diaries(conn, out_dir, today=today,
                         student_ids=None if affected.everyone else affected.ids,
                         selections=page_selections(affected), covers_change_id=until,
                         reason="изменения в журнале", progress=progress, jobs=jobs)
