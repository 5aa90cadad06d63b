"""The real agent process reacting to real writes through real watchdog events."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import pytest

from ejsync.config import PROJECT_ROOT
from ejsync.diary import build_diaries, diary_tokens
from ejsync.store import connect
from tests import tiny_school as t
from tests.agent.conftest import (
    agent_args,
    cursor_and_last,
    datasette_write,
    prepared_school,
    wait_until,
)
from tests.diary.conftest import TODAY
from tests.diary.pagetext import lesson_rows
from tests.servers import ejsync_process

SHOWS_WITHIN = 5.0  # seconds


def marks_cell(html: str, subject: str) -> str:
    return next(r.marks for r in lesson_rows(html) if r.subject == subject)


def changed_students(agent, before: dict) -> set[int]:
    by_token = {token: sid for sid, token in agent.tokens.items()}
    return {by_token[p.parent.name] for p, content in before.items()
            if p.parent != agent.out and p.read_bytes() != content}


def test_mark_homework_absence_and_correction_reach_only_their_students(running_agent):
    agent = running_agent
    before = agent.files()
    datasette_write(agent.db,
                    "INSERT INTO marks (student_id, subject_id, lesson_id, value, work_type,"
                    " created_by) VALUES (?, ?, ?, '4', 'homework', ?)",
                    (t.KUZNETSOVA, t.MATH, t.MATH_5A_MON, t.MATH_TEACHER))
    wait_until(lambda: "4 Домашняя работа" in marks_cell(agent.page(t.KUZNETSOVA), "Математика"),
               SHOWS_WITHIN, "the mark on the page")
    wait_until(agent.caught_up, SHOWS_WITHIN, "the cursor")
    assert changed_students(agent, before) == {t.KUZNETSOVA}

    before = agent.files()
    datasette_write(agent.db, "UPDATE lessons SET homework = ? WHERE id = ?",
                    ("Выучить слова на с. 42", t.ENGLISH_5A_G1))
    for student in (t.IVANOV, t.PETROVA):
        wait_until(lambda s=student: "Выучить слова на с. 42" in agent.page(s), SHOWS_WITHIN,
                   "the homework of group 1")
    wait_until(agent.caught_up, SHOWS_WITHIN, "the cursor")
    assert changed_students(agent, before) == {t.IVANOV, t.PETROVA}  # not group 2, not 5Б

    before = agent.files()
    datasette_write(agent.db, "INSERT INTO attendance (lesson_id, student_id, code, created_by)"
                    " VALUES (?, ?, 'н', ?)", (t.MATH_5A_MON, t.SIDOROV, t.MATH_TEACHER))
    wait_until(lambda: "н" in marks_cell(agent.page(t.SIDOROV), "Математика"), SHOWS_WITHIN,
               "the absence")
    wait_until(agent.caught_up, SHOWS_WITHIN, "the cursor")
    assert changed_students(agent, before) == {t.SIDOROV}

    before = agent.files()
    datasette_write(agent.db,
                    "INSERT INTO marks (student_id, subject_id, lesson_id, value, work_type,"
                    " corrects_id, correction_reason, created_by)"
                    " VALUES (?, ?, ?, '3', 'test', 102, 'пересчёт баллов', ?)",
                    (t.IVANOV, t.MATH, t.MATH_5A_MON, t.DEPUTY))
    wait_until(lambda: "5 → 3 Контрольная работа" in marks_cell(agent.page(t.IVANOV),
                                                               "Математика"),
               SHOWS_WITHIN, "the correction")
    assert "пересчёт баллов" in agent.page(t.IVANOV)
    wait_until(agent.caught_up, SHOWS_WITHIN, "the cursor")
    assert changed_students(agent, before) == {t.IVANOV}
    assert any("cycle write changes=1 " in line for line in agent.log_lines())


def test_a_burst_of_thirty_marks_is_one_rebuild_per_student(running_agent):
    agent = running_agent
    cycles_before = sum("cycle write" in line for line in agent.log_lines())
    pairs = [(s, w) for s in (t.IVANOV, t.PETROVA, t.SIDOROV, t.KUZNETSOVA)
             for w in ("homework", "independent", "check", "lab", "practical", "dictation",
                       "essay", "exposition")][:30]
    conn = connect(agent.db)
    for student, work in pairs:
        conn.execute("INSERT INTO marks (student_id, subject_id, lesson_id, value, work_type,"
                     " created_by) VALUES (?, ?, ?, '5', ?, ?)",
                     (student, t.MATH, t.MATH_5A_MON, work, t.MATH_TEACHER))
    conn.close()
    wait_until(agent.caught_up, SHOWS_WITHIN, "the cursor after the burst")
    time.sleep(0.5)
    cycles = [line for line in agent.log_lines() if "cycle write" in line][cycles_before:]
    rebuilt = sum(int(line.split("students=")[1].split()[0]) for line in cycles)
    assert len(cycles) <= 2 and rebuilt <= 2 * 4, cycles
    titles = dict(connect(agent.db).execute("SELECT code, title FROM work_types").fetchall())
    for student, work in pairs:
        assert f"5 {titles[work]}" in marks_cell(agent.page(student), "Математика")


def add_students(db, count: int) -> None:
    """Enlarge 5Б so that rebuilding everyone takes long enough to be interrupted."""
    conn = connect(db)
    for n in range(count):
        sid = conn.execute("INSERT INTO students (last_name, first_name) VALUES (?, ?)",
                           (f"Ученик{n}", "Тест")).lastrowid
        conn.execute("INSERT INTO enrollments (student_id, class_id, from_date)"
                     " VALUES (?, ?, '2026-09-01')", (sid, t.CLASS_5B))
    conn.close()


@pytest.mark.slow
def test_killed_mid_rebuild_then_restarted_is_consistent(tiny_school, tmp_path):
    db, _ = prepared_school(tiny_school)
    add_students(db, 80)
    out, log = tmp_path / "diary", tmp_path / "agent.log"
    with ejsync_process(agent_args(db, out), log=log) as process:
        wait_until(lambda: cursor_and_last(db)[0] == cursor_and_last(db)[1], 30, "first build")
        index_files = list(out.glob("*/*.html"))
        stamps = {p: p.stat().st_mtime_ns for p in index_files}
        # a school-wide event: every student's pages are rebuilt; kill at the first new page
        datasette_write(db, "INSERT INTO events (date, title) VALUES ('2026-11-20', 'Субботник')")
        wait_until(lambda: any(p.stat().st_mtime_ns != stamps[p] for p in index_files), 10,
                   "the rebuild to start")
        process.send_signal(signal.SIGKILL)
        process.wait()
    cursor, last = cursor_and_last(db)
    assert cursor is not None and cursor < last  # killed before the cycle finished
    assert any(p.stat().st_mtime_ns == stamps[p] for p in index_files)  # half the pages old
    with ejsync_process(agent_args(db, out), log=tmp_path / "agent2.log") as process:
        wait_until(lambda: cursor_and_last(db)[0] == cursor_and_last(db)[1], 30, "catching up")
        assert process.poll() is None
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]
    conn = connect(db)
    fresh = tmp_path / "fresh"
    build_diaries(conn, fresh, today=TODAY)
    ours = {p.relative_to(out): p.read_bytes() for p in out.rglob("*.html")}
    theirs = {p.relative_to(fresh): p.read_bytes() for p in fresh.rglob("*.html")}
    assert ours == theirs
    assert all("Субботник" in (out / token / "events.html").read_text(encoding="utf-8")
               for token in diary_tokens(conn).values())


def test_sigterm_stops_the_agent_cleanly(tiny_school, tmp_path):
    db, _ = prepared_school(tiny_school)
    log = tmp_path / "agent.log"
    with ejsync_process(agent_args(db, tmp_path / "diary"), log=log) as process:
        wait_until(lambda: cursor_and_last(db)[0] is not None, 20, "first build")
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0
    assert "agent stopped" in log.read_text(encoding="utf-8")


def test_agent_refuses_a_missing_database(tmp_path):
    result = subprocess.run([sys.executable, "-m", "ejsync", *agent_args(
        tmp_path / "none.db", tmp_path / "out")], cwd=PROJECT_ROOT, capture_output=True,
        text=True, env={"PYTHONPATH": str(PROJECT_ROOT)})
    assert result.returncode == 2 and "не найдена" in " ".join(result.stderr.split())


def test_after_a_restore_the_agent_drops_the_lost_mark_and_shows_the_next(running_agent,
                                                                           tmp_path):
    agent = running_agent
    passphrase = tmp_path / "code.txt"
    passphrase.write_text("директор-код-2026\n", encoding="utf-8")
    backups = tmp_path / "backups"

    def ejsync(*args) -> None:
        result = subprocess.run([sys.executable, "-m", "ejsync", *map(str, args),
                                 "--passphrase-file", passphrase], cwd=PROJECT_ROOT,
                                capture_output=True, text=True, timeout=120,
                                env={"PYTHONPATH": str(PROJECT_ROOT), "PATH": "/usr/bin:/bin"})
        assert result.returncode == 0, result.stderr

    ejsync("backup", "--db", agent.db, "--to", backups)
    backup = next(backups.iterdir())
    mark = ("INSERT INTO marks (student_id, subject_id, lesson_id, value, work_type,"
            " created_by) VALUES (?, ?, ?, ?, 'homework', ?)")
    datasette_write(agent.db, mark, (t.KUZNETSOVA, t.MATH, t.MATH_5A_MON, "4", t.MATH_TEACHER))
    wait_until(lambda: "4 Домашняя работа" in marks_cell(agent.page(t.KUZNETSOVA), "Математика"),
               SHOWS_WITHIN, "the mark before the restore")
    wait_until(agent.caught_up, SHOWS_WITHIN, "the cursor")
    ejsync("restore", backup, "--to", agent.db, "--force", "--db", agent.db)
    wait_until(lambda: "Домашняя" not in marks_cell(agent.page(t.KUZNETSOVA), "Математика"),
               SHOWS_WITHIN, "the lost mark gone")
    datasette_write(agent.db, mark, (t.SIDOROV, t.MATH, t.MATH_5A_MON, "5", t.MATH_TEACHER))
    wait_until(lambda: "5 Домашняя работа" in marks_cell(agent.page(t.SIDOROV), "Математика"),
               SHOWS_WITHIN, "the first mark after the restore")
    wait_until(agent.caught_up, SHOWS_WITHIN, "the cursor")
    assert any("restored=1" in line for line in agent.log_lines())
    conn = connect(agent.db)
    build_diaries(conn, tmp_path / "fresh", today=TODAY)
    ours = {p.relative_to(agent.out): p.read_bytes() for p in agent.out.glob("*/*.html")}
    assert ours == {p.relative_to(tmp_path / "fresh"): p.read_bytes()
                    for p in (tmp_path / "fresh").glob("*/*.html")}
