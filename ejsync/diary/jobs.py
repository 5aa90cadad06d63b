"""One class's students to build: models → pages → atomic writes, in this or a worker process."""

from __future__ import annotations

import pickle
import resource
import sqlite3
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from ejsync.diary import queries
from ejsync.diary.model import (
    ClassContext,
    SchoolContext,
    Student,
    StudentRecords,
    load_class_context,
    load_records,
    load_school_context,
)
from ejsync.diary.output import DiaryOutput, Manifest, StudentPages, WriteCounts, content_hash
from ejsync.diary.pages import (
    STYLESHEET,
    render_page,
    stylesheet,
    stylesheet_hash,
    templates_digest,
)
from ejsync.diary.selection import ATTENDANCE, EVENTS, INFO, RESULTS, PageSelection
from ejsync.diary.views import (
    ATTENDANCE_PAGE,
    EVENTS_PAGE,
    INFO_PAGE,
    RESULTS_PAGE,
    StudentView,
)
from ejsync.store import transaction
from ejsync.workers import worker_connection


def page_models(view: StudentView, selection: PageSelection) -> dict[str, object]:
    """The selected page models of one student by file name (index.html shares the model of
    the current week)."""
    models: dict[str, object] = dict(view.week_pages(selection.weeks))
    if selection.subject_days is None or selection.subject_days:
        models.update(view.subjects_pages(selection.subject_days))
    summaries = ((RESULTS, RESULTS_PAGE, view.report_card),
                 (ATTENDANCE, ATTENDANCE_PAGE, view.attendance),
                 (EVENTS, EVENTS_PAGE, view.events), (INFO, INFO_PAGE, view.info))
    for kind, name, make in summaries:
        if kind in selection.kinds:
            models[name] = make()
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


@dataclass(frozen=True)
class ClassJob:
    """Students of one home class and the pages to make of each; picklable for a worker."""

    root: Path
    today: date
    class_id: int
    students: tuple[Student, ...]
    tokens: dict[int, str]
    selections: dict[int, PageSelection]
    entries: dict[str, dict]  # the manifest entries of their tokens
    force: bool = False


@dataclass
class ClassResult:
    """What a job wrote: the students' new manifest entries, file counts, pages rendered, and
    the CPU time and peak memory of its process (worker processes are not children of the
    build's process: their figures come back this way)."""

    entries: dict[str, dict] = field(default_factory=dict)
    counts: WriteCounts = field(default_factory=WriteCounts)
    rendered: int = 0
    cpu_seconds: float = 0.0  # of the process that ran the job
    peak_kb: int = 0  # the peak memory of that process so far


def week_span(selections: list[PageSelection]) -> queries.Span:
    """The days of the rows the selected pages show: the whole year, or from the first week's
    Monday to the last week's Sunday when only week pages (and events, info) are made."""
    if any(selection.needs_year for selection in selections):
        return queries.EVER
    mondays = [monday for selection in selections for monday in selection.weeks or ()]
    if not mondays:
        return queries.EVER
    return min(mondays).isoformat(), (max(mondays) + timedelta(days=6)).isoformat()


def run_job_in_worker(db: str, job: ClassJob) -> ClassResult:
    """`run_job` in a worker process, over its own read-only connection."""
    return run_job(worker_connection(db), job)


def run_job(conn: sqlite3.Connection, job: ClassJob) -> ClassResult:
    """Build one job's students from one consistent state of the database."""
    cpu = time.process_time()
    output = DiaryOutput(job.root, Manifest(students=dict(job.entries)))
    output.use_master(STYLESHEET, stylesheet())
    with transaction(conn, writes=False):
        ctx = load_school_context(conn, job.today)
        views = _views(conn, ctx, job)
    rendered = 0
    for student, view in views:
        token = job.tokens[student.id]
        known = output.known_pages(token, student.id)
        if job.force:
            known.inputs = {}
        selection = job.selections[student.id]
        pages, count = student_pages(page_models(view, selection), known)
        rendered += count
        output.write_student(token, student.id, pages, verify=job.force,
                             partial=not selection.every_page)
    output.save_entries()
    entries = {job.tokens[s.id]: output.manifest.students[job.tokens[s.id]] for s in job.students}
    return ClassResult(entries, output.counts, rendered, time.process_time() - cpu,
                       resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def _views(conn: sqlite3.Connection, ctx: SchoolContext,
           job: ClassJob) -> list[tuple[Student, StudentView]]:
    """Each student's view over the rows their selected pages need."""
    span = week_span(list(job.selections.values()))
    contexts = _class_contexts(conn, ctx, job.students, job.class_id, span)
    records: dict[int, StudentRecords] = {}
    by_span: dict[queries.Span, list[int]] = {}
    for student in job.students:
        by_span.setdefault(week_span([job.selections[student.id]]), []).append(student.id)
    for rows_span, ids in by_span.items():
        records.update(load_records(conn, ids, rows_span))
    return [(s, StudentView(ctx, s, contexts, records[s.id])) for s in job.students]


def _class_contexts(conn: sqlite3.Connection, ctx: SchoolContext, group: tuple[Student, ...],
                    home_class_id: int, span: queries.Span) -> dict[int, ClassContext]:
    """The contexts of every class the group's students were in this year."""
    class_ids = {home_class_id} | {e.class_id for s in group for e in s.enrollments}
    return {cid: load_class_context(conn, cid, ctx, span) for cid in sorted(class_ids)}
