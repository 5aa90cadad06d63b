"""The diary build on the tiny school: content checked against the database."""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
from datetime import date

from ejsync.config import PROJECT_ROOT
from ejsync.diary import build_diaries, incremental_build
from ejsync.diary.output import MANIFEST_NAME, Manifest
from ejsync.store import connect
from tests import tiny_school as t
from tests.diary.conftest import TODAY
from tests.diary.pagetext import lesson_rows, visible_text

WEEK = "week-2026-11-16.html"
WEEK_DATES = ("2026-11-16", "2026-11-21")


def students(conn: sqlite3.Connection) -> dict[int, str]:
    return {r[0]: f"{r[1]} {r[2]}" for r in conn.execute(
        "SELECT id, last_name, first_name FROM students")}


def week_lessons_of(conn: sqlite3.Connection, student_id: int) -> list[sqlite3.Row]:
    """The student's lessons of the week, straight from the database."""
    return conn.execute(
        "SELECT l.*, s.name AS subject FROM lessons l JOIN subjects s ON s.id = l.subject_id"
        " JOIN enrollments e ON e.student_id = ? AND e.class_id = l.class_id"
        " WHERE l.date BETWEEN ? AND ? AND (l.subgroup_id IS NULL OR l.subgroup_id IN"
        " (SELECT subgroup_id FROM subgroup_members WHERE student_id = ?))",
        (student_id, *WEEK_DATES, student_id),
    ).fetchall()


def test_every_student_gets_an_unguessable_folder(built_diary):
    conn = connect(built_diary.db)
    names = students(conn)
    assert set(built_diary.tokens) == set(names)
    for student_id, token in built_diary.tokens.items():
        assert len(token) >= 22 and re.fullmatch(r"[A-Za-z0-9_-]+", token)  # >= 128 bits
        assert (built_diary.out / token / "index.html").is_file()
        assert str(student_id) != token
    assert len(set(built_diary.tokens.values())) == len(names)


def test_week_page_shows_every_record_of_the_student_and_nothing_of_others(built_diary):
    conn = connect(built_diary.db)
    names = students(conn)
    for student_id, name in names.items():
        html = built_diary.page(student_id, WEEK)
        text = visible_text(html)
        rows = lesson_rows(html)
        lessons = week_lessons_of(conn, student_id)
        assert sorted(r.subject for r in rows) == sorted(
            lesson["subject"] for lesson in lessons)
        for lesson in lessons:
            row = next(r for r in rows
                       if r.day == lesson["date"] and r.subject == lesson["subject"])
            assert lesson["topic"] in row.work and lesson["homework"] in row.work
            current = conn.execute(
                "SELECT m.value, w.title FROM marks m JOIN work_types w ON w.code = m.work_type"
                " WHERE m.student_id = ? AND m.lesson_id = ?"
                " AND m.id NOT IN (SELECT corrects_id FROM marks WHERE corrects_id IS NOT NULL)",
                (student_id, lesson["id"]),
            ).fetchall()
            for value, work in current:
                assert f"{value} {work}" in row.marks or f"→ {value} {work}" in row.marks
            absence = conn.execute(
                "SELECT code FROM attendance WHERE student_id = ? AND lesson_id = ?",
                (student_id, lesson["id"]),
            ).fetchone()
            if absence:
                assert absence[0] in row.marks
            if not current and not absence:
                assert row.marks == ""
        assert name in text
        for other_id, other in names.items():
            if other_id != student_id:
                assert other not in text, f"{other} appears in the diary of {name}"


def test_lessons_of_another_subgroup_are_not_shown(built_diary):
    ivanov = [r.subject for r in lesson_rows(built_diary.page(t.IVANOV, WEEK))]
    sidorov = [r.subject for r in lesson_rows(built_diary.page(t.SIDOROV, WEEK))]
    assert "Английский язык" in ivanov and "Английский язык" not in sidorov


def test_a_correction_shows_the_corrected_and_the_new_mark_with_the_reason(built_diary):
    html = built_diary.page(t.IVANOV, WEEK)
    math = next(r for r in lesson_rows(html) if r.subject == "Математика")
    assert "3 → 4 Ответ на уроке" in math.marks
    assert "ошибка при вводе" in math.marks
    assert re.search(r"<del[^>]*>3</del> → <b>4</b>", html)
    assert "5 Контрольная работа" in math.marks


def test_only_comments_for_the_family_of_this_student_appear(built_diary):
    ivanov = visible_text(built_diary.page(t.IVANOV, WEEK))
    assert "Отличная работа у доски" in ivanov
    assert "Служебная заметка" not in ivanov and "Не было тетради" not in ivanov
    assert "Не было тетради" in visible_text(built_diary.page(t.PETROVA, WEEK))


def test_index_is_the_current_week_and_links_to_every_week(built_diary):
    index = built_diary.page(t.IVANOV)
    assert index == built_diary.page(t.IVANOV, WEEK)
    links = set(re.findall(r'href="(week-[0-9-]+\.html)"', index))
    folder = built_diary.out / built_diary.tokens[t.IVANOV]
    produced = {p.name for p in folder.glob("week-*.html")}
    assert links == produced and "week-2026-09-07.html" in links and "week-2026-11-23.html" in links
    for html_file in folder.glob("*.html"):
        # (hrefs starting with "/" lead out of the diary to the gate: all children, logout)
        for href in re.findall(r'href="([^":#/][^":#]*)"', html_file.read_text(encoding="utf-8")):
            assert (folder / href).is_file(), f"{html_file.name} links to missing {href}"


def test_subjects_view_average_forecast_and_period_mark(tiny_school, tmp_path):
    from tests.diary.conftest import add_week_records

    conn = tiny_school.connect()
    add_week_records(conn)
    out = tmp_path / "out"
    build_diaries(conn, out, today=TODAY)
    token = conn.execute("SELECT token FROM diary_tokens WHERE student_id = ?",
                         (t.IVANOV,)).fetchone()[0]
    page = visible_text((out / token / "subjects-Q2.html").read_text(encoding="utf-8"))
    # answer 4 (weight 1, the corrected 3 does not count) and test 5 (weight 2): 14/3
    assert "4,67" in page and "Прогноз отметки за период появится 12 декабря 2026" in page
    build_diaries(conn, out, today=date(2026, 12, 14))
    rows = (out / token / "subjects-Q2.html").read_text(encoding="utf-8")
    math_row = re.search(r"Математика.*?</tr>", rows, re.S).group(0)
    assert re.search(r'data-label="Прогноз">5<', math_row)
    conn.execute(
        "INSERT INTO marks (student_id, subject_id, kind, period_id, value, created_by)"
        " VALUES (?, ?, 'period', (SELECT id FROM periods WHERE code = 'Q2'), '5', ?)",
        (t.IVANOV, t.MATH, t.MATH_TEACHER),
    )
    build_diaries(conn, out, today=date(2026, 12, 14))
    math_row = re.search(r"Математика.*?</tr>",
                         (out / token / "subjects-Q2.html").read_text(encoding="utf-8"), re.S)[0]
    assert re.search(r'data-label="Прогноз">—<', math_row)
    assert "<b>5</b>" in math_row.split('data-label="За период"')[1]
    results = visible_text((out / token / "results.html").read_text(encoding="utf-8"))
    assert re.search(r"Математика — 5( —)+ Русский", results), results


def test_first_grade_gets_no_marks_and_attendance_is_counted(built_diary):
    assert "безотметочное" in visible_text(built_diary.page(t.LEBEDEV, "subjects-Q2.html"))
    attendance = visible_text(built_diary.page(t.PETROVA, "attendance.html"))
    assert "2 четверть: пропущено 1 урок" in attendance and "по болезни" in attendance
    assert "пропусков нет" in visible_text(built_diary.page(t.IVANOV, "attendance.html"))


def test_events_of_own_class_and_school_only(built_diary):
    ivanov = visible_text(built_diary.page(t.IVANOV, "events.html"))
    assert "Родительское собрание 5А" in ivanov and "Новогодний концерт" in ivanov
    assert "Родительское собрание 5Б" not in ivanov
    info = visible_text(built_diary.page(t.IVANOV, "info.html"))
    assert "Числова Мария Андреевна" in info and "среда" in info and "15:00–16:00" in info


def test_a_build_with_nothing_changed_renders_nothing(built_diary):
    conn = connect(built_diary.db)
    first = incremental_build(conn, built_diary.out, today=TODAY)  # records the change cursor
    snapshot = {p: p.stat().st_mtime_ns for p in built_diary.out.rglob("*.html")}
    again = incremental_build(conn, built_diary.out, today=TODAY)
    assert first.students == 9 and again.pages_rendered == 0 and again.students == 0
    assert {p: p.stat().st_mtime_ns for p in built_diary.out.rglob("*.html")} == snapshot


def test_a_full_build_accounts_for_the_tokens_it_creates(tiny_school, tmp_path):
    conn = tiny_school.connect()
    out = tmp_path / "out"
    last = conn.execute("SELECT MAX(id) FROM changes").fetchone()[0]
    full = build_diaries(conn, out, today=TODAY, covers_change_id=last)
    assert full.students == 9 and conn.execute(
        "SELECT count(*) FROM changes WHERE tbl = 'diary_tokens'").fetchone()[0] == 9
    again = incremental_build(conn, out, today=TODAY)
    assert again.pages_rendered == 0 and again.reason == "изменений нет"


def test_incremental_build_rebuilds_only_the_affected_student(built_diary):
    conn = connect(built_diary.db)
    incremental_build(conn, built_diary.out, today=TODAY)
    before = {p: p.read_bytes() for p in built_diary.out.rglob("*.html")}
    conn.execute(
        "INSERT INTO marks (student_id, subject_id, lesson_id, value, work_type, created_by)"
        " VALUES (?, ?, ?, '5', 'notebook', ?)",
        (t.SMIRNOV, t.MATH, t.MATH_5B_MON, t.MATH_TEACHER))
    report = incremental_build(conn, built_diary.out, today=TODAY)
    # only the pages made from changed models are rendered: the week (index) and subjects
    assert report.students == 1 and report.pages_rendered == 2 and report.pages_written == 3
    changed = {p for p, content in before.items() if p.read_bytes() != content}
    assert changed and {p.parent.name for p in changed} == {built_diary.tokens[t.SMIRNOV]}
    manifest = Manifest.load(built_diary.out / MANIFEST_NAME)
    assert manifest.students[built_diary.tokens[t.SMIRNOV]]["student_id"] == t.SMIRNOV
    assert manifest.change_id == conn.execute("SELECT MAX(id) FROM changes").fetchone()[0]


def test_a_full_build_repairs_a_damaged_page(built_diary):
    conn = connect(built_diary.db)
    page = built_diary.out / built_diary.tokens[t.IVANOV] / "events.html"
    good = page.read_bytes()
    page.write_text("испорчено", encoding="utf-8")
    assert incremental_build(conn, built_diary.out, today=TODAY).pages_rendered >= 0
    build_diaries(conn, built_diary.out, today=TODAY, force=True)
    assert page.read_bytes() == good


def test_leftover_temporary_files_are_removed_and_never_linked(built_diary):
    folder = built_diary.out / built_diary.tokens[t.IVANOV]
    leftover = folder / ".index.html.999.tmp"
    leftover.write_text("<html>half", encoding="utf-8")
    conn = connect(built_diary.db)
    build_diaries(conn, built_diary.out, today=TODAY, student_ids={t.IVANOV})
    assert not leftover.exists()
    assert not list(built_diary.out.rglob("*.tmp"))


def test_build_command_reports_in_russian(tiny_school, tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "ejsync", "build", "--db", str(tiny_school.path),
         "--out", str(tmp_path / "d"), "--full", "--today", "2026-11-18"],
        cwd=PROJECT_ROOT, capture_output=True, text=True, env={"PYTHONPATH": str(PROJECT_ROOT)},
    )
    assert result.returncode == 0, result.stderr
    assert "полная сборка: учеников 9" in " ".join(result.stdout.split())
    missing = subprocess.run(
        [sys.executable, "-m", "ejsync", "build", "--db", str(tmp_path / "nope.db"),
         "--out", str(tmp_path / "d")],
        cwd=PROJECT_ROOT, capture_output=True, text=True, env={"PYTHONPATH": str(PROJECT_ROOT)},
    )
    assert missing.returncode == 2 and "не найдена" in " ".join(missing.stderr.split())


def test_a_substitution_shows_who_held_the_lesson_and_for_whom(tiny_school, tmp_path):
    conn = tiny_school.connect()
    conn.execute("UPDATE lessons SET teacher_id = ? WHERE id = ?",
                 (t.RUSSIAN_TEACHER, t.MATH_5A_MON))
    out = tmp_path / "out"
    build_diaries(conn, out, today=TODAY)
    token = conn.execute("SELECT token FROM diary_tokens WHERE student_id = ?",
                         (t.IVANOV,)).fetchone()[0]
    math = next(r for r in lesson_rows((out / token / WEEK).read_text(encoding="utf-8"))
                if r.subject == "Математика")
    html = (out / token / WEEK).read_text(encoding="utf-8")
    assert "Буквин Р. О. (замена, вместо Числова М. А.)" in visible_text(html)
    assert math.work.startswith("Сложение дробей")


def pages_of(root):
    """Every page of a build (not its manifest, which records when each page was built)."""
    return {p.relative_to(root): p.read_bytes() for p in root.glob("*/*") if p.is_file()}


def test_a_parallel_build_writes_the_same_pages_and_manifest(tiny_school, tmp_path):
    conn = tiny_school.connect()
    for n in range(220):  # above PARALLEL_FROM: the classes go to worker processes
        sid = conn.execute("INSERT INTO students (last_name, first_name) VALUES (?, 'Тест')",
                           (f"Ученик{n}",)).lastrowid
        conn.execute("INSERT INTO enrollments (student_id, class_id, from_date)"
                     " VALUES (?, ?, '2026-09-01')", (sid, (t.CLASS_5B, t.CLASS_10A)[n % 2]))
    serial = build_diaries(conn, tmp_path / "one", today=TODAY)
    parallel = build_diaries(conn, tmp_path / "two", today=TODAY, jobs=2)
    assert parallel.students == serial.students == 229
    assert parallel.pages_written == serial.pages_written > 229 * 10
    one, two = pages_of(tmp_path / "one"), pages_of(tmp_path / "two")
    assert one == two
    pages = {k: v["pages"] for k, v in Manifest.load(tmp_path / "two" / MANIFEST_NAME)
             .students.items()}
    assert pages == {k: v["pages"] for k, v in Manifest.load(tmp_path / "one" / MANIFEST_NAME)
                     .students.items()}
