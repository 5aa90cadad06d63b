"""Build students' diaries: models → pages → atomic writes, class by class."""

from __future__ import annotations

import pickle
import sqlite3
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ejsync.diary.affected import affected_students, last_change_id, read_changes
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
from ejsync.diary.pages import STYLESHEET, render_page, stylesheet, templates_digest
from ejsync.diary.tokens import ensure_tokens
from ejsync.diary.views import StudentView

Progress = Callable[[int, int], None]


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


def page_models(view: StudentView) -> dict[str, object]:
    """Every page model of one student by file name (index.html shares the week's model)."""
    models: dict[str, object] = {}
    models.update(view.week_pages())
    models.update(view.subjects_pages())
    models["results.html"] = view.report_card()
    models["attendance.html"] = view.attendance()
    models["events.html"] = view.events()
    models["info.html"] = view.info()
    return models


def fingerprint(model: object) -> str:
    """What a page is made of: its model and the templates; equal → the same bytes.

    A spurious difference only costs a render: the content hash still decides the write."""
    return content_hash(templates_digest().encode() + pickle.dumps(model, protocol=5))


def student_pages(view: StudentView, known: StudentPages) -> tuple[StudentPages, int]:
    """The pages of one student, rendering only those whose model changed since `known`."""
    pages = StudentPages({STYLESHEET: stylesheet()}, {STYLESHEET: content_hash(stylesheet())})
    rendered: dict[int, bytes] = {}
    fingerprints: dict[int, str] = {}
    for name, model in page_models(view).items():
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
) -> BuildReport:
    """Build the diaries of `student_ids` (None: every student of the year) into `out_dir`.

    `covers_change_id` is recorded in the manifest when the build accounts for every change
    up to it (a full or an incremental build), so the next incremental build starts there.
    A long-running caller (the agent) passes its `output` to keep the manifest in memory.
    Pages whose model is unchanged are not rendered, unless `force` (repair a damaged output).
    """
    started = time.perf_counter()
    output = output or DiaryOutput(out_dir)
    output.counts = WriteCounts()
    ctx = load_school_context(conn, today)
    students = load_students(conn, ctx.year["id"])
    chosen = [s for s in students.values() if student_ids is None or s.id in student_ids]
    tokens, own_changes = ensure_tokens(conn, [s.id for s in chosen])
    covers_change_id = own_changes.extend(covers_change_id)
    report = BuildReport(students=len(chosen), reason=reason)
    done = 0
    for class_id, group in _by_home_class(chosen, today).items():
        contexts = _class_contexts(conn, ctx, group, class_id)
        records = load_records(conn, [s.id for s in group])
        for student in group:
            view = StudentView(ctx, student, contexts, records[student.id])
            known = output.known_pages(tokens[student.id], student.id)
            if force:
                known.inputs = {}
            pages, rendered = student_pages(view, known)
            report.pages_rendered += rendered
            output.write_student(tokens[student.id], student.id, pages, verify=force)
            done += 1
            if progress:
                progress(done, len(chosen))
    output.manifest.as_of = today.isoformat()
    output.manifest.templates = templates_digest()
    if covers_change_id is not None:
        output.manifest.change_id = covers_change_id
    output.save_manifest()
    report.pages_written = output.counts.written
    report.pages_unchanged = output.counts.unchanged
    report.pages_removed = output.counts.removed
    report.change_id = output.manifest.change_id
    report.seconds = time.perf_counter() - started
    return report


def _by_home_class(students: list[Student], today: date) -> dict[int, list[Student]]:
    groups: dict[int, list[Student]] = defaultdict(list)
    for student in students:
        groups[student.home_enrollment(today).class_id].append(student)
    return groups


def _class_contexts(conn: sqlite3.Connection, ctx: SchoolContext, group: list[Student],
                    home_class_id: int) -> dict[int, ClassContext]:
    """The contexts of every class the group's students were in this year."""
    class_ids = {home_class_id} | {e.class_id for s in group for e in s.enrollments}
    return {cid: load_class_context(conn, cid, ctx) for cid in sorted(class_ids)}


def incremental_build(conn: sqlite3.Connection, out_dir: Path, *, today: date,
                      progress: Progress | None = None) -> BuildReport:
    """Rebuild only what changed since the manifest's last full pass; nothing if nothing did."""
    manifest = DiaryOutput(out_dir).manifest
    until = last_change_id(conn)
    if manifest.change_id < 0 or manifest.change_id > until:
        return build_diaries(conn, out_dir, today=today, covers_change_id=until,
                             reason="первая сборка", progress=progress)
    if manifest.as_of != today.isoformat() or manifest.templates != templates_digest():
        return build_diaries(conn, out_dir, today=today, covers_change_id=until,
                             reason="новый день или шаблоны", progress=progress)
    affected = affected_students(conn, read_changes(conn, manifest.change_id, until))
    if not affected:
        return BuildReport(change_id=manifest.change_id, reason="изменений нет")
    ids = None if affected.everyone else affected.ids
    return build_diaries(conn, out_dir, today=today, student_ids=ids, covers_change_id=until,
                         reason="изменения в журнале", progress=progress)
