"""The landing pass: each student's current week (and index.html) from that week's rows only,
and the shared files a build links instead of writing again."""

from __future__ import annotations

from datetime import date, timedelta

from ejsync.agent import Agent, DiaryStep
from ejsync.diary import build_diaries, incremental_build
from ejsync.diary.output import MANIFEST_NAME, Manifest
from ejsync.store import connect
from tests import tiny_school as t
from tests.diary.conftest import TODAY

WEEK = "week-2026-11-16.html"
LANDING = {"index.html", WEEK, "diary.css"}


def files(folder):
    return {p.name: p.read_bytes() for p in folder.iterdir()}


def test_landing_pages_equal_the_full_build_and_cover_no_changes(built_diary, tmp_path):
    conn = connect(built_diary.db)
    out = tmp_path / "landing"
    report = build_diaries(conn, out, today=TODAY, landing_only=True, covers_change_id=99)
    assert report.students == 9 and report.pages_rendered == 9
    for token in built_diary.tokens.values():
        landing = files(out / token)
        assert set(landing) == LANDING
        full = files(built_diary.out / token)
        assert {name: full[name] for name in LANDING} == landing  # corrections, comments too
    manifest = Manifest.load(out / MANIFEST_NAME)
    assert (manifest.as_of, manifest.change_id) == ("", -1)  # the next build is a full one
    assert set(manifest.students[built_diary.tokens[t.IVANOV]]["pages"]) == LANDING


def test_a_landing_pass_on_a_new_day_keeps_the_other_pages_until_the_full_build(built_diary):
    conn = connect(built_diary.db)
    incremental_build(conn, built_diary.out, today=TODAY)
    folder = built_diary.out / built_diary.tokens[t.IVANOV]
    before = files(folder)
    tomorrow = TODAY + timedelta(days=1)
    build_diaries(conn, built_diary.out, today=tomorrow, landing_only=True)
    after = files(folder)
    assert after["index.html"] != before["index.html"]  # "сегодня" moved to Thursday
    assert set(after) == set(before)
    assert {n for n in after if after[n] != before[n]} == {"index.html", WEEK}
    assert Manifest.load(built_diary.out / MANIFEST_NAME).as_of == TODAY.isoformat()
    landed = {n: (folder / n).stat().st_mtime_ns for n in ("index.html", WEEK)}

    full = incremental_build(conn, built_diary.out, today=tomorrow)
    assert full.reason == "новый день или шаблоны" and full.students == 9
    assert {n: (folder / n).stat().st_mtime_ns for n in landed} == landed  # not made twice
    assert Manifest.load(built_diary.out / MANIFEST_NAME).as_of == tomorrow.isoformat()
    assert "Сведения на 19 ноября" in (folder / "events.html").read_text()  # every page now


def test_index_links_the_week_page_and_a_new_mark_replaces_both_names(built_diary):
    conn = connect(built_diary.db)
    incremental_build(conn, built_diary.out, today=TODAY)
    folder = built_diary.out / built_diary.tokens[t.SMIRNOV]
    other = built_diary.out / built_diary.tokens[t.IVANOV]
    assert (folder / "index.html").stat().st_ino == (folder / WEEK).stat().st_ino
    master = built_diary.out / ".diary.css"
    assert (folder / "diary.css").stat().st_ino == master.stat().st_ino
    ivanov_index = (other / "index.html").read_bytes()
    conn.execute(
        "INSERT INTO marks (student_id, subject_id, lesson_id, value, work_type, created_by)"
        " VALUES (?, ?, ?, '5', 'notebook', ?)", (t.SMIRNOV, t.MATH, t.MATH_5B_MON, t.MATH_TEACHER))
    incremental_build(conn, built_diary.out, today=TODAY)
    index, week = folder / "index.html", folder / WEEK
    assert index.stat().st_ino == week.stat().st_ino and "Работа в тетради" in index.read_text()
    assert (other / "index.html").read_bytes() == ivanov_index
    assert (folder / "diary.css").read_bytes() == master.read_bytes()
    assert not list(built_diary.out.rglob("*.tmp"))


def test_the_agent_builds_the_landing_pages_first_on_a_new_day(built_diary):
    agent = Agent(built_diary.db, [DiaryStep(built_diary.out, TODAY)])
    assert agent.cycle(timer=True)
    step = DiaryStep(built_diary.out, date(2026, 11, 19))
    fragments = []
    agent.steps = [lambda cycle: fragments.append(str(step(cycle).finish()))]
    assert agent.cycle(timer=True)
    assert fragments[0].startswith("landing_pages=18 ")  # index.html and the week of nine
    assert "students=9" in fragments[0]
    assert step.output.manifest.as_of == "2026-11-19"
