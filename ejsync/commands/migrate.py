"""`ejsync migrate`: create or upgrade the school database."""

from __future__ import annotations

import argparse

from ejsync.commands._common import add_db_argument, output_console
from ejsync.store import connect, migrate


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `migrate` sub-command."""
    parser = subparsers.add_parser("migrate", help="создать или обновить базу данных школы")
    add_db_argument(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Apply missing migrations and say which."""
    console = output_console()
    conn = connect(args.db)
    applied = migrate(conn)
    if applied:
        for migration in applied:
            console.print(f"применена миграция {migration.version:04d} {migration.name}")
    else:
        console.print(f"база {args.db} уже в актуальной версии")
    return 0
