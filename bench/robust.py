"""Benchmark of issue 16 points 3–6 against a baseline checkout (default: main), rounds
interleaved, each tree in its own processes:

1. opening the database for a command against the baseline's open (connect + migration
   versions): for a command that reads (header, size, schema, migrations and their checksums)
   and for one that writes (the same and PRAGMA quick_check of every page), the database's
   pages evicted from the page cache ("cold") and kept ("warm"); and a whole quick command
   (`ejsync violations list --json --class 5А`) as a process;
2. durable writes: `write_durably` syncing the folder after the rename, against the baseline's
   (the file synced, not the folder), 100 files of 64 KiB;
3. reports through the rules' public functions against the baseline's reading of the rules' temp
   tables: REP-CONTROL and REP-PERIOD for every class; the outputs must be equal.

    PYTHONPATH=$PWD python bench/robust.py [--db PATH] [--baseline REF] [--rounds 5]

Without --db the demo school (800 students, up to 2026-12-20) is generated first.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ("REP-CONTROL", "REP-PERIOD")
TITLES = {
    "open-read-cold": "открыть базу для чтения, страницы не в кэше",
    "open-read-warm": "открыть базу для чтения, страницы в кэше",
    "open-write-cold": "открыть базу для записи, страницы не в кэше",
    "open-write-warm": "открыть базу для записи, страницы в кэше",
    "command": "ejsync violations list (процесс целиком)",
    "durable": "записать файл (64 КиБ) надёжно",
    "reports": "отчёты REP-CONTROL + REP-PERIOD, все классы",
}
AS_OF = "2026-12-18"


def evict(path: Path) -> None:
    """Drop `path`'s (and its WAL's) pages from the page cache, so the next read is from disk."""
    for name in (path, Path(f"{path}-wal")):
        if name.exists():
            descriptor = os.open(name, os.O_RDONLY)
            try:
                os.fsync(descriptor)
                os.posix_fadvise(descriptor, 0, 0, os.POSIX_FADV_DONTNEED)
            finally:
                os.close(descriptor)


def work_open(db: Path, cold: bool, readonly: bool) -> dict:
    from ejsync.commands._database import open_current

    if cold:
        evict(db)
    wall, cpu = time.perf_counter(), time.process_time()
    open_current(db, readonly=readonly).close()
    return {"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu}


def work_durable(folder: Path) -> dict:
    from ejsync.files import write_durably

    content = os.urandom(64 * 1024)
    wall, cpu = time.perf_counter(), time.process_time()
    for number in range(100):
        write_durably(folder / f"edition-{number}.pdf", content)
    return {"wall": (time.perf_counter() - wall) / 100, "cpu": (time.process_time() - cpu) / 100}


def work_reports(db: Path) -> dict:
    from ejsync.reports import build_report, render
    from ejsync.store import connect

    conn = connect(db, readonly=True)
    wall, cpu = time.perf_counter(), time.process_time()
    texts = [render(build_report(conn, name, as_of=AS_OF), "json") for name in REPORTS]
    spent = {"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu}
    digest = hashlib.sha256()
    for text in texts:
        digest.update(re.sub(r'"generated_at": "[^"]*"', "", text).encode())
    return {**spent, "output": digest.hexdigest()}


def worker(task: str, target: str) -> None:
    """Run one measurement in this process and print it as JSON."""
    path = Path(target)
    tasks = {f"open-{use}-{cache}": (lambda c=cache, u=use: work_open(path, c == "cold",
                                                                       u == "read"))
             for use in ("read", "write") for cache in ("cold", "warm")}
    tasks |= {"durable": lambda: work_durable(path), "reports": lambda: work_reports(path)}
    result = tasks[task]()
    print(json.dumps(result))


def run_worker(tree: Path, task: str, target: Path) -> dict:
    done = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--worker", task,
                           str(target)], capture_output=True, text=True, check=True, cwd=tree,
                          env=dict(os.environ, PYTHONPATH=str(tree)))
    return json.loads(done.stdout.strip().splitlines()[-1])


def run_command(tree: Path, db: Path) -> float:
    wall = time.perf_counter()
    subprocess.run([sys.executable, "-m", "ejsync", "violations", "list", "--json", "--class",
                    "5А", "--db", str(db)], check=True, cwd=tree, capture_output=True,
                   env=dict(os.environ, PYTHONPATH=str(tree)))
    return time.perf_counter() - wall


def checkout(ref: str, folder: Path) -> Path:
    """The baseline's files (git archive of `ref`)."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", ref], check=True,
                             capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder


def demo(folder: Path) -> Path:
    path = folder / "school.db"
    print("Создаю демо-школу (800 учеников, журнал по 20.12.2026)…", flush=True)
    subprocess.run([sys.executable, "-m", "ejsync", "demo", "--until", "2026-12-20", "--db",
                    str(path)], check=True, cwd=ROOT, stdout=subprocess.DEVNULL,
                   env=dict(os.environ, PYTHONPATH=str(ROOT)))
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path)
    parser.add_argument("--baseline", default="main")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--worker", nargs=2, metavar=("TASK", "TARGET"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(*args.worker)
        return
    from rich.console import Console
    from rich.table import Table

    console = Console()
    with tempfile.TemporaryDirectory(prefix="bench-robust-", dir=ROOT / "build"
                                     if (ROOT / "build").is_dir() else None) as scratch:
        scratch = Path(scratch)
        db = args.db or demo(scratch)
        trees = {"baseline": checkout(args.baseline, Path(tempfile.mkdtemp(dir=scratch))),
                 "this branch": ROOT}
        writes = {name: Path(tempfile.mkdtemp(dir=scratch)) for name in trees}
        samples: dict[tuple[str, str], list[dict]] = {}
        console.print(f"База {db} ({db.stat().st_size / 1e6:.0f} МБ), базовая версия "
                      f"{args.baseline}, раундов {args.rounds}, порядок чередуется.")
        for number in range(args.rounds):
            order = list(trees) if number % 2 == 0 else list(reversed(trees))
            for task in TITLES:
                for name in order:
                    if task == "command":
                        sample = {"wall": run_command(trees[name], db), "cpu": float("nan")}
                    else:
                        target = writes[name] if task == "durable" else db
                        sample = run_worker(trees[name], task, target)
                    samples.setdefault((task, name), []).append(sample)
            console.print(f"раунд {number + 1} из {args.rounds}")
        report(console, Table, samples)


def report(console, table_class, samples: dict[tuple[str, str], list[dict]]) -> None:
    table = table_class("что", "базовая, мс (медиана)", "ветка, мс (медиана)", "ветка / базовая",
                        "ЦП базовая / ветка, мс", title="ejsync: проверки, надёжность, слои")
    for task, title in TITLES.items():
        base, new = samples[(task, "baseline")], samples[(task, "this branch")]
        wall = [statistics.median(s["wall"] for s in group) * 1000 for group in (base, new)]
        cpu = [statistics.median(s["cpu"] for s in group) * 1000 for group in (base, new)]
        table.add_row(title, f"{wall[0]:.1f}", f"{wall[1]:.1f}", f"{wall[1] / wall[0]:.2f}",
                      "—" if cpu[0] != cpu[0] else f"{cpu[0]:.1f} / {cpu[1]:.1f}")
    console.print(table)
    outputs = {s["output"] for group in ("baseline", "this branch")
               for s in samples[("reports", group)]}
    console.print("Отчёты совпадают с базовыми байт в байт (кроме времени создания)."
                  if len(outputs) == 1 else f"[red]Отчёты различаются: {len(outputs)} вариантов[/]")


if __name__ == "__main__":
    main()
