"""`ejsync staff`: the staff web interface (Datasette) on the school database."""

from __future__ import annotations

import argparse
import os

from rich.console import Console

from ejsync.commands._common import add_db_argument, ensure_port_free
from ejsync.commands._database import check_database
from ejsync.store import connect, migrate


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `staff` sub-command."""
    parser = subparsers.add_parser("staff", help="запустить веб-интерфейс для сотрудников")
    add_db_argument(parser)
    parser.add_argument("--port", type=int, default=8001, help="порт (по умолчанию 8001)")
    parser.add_argument(
        "--host", default="127.0.0.1", help="адрес (по умолчанию 127.0.0.1, только этот компьютер)"
    )
    parser.add_argument(
        "--workers", type=int, default=min(2, os.cpu_count() or 1),
        help="сколько процессов обслуживают запросы (по умолчанию по числу ядер, не больше 2)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Bring the schema up to date, then serve until Ctrl+C."""
    from ejsync.staff.server import serve  # Datasette is heavy: imported only when serving

    check_database(args.db, current=False)
    ensure_port_free(args.host, args.port)
    migrate(connect(args.db))
    Console().print(
        f"Журнал для сотрудников: http://{args.host}:{args.port}/staff/login "
        f"(база {args.db}); остановить — Ctrl+C"
    )
    serve(args.db, args.host, args.port, args.workers)
    return 0
