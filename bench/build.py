"""Benchmark the diary build and the agent on a 1,000-student full-year school.

Figures, measured in one run on the same data:
  * ejsync full build: wall time, pages, ms a page, peak memory (own process);
  * ejsync build with nothing changed: pages rendered (must be 0) and wall time;
  * Pelican generating 1,000 of the same diary pages (each student's week page) as its own
    pages, saved where ejsync saves them (`<token>/index.html`): wall time, ms a page, peak
    memory; ejsync making exactly those pages right after (the agent's landing pass);
    the ratios Pelican / ejsync for those pages and per page of the full build;
  * the agent (real process, real watchdog): commit-to-page latency of single marks.
Targets: ≤ 5 ms a page, ≥ 15× faster than Pelican, peak < 500 MB, no-change build renders
nothing, agent p95 < 1 s over ≥ 50 writes.

    PYTHONPATH=. python bench/build.py [--db school.db] [--students 1000] [--writes 50]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

console = Console()
YEAR_END = "2027-05-26"
TODAY = "2027-05-20"  # a Thursday of the last full week: the whole year is in the diary


# ----------------------------------------------------------------- children (own memory)


def child_ejsync_full(db: Path, out: Path, today: date) -> dict:
    from ejsync.diary import build_diaries, last_change_id
    from ejsync.store import connect

    conn = connect(db)
    started = time.perf_counter()
    report = build_diaries(conn, out, today=today, covers_change_id=last_change_id(conn),
                           jobs=os.cpu_count() or 1)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"seconds": time.perf_counter() - started, "rendered": report.pages_rendered,
            "workers": os.cpu_count() or 1, "worker_peak_kb": children.ru_maxrss,
            "worker_cpu": children.ru_utime + children.ru_stime,
            "written": report.pages_written, "students": report.students}


def child_ejsync_nochange(db: Path, out: Path, today: date) -> dict:
    from ejsync.diary import incremental_build
    from ejsync.store import connect

    started = time.perf_counter()
    report = incremental_build(connect(db), out, today=today)
    return {"seconds": time.perf_counter() - started, "rendered": report.pages_rendered,
            "written": report.pages_written}


def child_ejsync_same(db: Path, out: Path, today: date) -> dict:
    """ejsync making only what Pelican is given: each student's landing (current-week) page,
    from that week's rows, as the agent does first on a new day."""
    from ejsync.diary import build_diaries
    from ejsync.store import connect

    conn = connect(db)
    started = time.perf_counter()
    report = build_diaries(conn, out, today=today, landing_only=True, jobs=os.cpu_count() or 1)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"seconds": time.perf_counter() - started, "rendered": report.pages_rendered,
            "written": report.pages_written, "worker_cpu": children.ru_utime + children.ru_stime}


def child_pelican(content: Path, out: Path) -> dict:
    import logging

    from pelican import Pelican
    from pelican.settings import read_settings

    logging.getLogger("pelican").setLevel(logging.WARNING)
    settings = read_settings(override={
        "PATH": str(content), "OUTPUT_PATH": str(out), "SITENAME": "Дневники",
        "PAGE_PATHS": ["diary"], "ARTICLE_PATHS": [], "STATIC_PATHS": [],
        "PAGE_URL": "{slug}/", "PAGE_SAVE_AS": "{slug}/index.html", "DIRECT_TEMPLATES": [],
        "FEED_ALL_ATOM": None, "CATEGORY_FEED_ATOM": None, "TRANSLATION_FEED_ATOM": None,
        "AUTHOR_FEED_ATOM": None, "AUTHOR_FEED_RSS": None, "CACHE_CONTENT": False,
        "LOAD_CONTENT_CACHE": False, "TIMEZONE": "Europe/Moscow", "DEFAULT_LANG": "ru",
    })
    started = time.perf_counter()
    Pelican(settings).run()
    pages = sum(1 for _ in out.glob("*/index.html"))
    return {"seconds": time.perf_counter() - started, "rendered": pages}


CHILDREN = {"ejsync-full": child_ejsync_full, "ejsync-nochange": child_ejsync_nochange,
            "ejsync-same": child_ejsync_same, "pelican": child_pelican}


def run_child(kind: str, *args: str) -> dict:
    """Run one measured part in its own process; its peak memory is its own."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    result = subprocess.run([sys.executable, __file__, "--child", kind, *args], env=env,
                            capture_output=True, text=True, cwd=ROOT)
    if result.returncode != 0:
        raise SystemExit(f"{kind} failed:\n{result.stdout}\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


# ----------------------------------------------------------------- the parts


def prepare_database(args: argparse.Namespace, work: Path) -> Path:
    db = work / "school.db"
    if args.db:
        console.print(f"копия базы {args.db}")
        source = sqlite3.connect(args.db)
        target = sqlite3.connect(db)
        source.backup(target)
        source.close()
        target.close()
    else:
        console.print(f"демо-школа: {args.students} учеников, журнал за год (ejsync demo)")
        subprocess.run([sys.executable, "-m", "ejsync", "demo", "--students", str(args.students),
                        "--seed", "1", "--until", YEAR_END, "--db", str(db)], check=True,
                       cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)),
                       stdout=subprocess.DEVNULL)
    from ejsync.store import connect, migrate

    conn = connect(db)
    migrate(conn)  # an older database gets the tables the checks and the agent need
    conn.close()
    return db


def pelican_content(diary: Path, content: Path, limit: int) -> tuple[int, float]:
    """Each student's current-week page as a Pelican HTML page saved where ejsync saves it
    (`<token>/index.html`); count and mean size (KB)."""
    folder = content / "diary"
    folder.mkdir(parents=True)
    sizes = []
    for page in sorted(diary.glob("*/index.html"))[:limit]:
        token = page.parent.name
        html = page.read_text(encoding="utf-8")
        html = html.replace("<title>", f'<meta name="slug" content="{token}">\n<title>', 1)
        (folder / f"{token}.html").write_text(html, encoding="utf-8")
        sizes.append(len(html.encode()))
    return len(sizes), statistics.mean(sizes) / 1024


def candidate_marks(db: Path, count: int, today: str) -> list[tuple[int, int, int, str]]:
    """(student, subject, lesson, lesson date) pairs of this week without a project mark."""
    conn = sqlite3.connect(db)
    rows = conn.execute(
        "SELECT e.student_id, l.subject_id, l.id, l.date FROM lessons l"
        " JOIN enrollments e ON e.class_id = l.class_id AND e.from_date <= l.date"
        "  AND (e.to_date IS NULL OR e.to_date >= l.date)"
        " JOIN classes c ON c.id = l.class_id"
        " WHERE l.date BETWEEN date(?, 'weekday 1', '-7 days') AND ? AND l.subgroup_id IS NULL"
        "  AND c.grade >= 2 AND NOT EXISTS (SELECT 1 FROM marks m WHERE m.lesson_id = l.id"
        "  AND m.student_id = e.student_id AND m.work_type = 'project')"
        " GROUP BY e.student_id ORDER BY (e.student_id * 7919) % 1009 LIMIT ?",
        (today, today, count),
    ).fetchall()
    conn.close()
    return rows


def measure_agent(db: Path, out: Path, today: str, writes: int) -> dict:
    """Start the real agent, write single marks, time commit → page on disk."""
    from ejsync.diary.calendar import monday

    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONUNBUFFERED="1")
    log = open(out.parent / "agent.log", "wb")  # noqa: SIM115
    agent = subprocess.Popen([sys.executable, "-m", "ejsync", "agent", "--db", str(db), "--out",
                              str(out), "--today", today, "--interval", "600",
                              "--archive", str(out.parent / "archive")], cwd=ROOT,
                             env=env, stdout=log, stderr=subprocess.STDOUT)
    tokens = dict(sqlite3.connect(db).execute("SELECT student_id, token FROM diary_tokens"))
    try:
        _wait_caught_up(db, agent)
        latencies = []
        for student, subject, lesson, day in candidate_marks(db, writes, today):
            page = out / tokens[student] / f"week-{monday(date.fromisoformat(day))}.html"
            before = page.stat().st_mtime_ns
            conn = sqlite3.connect(db, timeout=10)
            conn.execute("INSERT INTO marks (student_id, subject_id, lesson_id, value, work_type,"
                         " created_by) VALUES (?, ?, ?, '5', 'project',"
                         " (SELECT teacher_id FROM lessons WHERE id = ?))",
                         (student, subject, lesson, lesson))
            conn.commit()
            committed = time.perf_counter()
            conn.close()
            while page.stat().st_mtime_ns == before:
                if time.perf_counter() - committed > 10:
                    raise SystemExit(f"mark of student {student} not on the page after 10 s")
                time.sleep(0.002)
            latencies.append(time.perf_counter() - committed)
            time.sleep(0.25)
        peak = _peak_kb(agent.pid)
    finally:
        agent.send_signal(signal.SIGTERM)
        agent.wait(timeout=30)
        log.close()
    latencies.sort()
    return {"writes": len(latencies), "p50": statistics.median(latencies),
            "p95": latencies[max(0, int(len(latencies) * 0.95) - 1)], "max": latencies[-1],
            "peak_kb": peak}


def _wait_caught_up(db: Path, agent: subprocess.Popen) -> None:
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        if agent.poll() is not None:
            raise SystemExit("the agent exited early")
        conn = sqlite3.connect(db, timeout=10)
        cursor = conn.execute("SELECT change_id FROM cursors WHERE name = 'agent'").fetchone()
        last = conn.execute("SELECT MAX(id) FROM changes").fetchone()[0]
        conn.close()
        if cursor and cursor[0] == last:
            return
        time.sleep(0.2)
    raise SystemExit("the agent did not catch up within 10 minutes")


def _peak_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="an existing school database (copied first)")
    parser.add_argument("--students", type=int, default=1000)
    parser.add_argument("--pelican-pages", type=int, default=1000)
    parser.add_argument("--writes", type=int, default=50)
    parser.add_argument("--today", default=TODAY)
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, *rest = args.child
        before = resource.getrusage(resource.RUSAGE_SELF)
        cpu_before = before.ru_utime + before.ru_stime
        if kind == "pelican":
            result = child_pelican(Path(rest[0]), Path(rest[1]))
        else:
            result = CHILDREN[kind](Path(rest[0]), Path(rest[1]), date.fromisoformat(rest[2]))
        result["cpu_before"] = cpu_before
        usage = resource.getrusage(resource.RUSAGE_SELF)
        result["peak_kb"] = usage.ru_maxrss
        result["cpu"] = (usage.ru_utime + usage.ru_stime - result.pop("cpu_before")
                         + result.pop("worker_cpu", 0.0))
        print(json.dumps(result))
        return
    work = Path(tempfile.mkdtemp(prefix="ejsync-bench-"))
    try:
        db = prepare_database(args, work)
        diary = work / "diary"
        console.print("ejsync: полная сборка дневников …")
        full = run_child("ejsync-full", str(db), str(diary), args.today)
        console.print("ejsync: сборка без изменений …")
        same = run_child("ejsync-nochange", str(db), str(diary), args.today)
        count, size_kb = pelican_content(diary, work / "pelican", args.pelican_pages)
        console.print(f"Pelican: {count} тех же страниц (в среднем {size_kb:.1f} КБ) …")
        pelican = run_child("pelican", str(work / "pelican"), str(work / "pelican-out"))
        console.print("ejsync: те же страницы, сразу после Pelican …")
        same_pages = run_child("ejsync-same", str(db), str(work / "same-out"), args.today)
        console.print(f"агент: {args.writes} отдельных отметок …")
        agent = measure_agent(db, diary, args.today, args.writes)
        report(full, same, pelican, same_pages, agent)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def report(full: dict, same: dict, pelican: dict, same_pages: dict, agent: dict) -> None:
    ours_ms = full["seconds"] * 1000 / full["rendered"]
    theirs_ms = pelican["seconds"] * 1000 / pelican["rendered"]
    ours_cpu = full["cpu"] * 1000 / full["rendered"]
    theirs_cpu = pelican["cpu"] * 1000 / pelican["rendered"]
    table = Table(title="bench/build.py")
    for column in ("what", "figure", "target"):
        table.add_column(column)
    mb = 1024
    rows = [
        ("ejsync full build", f"{full['students']} students, {full['rendered']} pages rendered,"
         f" {full['seconds']:.1f} s, {ours_ms:.2f} ms/page (CPU {ours_cpu:.2f}),"
         f" {full['workers']} processes, peak {full['peak_kb'] / mb:.0f} MB (parent)"
         f" + {full['worker_peak_kb'] / mb:.0f} MB (largest worker)",
         "≤ 5 ms/page, < 500 MB"),
        ("ejsync no-change build", f"{same['rendered']} pages rendered, {same['written']} written,"
         f" {same['seconds']:.2f} s", "0 rendered"),
        ("Pelican, same pages", f"{pelican['rendered']} pages, {pelican['seconds']:.1f} s,"
         f" {theirs_ms:.2f} ms/page (CPU {theirs_cpu:.2f}), peak {pelican['peak_kb'] / mb:.0f} MB",
         ""),
        ("ejsync, the same pages", f"{same_pages['rendered']} pages (the current week each,"
         f" from the database; {same_pages['written']} files with index.html and diary.css),"
         f" {same_pages['seconds']:.2f} s, peak {same_pages['peak_kb'] / mb:.0f} MB", ""),
        ("ratio", f"same pages: {pelican['seconds'] / same_pages['seconds']:.1f}× (wall),"
         f" {pelican['cpu'] / same_pages['cpu']:.1f}× (CPU); per page of the full build:"
         f" {theirs_ms / ours_ms:.1f}× (wall), {theirs_cpu / ours_cpu:.1f}× (CPU)", "≥ 15×"),
        ("agent commit → page", f"{agent['writes']} writes: p50 {agent['p50'] * 1000:.0f} ms,"
         f" p95 {agent['p95'] * 1000:.0f} ms, max {agent['max'] * 1000:.0f} ms,"
         f" agent peak {agent['peak_kb'] / mb:.0f} MB", "p95 < 1 s"),
    ]
    for row in rows:
        table.add_row(*row)
    console.print(table)


if __name__ == "__main__":
    main()
