"""Benchmark: a district on one 2-core machine (issue 18).

1. N demo schools of M students (seeds 1…N): generation, then per school a full diary build,
   the site, and publishing both to the embedded SeaweedFS — time and peak memory of each
   step, against the baseline of publishing the same files to a local folder (publish.sh's
   releases/<time> copy), rounds interleaved.
2. Replication lag p50/p95 while bench/day.py's school day writes (real staff server, agent,
   gate and `ejsync replicate` with Litestream), per change: from its commit to the first
   upload after it.
3. Restore of one school from its replica against the baseline of `ejsync restore` from an
   encrypted backup of the same database, rounds interleaved.
4. One school of S students (default 10,000): demo, full check, full build, compared per
   student with school 1.
Run: PYTHONPATH=$PWD python bench/district.py [--schools 10] [--students 1000]
         [--big 10000] [--until 2026-11-19] [--hour 60] [--families 500]
"""

from __future__ import annotations

import argparse
import asyncio
import bisect
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, date, datetime
from pathlib import Path

from measure import percentile
from rich.console import Console
from rich.table import Table

from ejsync.district.config import district_text, load_district
from ejsync.district.run import district_storage
from ejsync.district.storage import school_settings
from ejsync.objectstore.client import list_keys, storage_client
from ejsync.objectstore.location import Location
from ejsync.objectstore.settings import StorageSettings, new_key, save_storage
from ejsync.replica.litestream import DB_FOLDER
from ejsync.replica.restore import restore_from_replica
from ejsync.store import connect

console = Console(width=160)
PYTHON = [sys.executable, "-m", "ejsync"]
ENV = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parent.parent))


# A small parent for each measured command: a child's peak memory (ru_maxrss) counts its
# parent's memory at the moment it was started, and this benchmark's own is large.
LAUNCHER = ("import os, sys\npid = os.fork()\nif pid == 0:\n    os.execv(sys.argv[1], sys.argv[1:])\n"
            "_, status, usage = os.wait4(pid, 0)\nprint(usage.ru_maxrss, file=sys.stderr)\n"
            "sys.exit(os.waitstatus_to_exitcode(status))")


def step(argv: list[str], cwd: Path, ok: tuple[int, ...] = (0,)) -> tuple[float, float]:
    """Run one command; (wall seconds, peak memory MB of that process)."""
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-S", "-c", LAUNCHER, *argv], cwd=cwd, env=ENV,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - started
    if result.returncode not in ok:
        raise SystemExit(f"{' '.join(argv)} failed:\n{result.stderr[-2000:]}")
    return wall, int(result.stderr.strip().splitlines()[-1]) / 1024


def ejsync(*args: str, cwd: Path) -> tuple[float, float]:
    """`python -m ejsync ARGS` as a measured step (`check` exits 1 on open violations)."""
    return step([*PYTHON, *args], cwd, (0, 1) if args[0] == "check" else (0,))


def local_publish(build: Path, target: Path) -> float:
    """The baseline: publish.sh's local target (cp -a site and diary, switch a symlink)."""
    started = time.perf_counter()
    release = target / "releases" / datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    release.mkdir(parents=True)
    for part in ("site", "diary"):
        subprocess.run(["cp", "-a", str(build / part), str(release / part)], check=True)
    (target / ".current.new").symlink_to(release.relative_to(target))
    os.replace(target / ".current.new", target / "current")
    return time.perf_counter() - started


def row(table: Table, *cells: object) -> None:
    table.add_row(*(f"{c:.1f}" if isinstance(c, float) else str(c) for c in cells))


def district_phase(work: Path, args: argparse.Namespace) -> tuple[object, dict]:
    """Generate, build and publish every school; print a table; keep the district."""
    keys = [(f"school-{n}", f"Школа № {n}") for n in range(1, args.schools + 1)]
    (work / "district.toml").write_text(district_text("Район бенчмарка", keys), encoding="utf-8")
    district = load_district(work / "district.toml")
    table = Table(title=f"Район: {args.schools} школ × {args.students} учеников")
    for column in ("школа", "демо, с", "МБ", "дневники, с", "МБ", "сайт, с", "публикация S3, с",
                   "МБ", "файлов", "МБ данных", "локально (база), с", "S3 / локально"):
        table.add_column(column)
    figures: dict[str, list[float]] = {"demo": [], "demo_mb": [], "build": [], "publish": [],
                                       "local": [], "files": []}
    for seed, entry in enumerate(district.schools, start=1):
        entry.db.parent.mkdir(parents=True, exist_ok=True)
        demo = ejsync("demo", "--students", str(args.students), "--seed", str(seed),
                      "--until", args.until, "--db", str(entry.database), cwd=entry.folder)
        figures["demo"].append(demo[0])
        figures["demo_mb"].append(demo[1])
        console.print(f"{entry.key}: демо {demo[0]:.0f} с")
    with district_storage(district) as store:
        for number, entry in enumerate(district.schools):
            build = ejsync("build", "--full", "--jobs", "2", cwd=entry.folder)
            site = ejsync("site", cwd=entry.folder)
            rounds = [("s3", lambda e=entry: ejsync("publish", cwd=e.folder)),
                      ("local", lambda e=entry: (local_publish(e.folder / "build",
                                                               e.folder / "public"), 0.0))]
            if number % 2:
                rounds.reverse()  # interleave which goes first
            timed = {name: run() for name, run in rounds}
            files = sum(1 for p in (entry.folder / "build").rglob("*") if p.is_file()
                        and not any(part.startswith(".") for part in
                                    p.relative_to(entry.folder / "build").parts))
            size = sum(p.stat().st_size for p in (entry.folder / "build").rglob("*")
                       if p.is_file()) / 2**20
            figures["build"].append(build[0])
            figures["publish"].append(timed["s3"][0])
            figures["local"].append(timed["local"][0])
            figures["files"].append(files)
            row(table, entry.key, figures["demo"][number], figures["demo_mb"][number], build[0],
                build[1], site[0],
                timed["s3"][0], timed["s3"][1], files, size, timed["local"][0],
                f"{timed['s3'][0] / timed['local'][0]:.0f}×")
            console.print(f"{entry.key}: сборка {build[0]:.0f} с, публикация {timed['s3'][0]:.0f} с")
        weed_mb = _peak_mb(store.process.pid) if store else float("nan")
    console.print(table)
    total_publish, total_local = sum(figures["publish"]), sum(figures["local"])
    console.print(
        f"всего: демо {sum(figures['demo']):.0f} с, сборка {sum(figures['build']):.0f} с, "
        f"публикация в S3 {total_publish:.0f} с ({sum(figures['files']) / total_publish:.0f} "
        f"файлов/с) против локальной {total_local:.1f} с — в {total_publish / total_local:.0f} раз "
        f"дольше; SeaweedFS: пик {weed_mb:.0f} МБ")
    first, last = figures["publish"][0], figures["publish"][-1]
    console.print(f"рост с числом школ: публикация первой школы {first:.0f} с, последней "
                  f"{last:.0f} с (×{last / first:.2f} при {args.schools}-кратном объёме "
                  "хранилища)")
    return district, figures


def _peak_mb(pid: int) -> float:
    from measure import peak_rss_mb

    return peak_rss_mb(pid)


def _max_txid(name: str) -> int:
    """The last transaction id of an LTX file named 'MIN-MAX.ltx' (hex)."""
    return int(name.rsplit("/", 1)[-1].split("-")[1].split(".")[0], 16)


class ReplicaWatch:
    """Polls Litestream's local level-0 files (0.05 s) and the replica's (0.2 s).

    A change committed at t is in the first local file written at or after t; it is in the
    replica from the moment an uploaded file reaching that file's last transaction is seen."""

    def __init__(self, settings: StorageSettings, local: Path) -> None:
        self.client = storage_client(settings)
        self.bucket = settings.replica.bucket
        self.folder = settings.replica.key(DB_FOLDER) + "/0000/"
        self.local = local
        self.remote_seen: dict[str, tuple[float, int]] = {}
        self.local_seen: dict[str, tuple[float, int]] = {}
        self.stop = threading.Event()

    def run(self) -> None:
        next_remote = 0.0
        while not self.stop.is_set():
            for path in self.local.glob("*.ltx") if self.local.is_dir() else []:
                if path.name not in self.local_seen:
                    try:
                        self.local_seen[path.name] = (path.stat().st_mtime, _max_txid(path.name))
                    except FileNotFoundError:
                        continue
            if time.time() >= next_remote:
                now = time.time()
                for item in list_keys(self.client, self.bucket, self.folder):
                    self.remote_seen.setdefault(item["Key"], (now, _max_txid(item["Key"])))
                next_remote = now + 0.2
            self.stop.wait(0.05)

    def lags(self, commits: list[float]) -> list[float | None]:
        """Seconds from each commit until the replica holds it (None: never seen)."""
        local = sorted(self.local_seen.values())  # (written at, last txid)
        remote = sorted((top, seen) for seen, top in self.remote_seen.values())
        first_seen_from = [0.0] * len(remote)  # earliest sighting of any file reaching txid
        earliest = float("inf")
        for index in range(len(remote) - 1, -1, -1):
            earliest = min(earliest, remote[index][1])
            first_seen_from[index] = earliest
        result: list[float | None] = []
        for committed in commits:
            at = bisect.bisect_left(local, (committed, -1))
            if at == len(local):
                result.append(None)
                continue
            txid = local[at][1]  # the first file Litestream wrote after the commit
            reach = bisect.bisect_left(remote, (txid, -1.0))
            result.append(first_seen_from[reach] - committed if reach < len(remote) else None)
        return result


def direct_writes(db: Path, slots: dict, hour: float, rows: int = 8) -> None:
    """day.py's lesson saves at the same moments, written straight into the database: one
    transaction of `rows` rows per lesson (for when the day's servers cannot keep up)."""
    import random

    rng = random.Random(7)
    moments = sorted((slot - 1) / 8 * hour + rng.uniform(0, hour / 16)
                     for lessons in slots.values() for _t, slot, _m in lessons)
    conn = connect(db)
    start = time.perf_counter()
    for number, moment in enumerate(moments):
        time.sleep(max(0.0, start + moment - time.perf_counter()))
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany("INSERT INTO events (date, title) VALUES ('2026-11-20', ?)",
                         [(f"Урок {number}, запись {n}",) for n in range(rows)])
        conn.execute("COMMIT")
    conn.close()
    console.print(f"прямые записи: {len(moments)} транзакций по {rows} строк за "
                  f"{time.perf_counter() - start:.0f} с")


def day_phase(work: Path, args: argparse.Namespace, endpoint: str) -> None:
    """bench/day.py's school day with replication on; lag of every change of the day."""
    import day

    from ejsync.services import AGENT_NICE, Layout, Ports, Service, Supervisor, ejsync_command
    from ejsync.services import school_services as services_of
    from tests.servers import free_port

    folder = work / "day"
    folder.mkdir()
    os.chdir(folder)
    slots, secrets = day.prepare(folder, args.students, args.families)
    conn = connect(folder / "school.db")
    uid = conn.execute("SELECT value FROM settings WHERE key = 'school_uid'").fetchone()[0]
    tokens = dict(conn.execute("SELECT student_id, token FROM diary_tokens").fetchall())
    first_change = conn.execute("SELECT MAX(id) FROM changes").fetchone()[0]
    conn.close()
    admin = args.admin
    settings = StorageSettings(uid, endpoint, "us-east-1", admin.access_key_id,
                               admin.secret_access_key, Location("bench-day", "school"), None,
                               new_key(), new_key())
    save_storage(folder / "var" / "secrets" / "storage.toml", settings)
    storage_client(settings).create_bucket(Bucket="bench-day")
    ports = Ports(staff=free_port(), gate=free_port(), site=free_port())
    (folder / "build" / "site").mkdir(parents=True, exist_ok=True)
    services = services_of(Layout(Path("school.db")), ports) + [
        Service("replicate", ejsync_command("replicate", "--db", "school.db"), nice=AGENT_NICE)]
    supervisor = Supervisor(services, ports.host, console.print)
    watch = ReplicaWatch(settings, folder / ".school.db-litestream" / "ltx" / "0")
    poller = threading.Thread(target=watch.run, daemon=True)
    supervisor.start()
    try:
        day.wait_for_agent(folder / "school.db")
        poller.start()
        time.sleep(5)
        results = None
        if args.direct_writes:
            direct_writes(folder / "school.db", slots, args.hour)
        else:
            try:
                results = asyncio.run(day.simulate(ports, slots, secrets, tokens,
                                                   folder / "build" / "diary", args.hour))
            except Exception as exc:  # an overloaded machine: say so, measure the lag anyway
                console.print(f"учебный день прерван: {exc!r}")
        time.sleep(5)
    finally:
        watch.stop.set()
        supervisor.stop()
    conn = connect(folder / "school.db", readonly=True)
    stamps = [row[0] for row in conn.execute("SELECT at FROM changes WHERE id > ?",
                                              (first_change,))]
    conn.close()
    lags = watch.lags([datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp()
                       for s in stamps])
    lost = sum(1 for lag in lags if lag is None)
    lags = [lag for lag in lags if lag is not None]
    if results is not None:
        day.report(results, {}, len(slots), len(secrets))
    console.print(f"репликация под нагрузкой дня: изменений {len(stamps)}, в копии "
                  f"{len(lags)} (не дошло {lost}); отставание p50 "
                  f"{percentile(lags, 50):.2f} с, p95 {percentile(lags, 95):.2f} с, max "
                  f"{max(lags, default=float('nan')):.2f} с (локальные файлы Litestream "
                  "опрашиваются каждые 0,05 с, копия — каждые 0,2 с)")
    os.chdir(work)


def restore_phase(work: Path, district, rounds: int = 3) -> None:
    """Restore school 1 from its replica vs `ejsync restore` from a backup, interleaved."""
    entry = district.schools[0]
    os.chdir(entry.folder)
    passphrase = work / "passphrase"
    passphrase.write_text("bench-district-passphrase")
    ejsync("backup", "--to", str(work / "backups"), "--passphrase-file", str(passphrase),
           cwd=entry.folder)
    backup = next((work / "backups").glob("*.ejbak"))
    replica, local = [], []
    for n in range(rounds):
        order = ["replica", "backup"] if n % 2 == 0 else ["backup", "replica"]
        for kind in order:
            target = work / f"restored-{kind}-{n}.db"
            started = time.perf_counter()
            if kind == "replica":
                restore_from_replica(school_settings(entry), target, at=None, force=False,
                                     say=lambda _: None)
                replica.append(time.perf_counter() - started)
            else:
                ejsync("restore", str(backup), "--to", str(target), "--passphrase-file",
                       str(passphrase), cwd=entry.folder)
                local.append(time.perf_counter() - started)
    size = entry.db.stat().st_size / 2**20
    console.print(f"восстановление школы ({size:.0f} МБ): из копии в S3 p50 "
                  f"{percentile(replica, 50):.1f} с против резервной копии .ejbak p50 "
                  f"{percentile(local, 50):.1f} с (×{percentile(replica, 50) / percentile(local, 50):.2f}; "
                  f"{rounds} раунда вперемешку; в обоих — integrity_check)")
    os.chdir(work)


def big_phase(work: Path, args: argparse.Namespace, district) -> None:
    """One school of args.big students against school 1, per student."""
    folder = work / "big"
    (folder / "db").mkdir(parents=True)
    results = {}
    for title, cwd, argv in (
        ("демо", folder, ["demo", "--students", str(args.big), "--seed", "99",
                          "--until", args.until]),
        ("полная проверка", folder, ["check", "--full"]),
        ("полная сборка", folder, ["build", "--full", "--jobs", "2"]),
    ):
        results[title] = ejsync(*argv, cwd=cwd)
    small = district.schools[0].folder
    small_results = {"полная проверка": ejsync("check", "--full", cwd=small),
                     "полная сборка": ejsync("build", "--full", "--jobs", "2", cwd=small)}
    table = Table(title=f"Одна школа на {args.big} учеников против школы на {args.students}")
    for column in ("шаг", "время, с", "пик памяти, МБ", f"на {args.students}, с",
                   "рост времени", "рост на ученика"):
        table.add_column(column)
    scale = args.big / args.students
    for title, (wall, peak) in results.items():
        base = small_results.get(title)
        if base is None:
            row(table, title, wall, peak, "", "", "")
        else:
            row(table, title, wall, peak, base[0], f"×{wall / base[0]:.1f}",
                f"×{wall / base[0] / scale:.2f}")
    console.print(table)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schools", type=int, default=10)
    parser.add_argument("--students", type=int, default=1000)
    parser.add_argument("--big", type=int, default=10_000, help="0 — без большой школы")
    parser.add_argument("--until", default="2026-11-19")
    parser.add_argument("--hour", type=float, default=60.0)
    parser.add_argument("--families", type=int, default=500)
    parser.add_argument("--skip-day", action="store_true")
    parser.add_argument("--direct-writes", action="store_true",
                        help="вместо серверов дня — те же сохранения уроков прямо в базу")
    args = parser.parse_args()
    date.fromisoformat(args.until)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="ejsync-district-") as tmp:
        work = Path(tmp)
        os.chdir(work)
        district, _figures = district_phase(work, args)
        with district_storage(district) as store:
            args.admin = store.admin
            if not args.skip_day:
                day_phase(work, args, store.endpoint)
            # school 1 replicates once (a full snapshot) before its restore is timed
            entry = district.schools[0]
            replication = subprocess.Popen([*PYTHON, "replicate"], cwd=entry.folder, env=ENV,
                                           stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
            _wait_for_snapshot(school_settings(entry))
            replication.terminate()
            replication.wait(timeout=30)
            restore_phase(work, district)
        if args.big:
            big_phase(work, args, district)
        shutil.rmtree(work / "big", ignore_errors=True)
    console.print(f"весь бенчмарк: {time.perf_counter() - started:.0f} с")


def _wait_for_snapshot(settings: StorageSettings, timeout: float = 600) -> None:
    client = storage_client(settings)
    folder = settings.replica.key(DB_FOLDER) + "/"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(True for _ in list_keys(client, settings.replica.bucket, folder)):
            return
        time.sleep(0.5)
    raise SystemExit("копия школы не появилась в хранилище")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    main()
