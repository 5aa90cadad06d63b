"""`ejsync up`: the one command that brings the school up on this machine.

Today it migrates the database and creates the demo school when there is none; later work
adds its servers to `SERVICES` (Datasette, the agent, the gate, the site).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

from rich.console import Console

from ejsync.commands._common import add_db_argument
from ejsync.commands.demo import create_demo_database, print_summary
from ejsync.render import plural
from ejsync.store import connect, migrate

# (Russian title, starter) pairs, started in order by `ejsync up`; each starter gets the
# parsed arguments and the console. Empty until the servers exist.
SERVICES: list[tuple[str, Callable[[argparse.Namespace, Console], None]]] = []

COUNTS = (
    (("класс", "класса", "классов"), "SELECT count(*) FROM classes"),
    (("ученик", "ученика", "учеников"), "SELECT count(*) FROM students"),
    (("урок", "урока", "уроков"), "SELECT count(*) FROM lessons"),
    (("отметка", "отметки", "отметок"), "SELECT count(*) FROM marks"),
)


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `up` sub-command."""
    parser = subparsers.add_parser(
        "up", help="подготовить базу (при первом запуске — демонстрационную школу) и запустить всё"
    )
    add_db_argument(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Migrate, create the demo school if the database is new, say what exists, start services."""
    console = Console()
    if not args.db.exists():
        console.print(f"Базы {args.db} нет: создаю демонстрационную школу.")
        print_summary(create_demo_database(args.db), console)
    conn = connect(args.db)
    try:
        for migration in migrate(conn):
            console.print(f"применена миграция {migration.version:04d} {migration.name}")
        counts = [plural(conn.execute(sql).fetchone()[0], *forms) for forms, sql in COUNTS]
    finally:
        conn.close()
    console.print(f"В базе {args.db}: " + ", ".join(counts) + ".")
    for _title, start in SERVICES:
        start(args, console)
    if not SERVICES:
        console.print("Серверы (Datasette, агент, вход для семей, сайт) будут запускаться "
                      "этой же командой, когда они появятся.")
    return 0
