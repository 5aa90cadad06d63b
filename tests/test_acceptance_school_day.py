"""Acceptance: one school morning with every real part running (issue 8).

`ejsync up` starts Datasette, the agent, the gate and the site on a demo school. A teacher
records a lesson in Chromium (topic, homework, a mark for one student, an absence for
another); the agent rebuilds the diaries of that class only; the first student's family logs
in at the gate with its TOTP code, sees the mark and homework and cannot reach the other
student's diary; the late homework is a violation the deputy sees; at the period end the agent
prints the class journal with that lesson, which is copied to two media and verifies clean.
"""

from __future__ import annotations

import hashlib
import re
import signal
import sqlite3
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pyotp
import pytest
from pypdf import PdfReader

from ejsync.family_codes.codes import active_secret
from ejsync.startup import DEMO_FAMILY_SQL
from tests.servers import ejsync_in, free_port

LESSON_DAY = "2026-11-20"  # a Friday of Q2; the demo journal stops the day before
WEEK_OF_LESSON = "2026-11-16"
TOPIC = "Приёмочный урок: проверка всей цепочки"
HOMEWORK = "Приёмочное задание № 42"
TEACHER_LOGIN, TEACHER_PASSWORD = "acceptance-teacher", "Приёмка-2026-пароль"



def run(*args: str, cwd: Path, stdin: str | None = None) -> str:
    process = ejsync_in(*args, cwd=cwd, stdin=subprocess.PIPE if stdin else None)
    output, _ = process.communicate(stdin, timeout=600)
    assert process.returncode == 0, output
    return output


@dataclass
class Morning:
    """The running school and the people of the story."""

    workdir: Path
    staff_url: str
    gate_url: str
    lesson_timetable_id: int
    class_id: int
    first: sqlite3.Row  # the student who gets the mark; child of the demo family
    second: sqlite3.Row  # the classmate who is absent, of another family
    family_login: str
    family_id: int

    def db(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.workdir / "school.db")
        conn.row_factory = sqlite3.Row
        return conn

    def diary_hashes(self) -> dict[str, str]:
        root = self.workdir / "build" / "diary"
        return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
                for p in root.rglob("*.html")}

    def token(self, student_id: int) -> str:
        conn = self.db()
        try:
            return conn.execute("SELECT token FROM diary_tokens WHERE student_id = ?",
                                (student_id,)).fetchone()[0]
        finally:
            conn.close()


def choose_people(conn: sqlite3.Connection) -> tuple:
    """The demo family's child, a whole-class Friday lesson of its class, an unrelated classmate."""
    family = conn.execute(DEMO_FAMILY_SQL).fetchone()
    first = conn.execute(
        "SELECT s.*, e.class_id FROM students s JOIN enrollments e ON e.student_id = s.id"
        " AND e.to_date IS NULL JOIN classes c ON c.id = e.class_id AND c.grade >= 2"
        " WHERE s.family_id = ? ORDER BY s.id LIMIT 1", (family["id"],)).fetchone()
    slot = conn.execute(
        "SELECT id FROM timetable WHERE class_id = ? AND weekday = 5 AND subgroup_id IS NULL"
        " ORDER BY slot LIMIT 1", (first["class_id"],)).fetchone()
    second = conn.execute(
        "SELECT s.* FROM students s JOIN enrollments e ON e.student_id = s.id"
        " AND e.to_date IS NULL WHERE e.class_id = ? AND s.family_id <> ? ORDER BY s.id LIMIT 1",
        (first["class_id"], family["id"])).fetchone()
    teacher = conn.execute("SELECT teacher_id FROM timetable WHERE id = ?", (slot["id"],))
    return family, first, slot["id"], second, teacher.fetchone()[0]


@pytest.fixture(scope="module")
def morning(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("school")
    run("demo", "--students", "150", "--until", "2026-11-19", "--db", "school.db", cwd=workdir)
    conn = sqlite3.connect(workdir / "school.db")
    conn.row_factory = sqlite3.Row
    family, first, timetable_id, second, teacher_id = choose_people(conn)
    conn.close()
    run("account", "create", "--db", "school.db", "--staff", str(teacher_id),
        "--login", TEACHER_LOGIN, "--password-stdin", cwd=workdir, stdin=TEACHER_PASSWORD + "\n")

    ports = {name: free_port() for name in ("site", "staff", "gate")}
    up = ejsync_in("up", "--db", "school.db", "--site-port", str(ports["site"]),
                "--staff-port", str(ports["staff"]), "--gate-port", str(ports["gate"]),
                cwd=workdir)
    output = []
    for line in up.stdout:
        output.append(line)
        if "Остановить: Ctrl-C." in line or up.poll() is not None:
            break
    assert "Остановить: Ctrl-C." in "".join(output), "".join(output)
    yield Morning(workdir, f"http://127.0.0.1:{ports['staff']}",
                  f"http://127.0.0.1:{ports['gate']}", timetable_id, first["class_id"],
                  first, second, family["login"], family["id"])
    up.send_signal(signal.SIGTERM)
    up.wait(timeout=60)


def wait_until(predicate, timeout: float, what: str) -> float:
    """Seconds it took until `predicate()` held; fails after `timeout`."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if predicate():
            return time.monotonic() - started
        time.sleep(0.1)
    raise AssertionError(f"{what}: not within {timeout} s")


def staff_login(page, morning: Morning, login: str, password: str, then: str) -> None:
    page.goto(morning.staff_url + then)
    page.fill("#login", login)
    page.fill("#password", password)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(re.escape(then.split("?")[0])))


def student_pages_text(morning: Morning, student_id: int) -> str:
    folder = morning.workdir / "build" / "diary" / morning.token(student_id)
    return "\n".join(p.read_text(encoding="utf-8") for p in folder.rglob("*.html"))


def test_a_school_morning_end_to_end(page, morning: Morning):
    first, second = morning.first, morning.second
    before = morning.diary_hashes()

    # 1. The teacher records the lesson in Datasette, in Chromium.
    staff_login(page, morning, TEACHER_LOGIN, TEACHER_PASSWORD, f"/staff/today?date={LESSON_DAY}")
    page.goto(f"{morning.staff_url}/staff/lesson?timetable={morning.lesson_timetable_id}"
              f"&date={LESSON_DAY}")
    page.fill("#topic", TOPIC)
    page.fill("#homework", HOMEWORK)
    page.fill(f"input[name=mark_{first['id']}]", "5")
    page.select_option(f"select[name=absence_{second['id']}]", "н")
    page.click("#save")
    page.wait_for_load_state()
    assert "Урок сохранён" in page.content()
    conn = morning.db()
    lesson = conn.execute("SELECT * FROM lessons WHERE date = ? AND topic = ?",
                          (LESSON_DAY, TOPIC)).fetchone()
    mark = conn.execute("SELECT value FROM marks WHERE lesson_id = ? AND student_id = ?",
                        (lesson["id"], first["id"])).fetchone()
    absence = conn.execute("SELECT code FROM attendance WHERE lesson_id = ? AND student_id = ?",
                           (lesson["id"], second["id"])).fetchone()
    conn.close()
    assert (mark[0], absence[0]) == ("5", "н")

    # 2. The agent rebuilds that class's diaries, and no one else's.
    def both_rebuilt() -> bool:
        return (HOMEWORK in student_pages_text(morning, first["id"])
                and HOMEWORK in student_pages_text(morning, second["id"]))

    wait_until(both_rebuilt, 30.0, "the agent rebuilds both students' diaries")
    time.sleep(1.0)  # let the cycle finish writing
    after = morning.diary_hashes()
    conn = morning.db()
    classmates = {morning.token(row[0]) for row in conn.execute(
        "SELECT student_id FROM enrollments WHERE class_id = ?", (morning.class_id,))}
    conn.close()
    changed = {path.split("/")[0] for path in after if before.get(path) != after[path]}
    assert {morning.token(first["id"]), morning.token(second["id"])} <= changed
    assert changed <= classmates, "diaries outside the lesson's class were rewritten"

    # 3. The first student's family logs in at the gate with its TOTP code.
    conn = morning.db()
    _version, secret = active_secret(conn, morning.workdir / "var" / "secrets" / "access.key",
                                     morning.family_id)
    conn.close()
    page.goto(morning.gate_url + "/login")
    page.fill("#login", morning.family_login)
    page.fill("#code", pyotp.TOTP(secret).now())
    page.click("button[type=submit]")
    page.wait_for_url(morning.gate_url + "/")
    assert first["first_name"] in page.content()
    first_diary = f"{morning.gate_url}/diary/{morning.token(first['id'])}/"
    page.goto(first_diary + f"week-{WEEK_OF_LESSON}.html")
    week = page.content()
    assert HOMEWORK in week and TOPIC in week
    lesson_row = page.locator("tr, li, article", has_text=TOPIC).last.inner_text()
    assert "5" in lesson_row
    # ... and cannot reach the classmate's diary: the same 404 as a token that does not exist.
    other = page.goto(f"{morning.gate_url}/diary/{morning.token(second['id'])}/")
    missing = page.goto(f"{morning.gate_url}/diary/{'x' * 24}/")
    assert other.status == missing.status == 404
    assert second["last_name"] not in page.content()

    # 4. The homework was entered after the deadline: a violation the deputy sees.
    conn = morning.db()
    wait_until(lambda: conn.execute(
        "SELECT 1 FROM violations WHERE rule = 'R-HW-DEADLINE' AND record_id = ?"
        " AND closed_at IS NULL", (lesson["id"],)).fetchone() is not None,
        30.0, "the late homework becomes an R-HW-DEADLINE violation")
    conn.close()
    page.context.clear_cookies()
    staff_login(page, morning, "deputy", "demo-deputy",
                f"/staff/violations?rule=R-HW-DEADLINE&record_id={lesson['id']}")
    assert "R-HW-DEADLINE" in page.content()
    assert page.locator("#violations tr[data-violation]").count() >= 1


def test_period_end_prints_the_journal_archived_on_two_media(morning: Morning):
    """At the penultimate day of Q2 the agent prints the class journal; two media verify."""
    workdir = morning.workdir
    conn = morning.db()
    class_name = conn.execute("SELECT name FROM classes WHERE id = ?",
                              (morning.class_id,)).fetchone()[0]
    conn.close()
    agent = ejsync_in("agent", "--db", "school.db", "--out", "build/period-end-diary",
                   "--today", "2026-12-25", "--archive", "archive", cwd=workdir)
    try:
        wait_until(lambda: any((workdir / "archive").rglob("*.pdf")) and conn_has_journal(
            morning, morning.class_id), 300.0, "the agent prints the Q2 journals")
    finally:
        agent.send_signal(signal.SIGTERM)
        agent.wait(timeout=60)
    journal = next(p for p in (workdir / "archive").rglob("*.pdf")
                   if class_name in str(p) or class_name in pdf_text(p)[:2000])
    text = pdf_text(journal)
    assert TOPIC.split(":")[0] in text and morning.first["last_name"] in text

    run("archive", "copy", "--db", "school.db", "--to", "media-a", "--to", "media-b", cwd=workdir)
    verified = run("archive", "verify", "--db", "school.db", cwd=workdir)
    assert "в порядке" in verified
    conn = morning.db()
    media = {row[0] for row in conn.execute(
        "SELECT c.path FROM archive_copies c JOIN print_editions e ON e.id = c.edition_id"
        " WHERE e.kind = 'journal' AND e.class_id = ?", (morning.class_id,))}
    conn.close()
    assert len(media) == 2
    assert all((workdir / path).exists() or Path(path).exists() for path in media)


def conn_has_journal(morning: Morning, class_id: int) -> bool:
    conn = morning.db()
    try:
        return conn.execute("SELECT 1 FROM print_editions WHERE kind = 'journal' AND class_id = ?",
                            (class_id,)).fetchone() is not None
    finally:
        conn.close()


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)
