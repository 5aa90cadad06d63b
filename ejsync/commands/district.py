"""`ejsync district demo|up|build|report|systemd FILE`: a district of schools."""

from __future__ import annotations

import argparse
import os
import time
from datetime import date
from pathlib import Path

from rich.table import Table

from ejsync.commands._common import output_console
from ejsync.district.config import district_text, load_district
from ejsync.district.services import PORTS_PER_SCHOOL, school_ports
from ejsync.errors import UserError
from ejsync.services import Supervisor

DEFAULT_BASE_PORT = 8100


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `district` sub-command."""
    parser = subparsers.add_parser(
        "district", help="район: несколько школ из одного файла TOML (запуск, публикация, "
                         "сводка)")
    actions = parser.add_subparsers(dest="district_action", metavar="ДЕЙСТВИЕ", required=True)

    demo = actions.add_parser("demo", help="создать район из демонстрационных школ")
    demo.add_argument("file", type=Path, metavar="FILE", help="файл района (.toml)")
    demo.add_argument("--schools", type=int, default=2, metavar="N", help="сколько школ (2)")
    demo.add_argument("--students", type=int, default=300, metavar="M",
                      help="учеников в каждой (300)")
    demo.add_argument("--until", type=date.fromisoformat, metavar="ГГГГ-ММ-ДД",
                      help="по какой день заполнить журналы (по умолчанию сегодня)")
    demo.set_defaults(func=run_demo)

    up = actions.add_parser("up", help="запустить хранилище и все школы района")
    _common(up)
    up.add_argument("--host", default="127.0.0.1", help="адрес серверов (127.0.0.1)")
    up.add_argument("--base-port", type=int, default=DEFAULT_BASE_PORT, metavar="P",
                    help=f"порты школы № i: P+{PORTS_PER_SCHOOL}·i … (по умолчанию "
                         f"{DEFAULT_BASE_PORT})")
    up.add_argument("--storage-port", type=int, default=None, metavar="P",
                    help="порт встроенного хранилища S3 (по умолчанию свободный)")
    up.set_defaults(func=run_up)

    build = actions.add_parser("build", help="собрать и опубликовать все школы")
    _common(build)
    build.add_argument("--full", action="store_true", help="пересобрать все дневники заново")
    build.add_argument("--jobs", type=int, default=os.cpu_count() or 1, metavar="N",
                       help="процессов сборки дневников одной школы")
    build.set_defaults(func=run_build)

    report = actions.add_parser("report", help="сводка района: REP-MONTHLY-FILL и REP-PERIOD "
                                               "по школам (HTML и CSV)")
    _common(report)
    report.add_argument("--as-of", metavar="ГГГГ-ММ-ДД", help="на дату (по умолчанию сегодня)")
    report.add_argument("--period", choices=["Q1", "Q2", "Q3", "Q4", "H1", "H2", "Y"],
                        help="период REP-PERIOD (по умолчанию текущий)")
    report.add_argument("--from-replicas", action="store_true",
                        help="считать по копиям школ в хранилище, а не по их базам")
    report.add_argument("--out", type=Path, default=Path("district-report"), metavar="DIR",
                        help="куда записать district.html и district.csv")
    report.set_defaults(func=run_report)

    systemd = actions.add_parser("systemd", help="файлы портов школ для шаблонов "
                                                 "deploy/systemd/ejsync-*@.service")
    _common(systemd)
    systemd.add_argument("--base-port", type=int, default=DEFAULT_BASE_PORT, metavar="P")
    systemd.set_defaults(func=run_systemd)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, metavar="FILE", help="файл района (.toml)")


def run_demo(args: argparse.Namespace) -> int:
    """Write the district file and a demo school per entry (seed = its number)."""
    from ejsync.demo.database import create_demo_database

    if args.file.exists():
        raise UserError(f"Файл {args.file} уже есть: демонстрационный район его не заменит.")
    if args.schools < 1:
        raise UserError("--schools должно быть не меньше 1.")
    keys = [(f"school-{n}", f"Демонстрационная школа № {n}") for n in range(1, args.schools + 1)]
    args.file.parent.mkdir(parents=True, exist_ok=True)
    args.file.write_text(district_text("Демонстрационный район", keys), encoding="utf-8")
    district = load_district(args.file)
    console = output_console()
    for seed, entry in enumerate(district.schools, start=1):
        if entry.db.exists():
            raise UserError(f"База {entry.db} уже есть: удалите её или выберите другой файл.")
        create_demo_database(entry.db, students=args.students, seed=seed, until=args.until)
        name_school(entry.db, entry.name)
        console.print(f"{entry.key}: демонстрационная школа, {args.students} учеников, "
                      f"зерно {seed} → {entry.db}")
    console.print(f"Район записан в {args.file}. Запуск: ejsync district up {args.file}")
    return 0


def name_school(db: Path, name: str) -> None:
    """Give a demo school the district file's name, so the schools can be told apart."""
    from ejsync.store import connect

    conn = connect(db)
    try:
        conn.execute("UPDATE school SET name = ?, short_name = ?", (name, name))
    finally:
        conn.close()


def run_up(args: argparse.Namespace) -> int:
    """Start the store, prepare and publish every school, start their servers."""
    from ejsync.district.run import district_services, district_storage, prepare_and_publish

    district = load_district(args.file)
    console = output_console()
    with district_storage(district, args.storage_port) as store:
        if store is not None:
            console.print(f"Хранилище S3 района (SeaweedFS): {store.endpoint}")
        for index, entry in enumerate(district.schools):
            prepare_and_publish(entry, school_ports(args.host, args.base_port, index),
                                console.print)
        supervisor = Supervisor(district_services(district, args.host, args.base_port),
                                args.host, console.print)
        console.print("Запускаю серверы школ…")
        supervisor.start()
        table = Table(title=f"{district.name}: работает", show_header=False)
        for service in supervisor.services:
            table.add_row(service.title, service.url or "работает в фоне")
        console.print(table)
        console.print("Остановить: Ctrl-C.")
        return supervisor.wait()


def run_build(args: argparse.Namespace) -> int:
    """Build and publish every school; the store is started for the run when embedded."""
    from ejsync.district.build import build_and_publish
    from ejsync.district.run import district_storage

    district = load_district(args.file)
    console = output_console()
    started = time.perf_counter()
    with district_storage(district):
        builds = [build_and_publish(entry, full=args.full, jobs=args.jobs, say=console.print)
                  for entry in district.schools]
    console.print(f"Район: {len(builds)} школ, {sum(b.students for b in builds)} учеников, "
                  f"{sum(b.files for b in builds)} файлов опубликовано за "
                  f"{time.perf_counter() - started:.1f} с.")
    return 0


def run_report(args: argparse.Namespace) -> int:
    """The rollup as HTML and CSV."""
    from ejsync.district.report import write_district_report

    district = load_district(args.file)
    html, csv = write_district_report(district, args.out, as_of=args.as_of, period=args.period,
                                      from_replicas=args.from_replicas,
                                      say=output_console().print)
    output_console().print(f"Сводка района: {html} и {csv}")
    return 0


def run_systemd(args: argparse.Namespace) -> int:
    """Each school's `ejsync.env` (ports) for the template units."""
    district = load_district(args.file)
    console = output_console()
    for index, entry in enumerate(district.schools):
        ports = school_ports("127.0.0.1", args.base_port, index)
        env = entry.folder / "ejsync.env"
        env.write_text(f"EJSYNC_DB={entry.database}\nEJSYNC_STAFF_PORT={ports.staff}\n"
                       f"EJSYNC_GATE_PORT={ports.gate}\n", encoding="utf-8")
        console.print(f"{entry.key}: {env} — systemctl enable --now "
                      f"ejsync-staff@{entry.key} ejsync-agent@{entry.key} "
                      f"ejsync-gate@{entry.key} ejsync-replicate@{entry.key}")
    return 0
