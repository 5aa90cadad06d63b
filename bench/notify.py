"""Benchmark of e-mail notifications and of the gate's message page.

1. The daily digest for 1,000 families (marks, absences, comments, messages, homework for
   tomorrow), queued and delivered by `ejsync notify run --once` to the real local SMTP server
   (`ejsync notify mailbox`): wall time and peak memory of the sender process. Baseline, at
   equal output (the same 1,000 composed e-mails, byte for byte): handing them to the same
   server with bare `smtplib` over one connection. Rounds interleaved; the first round is the
   cold one (a fresh process and a database file not read yet), the rest warm.
2. The gate's message page (/messages) with 500 families logged in, each request another
   family's session, 50 connections (wrk): p50/p95/p99. Baseline: the family home page (/)
   of the same gate and sessions, rounds interleaved.

    PYTHONPATH=$PWD python bench/notify.py [--families 1000] [--rounds 3] [--duration 8]
"""

from __future__ import annotations

import argparse
import email
import email.policy
import os
import resource
import shutil
import smtplib
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from measure import peak_rss_mb
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from ejsync.access.sessions import Signer, start_session
from ejsync.config import PROJECT_ROOT
from ejsync.family_codes import codes
from ejsync.family_codes.keys import derive_key
from ejsync.keyfile import load_key
from ejsync.store import connect, transaction
from tests.messages.mail import wait_for_port
from tests.servers import free_port, wait_for_http
from tests.tiny_school import build_tiny_school

NOW = datetime(2026, 11, 17, 15, 30, tzinfo=UTC)  # Tuesday, 18:30 at the school: digest due
TODAY, TOMORROW = "2026-11-17", "2026-11-18"
CLASSES = (2, 3, 4)  # 5А, 5Б, 10А of the tiny school
MATH, TEACHER = 1, 4
LOGGED_IN = 500
console = Console()
WRK_SCRIPT = """
local cookies = {}
for line in io.lines(os.getenv("COOKIES")) do cookies[#cookies + 1] = line end
local path, i = os.getenv("WRK_PATH"), math.random(#cookies)
request = function()
  i = i + 1
  return wrk.format("GET", path, {["Cookie"] = "ejsync_session=" .. cookies[(i % #cookies) + 1]})
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %.2f %.2f %.2f %d %d\\n", latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000, summary.requests,
    e.status + e.connect + e.read + e.write + e.timeout))
end
"""


def build(workdir: Path, families: int) -> Path:
    """The tiny school plus `families` families, one or two children each, with today's news,
    a thread with the class teacher each, and a confirmed digest subscription each."""
    db = workdir / "school.db"
    conn = build_tiny_school(db).connect()
    with transaction(conn):
        lessons = {}
        for class_id in CLASSES:
            for day, slot in ((TODAY, 6), (TOMORROW, 6)):
                lessons[class_id, day] = conn.execute(
                    "INSERT INTO lessons (class_id, subject_id, date, slot, scheduled_teacher_id,"
                    " teacher_id, topic, homework, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (class_id, MATH, day, slot, TEACHER, TEACHER, "Дроби",
                     "№ 301, 305 и повторить правило на с. 84", TEACHER)).lastrowid
        for n in range(families):
            family = conn.execute("INSERT INTO families (title, login) VALUES (?, ?)",
                                  (f"Семья Тестовых-{n}", f"bench-{n:05d}")).lastrowid
            for child in range(1 + (n % 3 == 0)):
                class_id = CLASSES[(n + child) % len(CLASSES)]
                student = conn.execute(
                    "INSERT INTO students (last_name, first_name, family_id) VALUES (?, ?, ?)",
                    (f"Тестов-{n}", ("Иван", "Мария")[child], family)).lastrowid
                conn.execute("INSERT INTO enrollments (student_id, class_id, from_date)"
                             " VALUES (?, ?, '2026-09-01')", (student, class_id))
                lesson = lessons[class_id, TODAY]
                conn.execute("INSERT INTO marks (student_id, subject_id, lesson_id, value,"
                             " work_type, created_by, created_at) VALUES (?, ?, ?, ?, 'answer',"
                             " ?, ?)", (student, MATH, lesson, "45"[n % 2], TEACHER,
                                        f"{TODAY}T10:00:00Z"))
                if n % 4 == 0:
                    conn.execute("INSERT INTO attendance (lesson_id, student_id, code, created_by,"
                                 " created_at) VALUES (?, ?, 'н', ?, ?)",
                                 (lesson, student, TEACHER, f"{TODAY}T09:00:00Z"))
                if n % 5 == 0:
                    conn.execute("INSERT INTO comments (student_id, lesson_id, kind, text,"
                                 " created_by, created_at) VALUES (?, ?, 'praise',"
                                 " 'Хорошо работал на уроке', ?, ?)",
                                 (student, lesson, TEACHER, f"{TODAY}T10:05:00Z"))
                if child == 0:
                    thread = conn.execute(
                        "INSERT INTO message_threads (family_id, student_id, kind, staff_id,"
                        " topic, created_at) VALUES (?, ?, 'teacher', ?, 'Экскурсия', ?)",
                        (family, student, TEACHER, f"{TODAY}T08:00:00Z")).lastrowid
                    for author, text in ((None, "Можно ли Ване не ехать?"),
                                         (TEACHER, "Можно, напишите заявление.")):
                        conn.execute(
                            "INSERT INTO messages (thread_id, author_staff_id, author_family_id,"
                            " body, created_at) VALUES (?, ?, ?, ?, ?)",
                            (thread, author, None if author else family, text,
                             f"{TODAY}T11:00:00Z"))
            conn.execute(
                "INSERT INTO notify_subscriptions (family_id, email, mode, token, confirmed_at)"
                " VALUES (?, ?, ?, ?, ?)", (family, f"family{n}@example.ru",
                                            "notice" if n % 10 == 9 else "digest",
                                            f"token-{n:05d}-{os.urandom(6).hex()}",
                                            f"{TODAY}T07:00:00Z"))
        conn.execute("INSERT INTO cursors (name, change_id)"
                     " VALUES ('notify', (SELECT MAX(id) FROM messages))")
    conn.close()
    return db


@contextmanager
def process(args: list[str], log: Path, env: dict | None = None):
    """`python -m ejsync ARGS` until the block ends."""
    full_env = dict(os.environ, PYTHONPATH=str(PROJECT_ROOT), **(env or {}))
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "ejsync", *args], cwd=PROJECT_ROOT,
                                env=full_env, stdout=out, stderr=subprocess.STDOUT)
        try:
            yield proc
        finally:
            proc.terminate()
            proc.wait(timeout=20)


def sender_round(db: Path, port: int, workdir: Path) -> tuple[float, float, int]:
    """`ejsync notify run --once` at NOW on a fresh copy: seconds, peak MB, e-mails sent."""
    copy = workdir / "round.db"
    shutil.copyfile(db, copy)
    script = (
        "import resource, time;"
        "from ejsync.store import connect; from ejsync.notify.sender import SenderSettings, cycle;"
        "from ejsync.notify.relay import Relay, save_relay; from ejsync.store import Writer;"
        f"conn = connect({str(copy)!r});"
        f"save_relay(conn, Relay('127.0.0.1', {port}, 'none', from_address='d@school7.ru'),"
        " None, Writer.tool('cli'));"
        "from bench_now import NOW;"
        "t = time.perf_counter(); r = cycle(conn, SenderSettings(None, 'http://dnevnik.example'),"
        " NOW); t = time.perf_counter() - t;"
        "print(t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, r.sent, r.digests)"
    )
    (workdir / "bench_now.py").write_text(
        f"from datetime import datetime, UTC\nNOW = datetime.fromisoformat({NOW.isoformat()!r})\n")
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True,
        env=dict(os.environ, PYTHONPATH=f"{PROJECT_ROOT}:{workdir}"))
    seconds, peak, sent, digests = result.stdout.split()
    assert int(sent) == int(digests), result.stdout
    return float(seconds), float(peak), int(sent)


def baseline_round(messages: list[bytes], port: int) -> float:
    """Bare smtplib: the same e-mails to the same server over one connection, seconds."""
    started = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", port, timeout=30) as smtp:
        for raw in messages:
            parsed = email.message_from_bytes(raw, policy=email.policy.compat32)
            smtp.sendmail("d@school7.ru", [parsed["To"]], raw)
    return time.perf_counter() - started


def digest_benchmark(workdir: Path, families: int, rounds: int) -> Table:
    """Part 1: the digests for `families` families, ours vs bare SMTP, interleaved."""
    with Progress(console=console, transient=True) as progress:
        task = progress.add_task(f"школа из {families} семей…", total=None)
        db = build(workdir, families)
        progress.update(task, description="раунды рассылки…", total=rounds * 2)
        port, inbox = free_port(), workdir / "inbox"
        ours, bare, peaks, sizes = [], [], [], []
        with process(["notify", "mailbox", "--port", str(port), "--dir", str(inbox)],
                     workdir / "mailbox.log"):
            wait_for_port(port)
            for _ in range(rounds):
                for path in inbox.glob("*.eml"):
                    path.unlink()
                seconds, peak, sent = sender_round(db, port, workdir)
                assert sent == families, (sent, families)
                ours.append(seconds)
                peaks.append(peak)
                progress.advance(task)
                kept = [p.read_bytes() for p in sorted(inbox.glob("*.eml"))]
                assert len(kept) == families
                sizes.append(sum(len(k) for k in kept))
                for path in inbox.glob("*.eml"):
                    path.unlink()
                bare.append(baseline_round(kept, port))
                progress.advance(task)
    table = Table(title=f"Сводка за день: {families} семей → локальный SMTP-сервер")
    for column in ("раунд", "ejsync notify (с)", "голый smtplib (с)", "отношение",
                   "пик памяти отправителя (МБ)", "объём писем (МБ)"):
        table.add_column(column)
    for i, (a, b, peak, size) in enumerate(zip(ours, bare, peaks, sizes, strict=True)):
        table.add_row("1 (холодный)" if i == 0 else str(i + 1), f"{a:.2f}", f"{b:.2f}",
                      f"{a / b:.1f}×", f"{peak:.0f}", f"{size / 1e6:.1f}")
    return table


def gate_benchmark(workdir: Path, duration: int) -> Table:
    """Part 2: /messages vs / with LOGGED_IN sessions, wrk, interleaved rounds."""
    db = workdir / "school.db"
    key_file = workdir / "access.key"
    conn = connect(db)
    codes.issue(conn, key_file, 1)  # makes the key; sessions below use its families' versions
    signer = Signer(derive_key(load_key(key_file), "ejsync gate session cookie"))
    families = [r[0] for r in conn.execute(
        "SELECT id FROM families WHERE login LIKE 'bench-%' ORDER BY id LIMIT ?", (LOGGED_IN,))]
    cookies = []
    with transaction(conn):
        for family in families:
            conn.execute("INSERT INTO access_codes (family_id, version, secret_encrypted,"
                         " issued_at) VALUES (?, 1, x'00', '2026-11-01T08:00:00Z')", (family,))
            cookies.append(signer.cookie_value(start_session(conn, family, 1, 3600 * 6)))
    conn.close()
    (workdir / "cookies.txt").write_text("\n".join(cookies) + "\n")
    (workdir / "wrk.lua").write_text(WRK_SCRIPT)
    (workdir / "diary").mkdir(exist_ok=True)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    results: dict[str, list[tuple[float, ...]]] = {"/messages": [], "/": []}
    with process(["gate", "--db", str(db), "--root", str(workdir / "diary"), "--key-file",
                  str(key_file), "--port", str(port)], workdir / "gate.log") as gate:
        wait_for_http(url + "/login")
        for path in ("/messages", "/") * 2:
            out = subprocess.run(
                ["wrk", "-t2", "-c50", f"-d{duration}s", "-s", str(workdir / "wrk.lua"), url],
                capture_output=True, text=True, check=True,
                env=dict(os.environ, COOKIES=str(workdir / "cookies.txt"), WRK_PATH=path)).stdout
            line = next(x for x in out.splitlines() if x.startswith("RESULT"))
            p50, p95, p99, requests, errors = map(float, line.split()[1:])
            assert errors == 0, out
            results[path].append((p50, p95, p99, requests / duration))
        gate_peak = peak_rss_mb(gate.pid)
    table = Table(title=f"Шлюз: страница сообщений, {LOGGED_IN} вошедших семей, 50 соединений")
    for column in ("страница", "раунд", "p50 (мс)", "p95 (мс)", "p99 (мс)", "запросов/с"):
        table.add_column(column)
    for path, rows in results.items():
        for i, (p50, p95, p99, rate) in enumerate(rows):
            table.add_row(path, str(i + 1), f"{p50:.1f}", f"{p95:.1f}", f"{p99:.1f}", f"{rate:.0f}")
    ratio = (sum(r[1] for r in results["/messages"]) / sum(r[1] for r in results["/"]))
    table.caption = (f"p95 /messages ÷ p95 / (базовая страница) = {ratio:.2f}; пик памяти шлюза"
                     f" {gate_peak:.0f} МБ")
    return table


def main() -> None:
    """Both parts; the figures are printed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--families", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=8)
    args = parser.parse_args()
    resource.setrlimit(resource.RLIMIT_NOFILE, (4096, 4096))
    with tempfile.TemporaryDirectory() as folder:
        workdir = Path(folder)
        console.print(digest_benchmark(workdir, args.families, args.rounds))
        console.print(gate_benchmark(workdir, args.duration))


if __name__ == "__main__":
    main()
