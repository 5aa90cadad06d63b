"""An incremental build remakes only the week pages a change shows on, plus the summaries."""

from __future__ import annotations

import pytest

from ejsync.diary import build_diaries, diary_tokens, incremental_build
from ejsync.diary.output import MANIFEST_NAME, Manifest
from tests import tiny_school as t
from tests.diary.conftest import TODAY
from tests.diary.pagetext import lesson_rows

EARLIER = 50  # a 5Б mathematics lesson of the week before the tiny school's lesson week


@pytest.fixture
def school(tiny_school, tmp_path):
    conn = tiny_school.connect()
    conn.execute(
        "INSERT INTO lessons (id, class_id, subject_id, date, slot, scheduled_teacher_id,"
        " teacher_id, topic, homework, created_by) VALUES (?, ?, ?, '2026-11-09', 2, ?, ?,"
        " 'Дроби', '№ 200', ?)",
        (EARLIER, t.CLASS_5B, t.MATH, t.MATH_TEACHER, t.MATH_TEACHER, t.MATH_TEACHER))
    out = tmp_path / "diary"
    build_diaries(conn, out, today=TODAY)
    incremental_build(conn, out, today=TODAY)  # the cursor now covers the tokens too
    folder = out / diary_tokens(conn)[t.SMIRNOV]
    return conn, out, folder


def stamps(folder):
    return {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}


def test_a_mark_of_an_earlier_week_remakes_that_week_and_the_summaries(school):
    conn, out, folder = school
    before = stamps(folder)
    conn.execute("INSERT INTO marks (student_id, subject_id, lesson_id, value, work_type,"
                 " created_by) VALUES (?, ?, ?, '4', 'answer', ?)",
                 (t.SMIRNOV, t.MATH, EARLIER, t.MATH_TEACHER))
    report = incremental_build(conn, out, today=TODAY)
    assert report.students == 1 and report.pages_rendered == 2
    after = stamps(folder)
    assert set(after) == set(before)
    assert {n for n in after if after[n] != before[n]} == {"week-2026-11-09.html",
                                                           "subjects-Q2.html"}
    math = next(r for r in lesson_rows((folder / "week-2026-11-09.html").read_text())
                if r.subject == "Математика")
    assert "4" in math.marks
    entry = Manifest.load(out / MANIFEST_NAME).students[folder.name]
    assert set(entry["inputs"]) == set(entry["pages"]) == set(before)  # nothing forgotten


def test_a_lesson_moved_to_another_week_leaves_neither_week_stale(school):
    conn, out, folder = school
    conn.execute("UPDATE lessons SET date = '2026-11-10' WHERE id = ?", (t.MATH_5B_MON,))
    incremental_build(conn, out, today=TODAY)
    now = [r.subject for r in lesson_rows((folder / "week-2026-11-16.html").read_text())]
    before = [r.subject for r in lesson_rows((folder / "week-2026-11-09.html").read_text())]
    assert "Математика" not in now and before.count("Математика") == 2
    fresh = out.parent / "fresh"
    build_diaries(conn, fresh, today=TODAY)
    for name in ("week-2026-11-09.html", "week-2026-11-16.html", "index.html"):
        assert (folder / name).read_bytes() == (fresh / folder.name / name).read_bytes()
