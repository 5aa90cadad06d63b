"""`ejsync migrate`: create or upgrade the school database."""

from __future__ import annotations

import argparse

from ejsync.commands._common import add_db_argument, output_console
from ejsync.commands._database import open_for_migration
from ejsync.store import migrate
from ejsync.store.migrate import repair_schema


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `migrate` sub-command."""
    parser = subparsers.add_parser("migrate", help="создать или обновить базу данных школы")
    add_db_argument(parser)
    parser.add_argument("--repair", action="store_true",
                        help="вернуть триггеры, представления и индексы, изменённые в обход "
                             "миграций (их покажет ejsync doctor)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Apply missing migrations and say which."""
    console = output_console()
    conn = open_for_migration(args.db)
    if args.repair:
        plan = repair_schema(conn)
        console.print(f"исправлено: {', '.join(plan.remade)}" if plan.remade else
                      "схема и так совпадает с миграциями: исправлять нечего")
        if plan.kept:
            console.print(f"сохранено с данными: {', '.join(plan.kept)}")
        return 0
    applied = migrate(conn, say=console.print)
    if applied:
        for migration in applied:
            console.print(f"применена миграция {migration.version:04d} {migration.name}")
    else:
        console.print(f"база {args.db} уже в актуальной версии")
    return 0
