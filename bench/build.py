"""Benchmark the diary build and the agent against Pelican and Hugo on the same pages.

On a 1,000-student full-year demo school, in interleaved rounds (each anchor beside ejsync in
the same round, so a busy machine slows both alike):
  * the same 1,000 pages (each student's current week, ~20 KB): ejsync's landing pass from the
    database; Pelican (a minimal theme reproducing the page, content cache off, then on);
    Hugo (Debian's `hugo`, the page as the content of a one-line layout);
  * the full build, every page of every student: ejsync (from the database, one process per
    core) and Hugo on exactly those pages;
then once: a build with nothing changed (renders nothing); then, in as many rounds, the real
agent (watchdog, worker processes) with 40 lesson saves in 10 s: commit → the saved homework on
the week page.
Every run writes its pages to disk; the page counts and mean sizes are printed beside the
times. CPU is user + system of every process involved; min and median over the rounds.
Targets: full build per page at or below Hugo's (the median of the rounds' Hugo / ejsync
CPU ratios ≥ 1), peak memory < 200 MB per process; 40 lesson saves in 10 s, commit → page p95
< 300 ms (the median of the rounds' p95).

    PYTHONPATH=. python bench/build.py [--db school.db] [--rounds 3] [--saves 40]
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import random
import resource
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

console = Console()
YEAR_END = "2027-05-26"
TODAY = "2027-05-20"  # a Thursday of the last full week: the whole year is in the diary
PAGE_TEMPLATE = """<!doctype html>
<html lang="ru">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="no-referrer">
<title>{{ page.title }}</title>
<link rel="stylesheet" href="diary.css">
</head>
<body>
{{ page.content }}
</body>
</html>
"""
HUGO_CONFIG = """baseURL = "/"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404", "home", "section"]
"""


# ----------------------------------------------------------------- measured children


def child_ejsync(db: Path, out: Path, today: date, landing: bool) -> dict:
    """A full build (or the landing pass) from the database, like `ejsync build --full`."""
    from ejsync.diary import build_diaries, last_change_id
    from ejsync.diary.build import default_jobs
    from ejsync.store import connect

    conn = connect(db)
    report = build_diaries(conn, out, today=today, jobs=default_jobs(), landing_only=landing,
                           covers_change_id=None if landing else last_change_id(conn))
    return {"rendered": report.pages_rendered, "files": report.pages_written,
            "students": report.students, "worker_cpu": report.worker_cpu_seconds,
            "worker_peak_kb": report.worker_peak_kb}


def child_nochange(db: Path, out: Path, today: date) -> dict:
    """An incremental build right after a full one."""
    from ejsync.diary import incremental_build
    from ejsync.store import connect

    report = incremental_build(connect(db), out, today=today)
    return {"rendered": report.pages_rendered, "files": report.pages_written}


def child_pelican(content: Path, out: Path, cache: Path, warm: bool) -> dict:
    """Pelican over the pages: a theme printing the page as it was, its cache off or on."""
    import logging

    from pelican import Pelican
    from pelican.settings import read_settings

    logging.getLogger("pelican").setLevel(logging.WARNING)
    theme = content.parent / "theme"
    (theme / "templates").mkdir(parents=True, exist_ok=True)
    (theme / "static").mkdir(exist_ok=True)
    (theme / "templates" / "page.html").write_text(PAGE_TEMPLATE, encoding="utf-8")
    off = ""
    settings = read_settings(override={
        "PATH": str(content), "OUTPUT_PATH": str(out), "THEME": str(theme),
        "SITENAME": "Дневники", "PAGE_PATHS": ["diary"], "ARTICLE_PATHS": [],
        "STATIC_PATHS": [], "PAGE_URL": "{slug}/", "PAGE_SAVE_AS": "{slug}/index.html",
        "DIRECT_TEMPLATES": [], "FEED_ALL_ATOM": None, "CATEGORY_FEED_ATOM": None,
        "TRANSLATION_FEED_ATOM": None, "AUTHOR_FEED_ATOM": None, "AUTHOR_FEED_RSS": None,
        "AUTHOR_SAVE_AS": off, "CATEGORY_SAVE_AS": off, "TAG_SAVE_AS": off,
        "AUTHORS_SAVE_AS": off, "CATEGORIES_SAVE_AS": off, "TAGS_SAVE_AS": off,
        "ARCHIVES_SAVE_AS": off, "INDEX_SAVE_AS": off, "CACHE_PATH": str(cache),
        "CACHE_CONTENT": warm, "LOAD_CONTENT_CACHE": warm, "TIMEZONE": "Europe/Moscow",
        "DEFAULT_LANG": "ru", "DELETE_OUTPUT_DIRECTORY": False,
    })
    Pelican(settings).run()
    return {"rendered": sum(1 for _ in out.glob("*/index.html"))}


def run_child(kind: str, *args: object) -> dict:
    """Run one measured part in its own Python process: wall, CPU (with its workers), peak."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run([sys.executable, __file__, "--child", kind, *map(str, args)],
                            env=env, capture_output=True, text=True, cwd=ROOT)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"{kind} failed:\n{result.stdout}\n{result.stderr}")
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    figures.update(wall=wall, cpu=cpu + figures.pop("worker_cpu", 0.0),
                   peak_mb=max(figures.pop("self_peak_kb"), figures.pop("worker_peak_kb", 0))
                   / 1024)
    return figures


def run_hugo(site: Path, out: Path) -> dict:
    """Debian's Hugo over the prepared site: wall, CPU, peak memory, pages written."""
    shutil.rmtree(out, ignore_errors=True)
    started = time.perf_counter()
    proc = subprocess.Popen(["hugo", "--quiet", "--source", str(site), "--destination", str(out)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    if status != 0:
        raise SystemExit(f"hugo failed: {proc.stderr.read().decode()}")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "peak_mb": usage.ru_maxrss / 1024,
            "rendered": sum(1 for _ in out.rglob("*.html"))}


# ----------------------------------------------------------------- the same pages for the anchors


def prepare_database(args: argparse.Namespace, work: Path) -> Path:
    db = work / "school.db"
    if args.db:
        console.print(f"копия базы {args.db}")
        source, target = sqlite3.connect(args.db), sqlite3.connect(db)
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
    migrate(conn)
    conn.close()
    return db


def pelican_content(pages: list[Path], diary: Path, content: Path) -> None:
    """Each page as a Pelican HTML page saved where ejsync saves it (`<token>/index.html`)."""
    folder = content / "diary"
    folder.mkdir(parents=True)
    for page in pages:
        token = page.parent.name
        html = page.read_text(encoding="utf-8")
        html = html.replace("<title>", f'<meta name="slug" content="{token}">\n<title>', 1)
        (folder / f"{token}.html").write_text(html, encoding="utf-8")


def hugo_site(pages: list[Path], diary: Path, site: Path) -> None:
    """Each page as Hugo content with its own address, under a layout printing it as it is."""
    (site / "layouts" / "_default").mkdir(parents=True)
    (site / "layouts" / "_default" / "single.html").write_text("{{ .Content }}")
    (site / "config.toml").write_text(HUGO_CONFIG)
    content = site / "content" / "p"
    content.mkdir(parents=True)
    for number, page in enumerate(pages):
        front = f'---\nurl: "/{page.relative_to(diary)}"\n---\n'.encode()
        (content / f"{number:06d}.html").write_bytes(front + page.read_bytes())


def mean_kb(paths: list[Path]) -> float:
    return statistics.mean(p.stat().st_size for p in paths) / 1024 if paths else 0.0


# ----------------------------------------------------------------- the agent


def lesson_saves(db: Path, today: str, count: int) -> list[tuple]:
    """`count` different lessons of this week, as many classes as there are first:
    (lesson, class, date, subject, teacher)."""
    conn = sqlite3.connect(db)
    rows = conn.execute(
        "SELECT id, class_id, date, subject_id, teacher_id FROM (SELECT l.*, row_number()"
        "  OVER (PARTITION BY l.class_id ORDER BY l.date DESC, l.slot) AS n FROM lessons l"
        "  JOIN classes k ON k.id = l.class_id WHERE k.grade >= 2 AND l.subgroup_id IS NULL"
        "  AND l.date BETWEEN date(?, 'weekday 1', '-7 days') AND ?)"
        " ORDER BY n, class_id LIMIT ?", (today, today, count)).fetchall()
    conn.close()
    return rows


class SaveFailed(Exception):
    """A writer's save that did not commit; the watcher stops at the first one."""


def mark_comment(number: int) -> str:
    """The comment of save `number`'s watched mark (shown on the subjects page)."""
    return f"Отметка сохранения № {number}."


def save_lesson(db: Path, lesson: tuple, number: int,
                rng: random.Random) -> tuple[int, str, int]:
    """What the lesson page writes, in one transaction: topic and homework, marks for a
    quarter of the class (the first one with a comment naming the save), one absence.
    Returns the student to watch, the homework and the newest change id after the commit."""
    lesson_id, class_id, day, subject, teacher = lesson
    conn = sqlite3.connect(db, timeout=10, isolation_level=None)
    students = [r[0] for r in conn.execute(
        "SELECT student_id FROM enrollments WHERE class_id = ? AND to_date IS NULL"
        " ORDER BY student_id", (class_id,))]
    work = conn.execute(
        "SELECT code FROM work_types WHERE code NOT IN (SELECT work_type FROM marks"
        " WHERE lesson_id = ? AND work_type IS NOT NULL) ORDER BY code LIMIT 1",
        (lesson_id,)).fetchone()[0]
    absent = conn.execute("SELECT 1 FROM attendance WHERE lesson_id = ? AND student_id = ?",
                          (lesson_id, students[-1])).fetchone()
    homework = f"Задание сохранения № {number}"
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("UPDATE lessons SET topic = ?, homework = ? WHERE id = ?",
                     (f"Тема сохранения № {number}", homework, lesson_id))
        for student in students[:max(1, len(students) // 4)]:
            conn.execute("INSERT INTO marks (student_id, subject_id, lesson_id, value,"
                         " work_type, comment, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
                         (student, subject, lesson_id, rng.choice("2345"), work,
                          mark_comment(number) if student == students[0] else "", teacher))
        if not absent:
            conn.execute("INSERT INTO attendance (lesson_id, student_id, code, created_by)"
                         " VALUES (?, ?, 'н', ?)", (lesson_id, students[-1], teacher))
        conn.execute("COMMIT")
        last = conn.execute("SELECT MAX(id) FROM changes").fetchone()[0]
    except sqlite3.Error:
        if conn.in_transaction:
            conn.execute("ROLLBACK")  # a failed save must not keep the agent locked out
        raise
    finally:
        conn.close()
    return students[0], homework, last


def measure_agent(db: Path, out: Path, today: str, saves: int, seconds: float,
                  first: int = 0) -> dict:
    """The real agent; `saves` lesson saves at random moments of `seconds`, each by its own
    writer (as teachers save independently), each timed from its commit to its page; the
    saves are numbered from `first` (so another round writes other homework)."""
    from concurrent.futures import ThreadPoolExecutor

    from measure import cpu_seconds, peak_rss_mb, percentile

    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONUNBUFFERED="1")
    log_path = out.parent / "agent.log"
    log = open(log_path, "wb")  # noqa: SIM115
    agent = subprocess.Popen([sys.executable, "-m", "ejsync", "agent", "--db", str(db), "--out",
                              str(out), "--today", today, "--interval", "600",
                              "--archive", str(out.parent / "archive")], cwd=ROOT,
                             env=env, stdout=log, stderr=subprocess.STDOUT)
    tokens = dict(sqlite3.connect(db).execute("SELECT student_id, token FROM diary_tokens"))
    rng = random.Random(7 + first)

    pending: queue.Queue = queue.Queue()

    def one(number: int, lesson: tuple, at: float) -> None:
        time.sleep(max(0.0, at - time.perf_counter()))
        try:
            watched, homework, last = save_lesson(db, lesson, number, random.Random(number))
        except sqlite3.Error as error:
            pending.put(SaveFailed(f"save {number} of lesson {lesson[0]} failed: {error}"))
            raise
        day = date.fromisoformat(lesson[2])
        page = out / tokens[watched] / f"week-{day - timedelta(days=day.weekday())}.html"
        subjects = sorted(page.parent.glob("subjects-*.html"))
        pending.put((time.perf_counter(), page, homework, last, subjects, mark_comment(number)))

    try:
        _wait_for_first_cycle(log_path, agent, db)
        lessons = lesson_saves(db, today, saves)
        moments = sorted(rng.uniform(0, seconds) for _ in lessons)
        cpu_before = cpu_seconds(agent.pid)
        start = time.perf_counter()
        with ThreadPoolExecutor(len(lessons)) as pool:
            writers = [pool.submit(one, first + n, lesson, start + moment)
                       for n, (lesson, moment) in enumerate(zip(lessons, moments, strict=True))]
            latencies, marks, done = _watch(db, pending, len(lessons))
            for writer in writers:
                writer.result()
        elapsed = time.perf_counter() - start
        agent_cpu = cpu_seconds(agent.pid) - cpu_before
        peak = peak_rss_mb(agent.pid)
    finally:
        agent.send_signal(signal.SIGTERM)
        agent.wait(timeout=60)
        log.close()
    return {"saves": len(latencies), "seconds": elapsed, "p50": statistics.median(latencies),
            "p95": percentile(latencies, 95), "max": latencies[-1],
            "marks_p95": percentile(marks, 95), "marks_max": marks[-1],
            "done_p95": percentile(done, 95), "done_max": done[-1],
            "peak_mb": peak, "agent_cpu": agent_cpu}


def _watch(db: Path, pending: queue.Queue, count: int,
           limit: float = 120.0) -> tuple[list[float], list[float], list[float]]:
    """Seconds from each commit until its week page holds its homework, until a subjects page
    of the same student holds its mark's comment, and until the agent's cursor passed it
    (every page of it and its checks done); one watcher looks at the pages waited for every
    2 ms, reads one only when its file changed, and at the cursor every 10 ms."""
    waiting: list[tuple[float, tuple[Path, ...], str, tuple[int, ...], list[float]]] = []
    unfinished: list[tuple[float, int]] = []
    latencies: list[float] = []
    marks: list[float] = []
    done: list[float] = []
    cursor = sqlite3.connect(db)
    looked = 0.0
    while len(latencies) < count or len(marks) < count or unfinished:
        while not pending.empty():
            item = pending.get()
            if isinstance(item, SaveFailed):
                raise SystemExit(str(item))  # nothing will ever come for the failed save
            committed, page, homework, last, subjects, comment = item
            waiting.append((committed, (page,), homework, (-1,), latencies))
            waiting.append((committed, tuple(subjects), comment, (-1,) * len(subjects), marks))
            unfinished.append((committed, last))
        still = []
        for committed, pages, text, seen, found in waiting:
            changed = tuple(page.stat().st_mtime_ns for page in pages)
            if any(now != before and text in page.read_text(encoding="utf-8")
                   for page, now, before in zip(pages, changed, seen, strict=True)):
                found.append(time.perf_counter() - committed)
            elif time.perf_counter() - committed > limit:
                raise SystemExit(f"{pages[0]}: not updated {limit:.0f} s after the save")
            else:
                still.append((committed, pages, text, changed, found))
        waiting = still
        if unfinished and time.perf_counter() - looked >= 0.01:
            looked = time.perf_counter()
            row = cursor.execute("SELECT change_id FROM cursors WHERE name = 'agent'").fetchone()
            done += [looked - committed for committed, last in unfinished if row[0] >= last]
            unfinished = [(committed, last) for committed, last in unfinished if row[0] < last]
        time.sleep(0.002)
    cursor.close()
    return sorted(latencies), sorted(marks), sorted(done)


def _wait_for_first_cycle(log: Path, agent: subprocess.Popen, db: Path) -> None:
    """The agent's start: its first cycle (catch-up and a full check) has finished."""
    from measure import agent_caught_up

    deadline = time.monotonic() + 900
    while time.monotonic() < deadline:
        if agent.poll() is not None:
            raise SystemExit("the agent exited early:\n" + log.read_text())
        if (log.exists() and "cycle timer" in log.read_text(encoding="utf-8")
                and agent_caught_up(db)):
            return
        time.sleep(0.2)
    raise SystemExit("the agent did not finish its first cycle within 15 minutes")


# ----------------------------------------------------------------- rounds and report


def rounds(args: argparse.Namespace, db: Path, work: Path) -> dict[str, list[dict]]:
    """Every part of every round, interleaved; the anchors' input made once from ejsync's
    own output (so every run makes exactly the same pages)."""
    runs: dict[str, list[dict]] = {}
    diary = work / "diary"
    console.print("ejsync: полная сборка (для содержимого Pelican и Hugo) …")
    runs.setdefault("full", []).append(run_child("full", db, diary, args.today))
    landing = sorted(diary.glob("*/index.html"))
    every = sorted(p for p in diary.glob("*/*.html"))
    pelican_content(landing, diary, work / "pelican" / "content")
    hugo_site(landing, diary, work / "hugo-landing")
    hugo_site(every, diary, work / "hugo-full")
    runs["sizes"] = [{"landing_kb": mean_kb(landing), "every_kb": mean_kb(every),
                      "landing": len(landing), "every": len(every)}]
    cache = work / "pelican" / "cache"
    run_child("pelican", work / "pelican" / "content", work / "pelican" / "warm-up", cache, 1)
    for number in range(1, args.rounds + 1):
        console.print(f"раунд {number} из {args.rounds} …")
        parts = [
            ("landing", lambda: run_child("landing", db, work / "same", args.today)),
            ("pelican", lambda: run_child("pelican", work / "pelican" / "content",
                                          work / "pelican" / "out", cache, 0)),
            ("pelican_cache", lambda: run_child("pelican", work / "pelican" / "content",
                                                work / "pelican" / "out-warm", cache, 1)),
            ("hugo_landing", lambda: run_hugo(work / "hugo-landing", work / "hugo-landing-out")),
            ("full", lambda: run_child("full", db, work / "full", args.today)),
            ("hugo_full", lambda: run_hugo(work / "hugo-full", work / "hugo-full-out")),
        ]
        for name, part in parts:
            for leftover in (work / "same", work / "full", work / "pelican" / "out",
                             work / "pelican" / "out-warm"):
                shutil.rmtree(leftover, ignore_errors=True)
            if name == "full" and number == 1:
                continue  # the first full build above is this round's
            runs.setdefault(name, []).append(part())
    return runs


def figure(runs: list[dict], key: str, per: int = 1) -> str:
    values = [run[key] * 1000 / per if per > 1 else run[key] for run in runs]
    unit = "мс" if per > 1 else "с"
    return f"{min(values):.2f}/{statistics.median(values):.2f} {unit}"


def report(runs: dict, nochange: dict, agent: list[dict], args: argparse.Namespace) -> None:
    sizes = runs["sizes"][0]
    landing_pages, every_pages = sizes["landing"], sizes["every"]
    table = Table(title=f"bench/build.py: {args.rounds} раунда вперемешку; мин./медиана")
    for column in ("что", "страниц", "стена", "CPU", "CPU на страницу", "пик"):
        table.add_column(column)
    rows = [
        ("ejsync, входной проход (из базы)", "landing", landing_pages),
        ("Pelican, кэш выключен", "pelican", landing_pages),
        ("Pelican, кэш включён (прогретый)", "pelican_cache", landing_pages),
        ("Hugo", "hugo_landing", landing_pages),
        ("ejsync, полная сборка (из базы)", "full", every_pages),
        ("Hugo, те же страницы", "hugo_full", every_pages),
    ]
    for title, key, pages in rows:
        made = runs[key][0]["rendered"]
        table.add_row(title, f"{made}", figure(runs[key], "wall"), figure(runs[key], "cpu"),
                      figure(runs[key], "cpu", pages),
                      f"{max(r['peak_mb'] for r in runs[key]):.0f} МБ")
    console.print(table)
    console.print(f"страницы: входные {landing_pages} по {sizes['landing_kb']:.1f} КБ в среднем"
                  f" (у Pelican и Hugo те же байты), все {every_pages} по"
                  f" {sizes['every_kb']:.1f} КБ; все пишут на диск")

    def ratio(anchor: str, ours: str, key: str) -> str:
        values = [a[key] / o[key] for a, o in zip(runs[anchor], runs[ours], strict=False)]
        return f"{statistics.median(values):.2f}×"

    console.print("отношения (якорь / ejsync, медиана по раундам; > 1 — ejsync быстрее):")
    for anchor, ours in (("pelican", "landing"), ("pelican_cache", "landing"),
                         ("hugo_landing", "landing"), ("hugo_full", "full")):
        console.print(f"  {anchor} / {ours}: CPU {ratio(anchor, ours, 'cpu')},"
                      f" стена {ratio(anchor, ours, 'wall')}")
    full_cpu = statistics.median(r["cpu"] for r in runs["full"]) / every_pages * 1000
    hugo_cpu = statistics.median(r["cpu"] for r in runs["hugo_full"]) / every_pages * 1000
    # each round's pair ran back to back, so its ratio is what a drifting machine spoils least
    paired = statistics.median(h["cpu"] / o["cpu"] for h, o in
                               zip(runs["hugo_full"], runs["full"], strict=False))
    peak = max(r["peak_mb"] for r in runs["full"])
    console.print(f"цель: полная сборка на страницу не медленнее Hugo — медианы ejsync"
                  f" {full_cpu:.2f} мс CPU, Hugo {hugo_cpu:.2f} мс CPU; Hugo / ejsync по раундам"
                  f" (медиана) {paired:.2f}×: {'достигнута' if paired >= 1 else 'НЕ достигнута'};"
                  f" память {peak:.0f} МБ на процесс: "
                  f"{'< 200 МБ' if peak < 200 else 'НЕ < 200 МБ'}")
    console.print(f"сборка без изменений: отрендерено {nochange['rendered']}, записано"
                  f" {nochange['files']}, {nochange['wall']:.2f} с (цель: 0 страниц)")
    for number, run in enumerate(agent, 1):
        console.print(
            f"агент, раунд {number}: {run['saves']} сохранений урока за {run['seconds']:.1f} с"
            f" (до последней страницы); запись → страница p50 {run['p50'] * 1000:.0f} мс, p95"
            f" {run['p95'] * 1000:.0f} мс, max {run['max'] * 1000:.0f} мс; запись → отметка на"
            f" странице предметов p95 {run['marks_p95'] * 1000:.0f} мс, max"
            f" {run['marks_max'] * 1000:.0f} мс; запись → всё сделано (все страницы и проверки,"
            f" курсор агента) p95 {run['done_p95'] * 1000:.0f} мс, max"
            f" {run['done_max'] * 1000:.0f} мс; CPU агента (без его"
            f" рабочих процессов) {run['agent_cpu']:.1f} с; пик {run['peak_mb']:.0f} МБ")
    p95 = statistics.median(run["p95"] for run in agent)
    console.print(f"агент: p95 по раундам — медиана {p95 * 1000:.0f} мс (цель < 300 мс: "
                  f"{'достигнута' if p95 < 0.3 else 'НЕ достигнута'})")
    console.print(f"нагрузка машины (1 мин): {os.getloadavg()[0]:.1f} на {os.cpu_count()} ядра")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="an existing school database (copied first)")
    parser.add_argument("--students", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--saves", type=int, default=40)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--today", default=TODAY)
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        figures = child(*args.child)
        figures["self_peak_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(json.dumps(figures))
        return
    if not shutil.which("hugo"):
        raise SystemExit("hugo is missing: apt-get install hugo")
    work = Path(tempfile.mkdtemp(prefix="ejsync-bench-build-"))
    try:
        db = prepare_database(args, work)
        runs = rounds(args, db, work)
        console.print("ejsync: сборка без изменений …")
        nochange = run_child("nochange", db, work / "diary", args.today)
        agent = []
        for number in range(args.rounds):
            console.print(f"агент, раунд {number + 1} из {args.rounds}: {args.saves} сохранений"
                          f" урока за {args.seconds:.0f} с …")
            agent.append(measure_agent(db, work / "diary", args.today, args.saves,
                                       args.seconds, first=number * args.saves))
        report(runs, nochange, agent, args)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def child(kind: str, *rest: str) -> dict:
    """One measured part, in this (child) process."""
    if kind == "pelican":
        return child_pelican(Path(rest[0]), Path(rest[1]), Path(rest[2]), rest[3] == "1")
    today = date.fromisoformat(rest[2])
    if kind == "nochange":
        return child_nochange(Path(rest[0]), Path(rest[1]), today)
    return child_ejsync(Path(rest[0]), Path(rest[1]), today, landing=kind == "landing")


if __name__ == "__main__":
    main()
