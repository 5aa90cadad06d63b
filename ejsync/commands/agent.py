"""`ejsync agent`: watch the database and keep the diaries (and later checks, prints) current."""

from __future__ import annotations

import argparse

from ejsync.agent import DEFAULT_INTERVAL, run_agent
from ejsync.commands._common import add_db_argument
from ejsync.commands.build import DEFAULT_OUT, add_out_and_today
from ejsync.errors import UserError


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `agent` sub-command."""
    parser = subparsers.add_parser(
        "agent", help="следить за базой и пересобирать затронутые дневники",
        description="Следит за файлом базы данных; после каждой записи читает журнал изменений "
                    "и пересобирает дневники только затронутых учеников. Останавливается по "
                    "SIGTERM или Ctrl-C, после сбоя продолжает с сохранённой позиции.",
    )
    add_db_argument(parser)
    add_out_and_today(parser, DEFAULT_OUT)
    parser.add_argument("--interval", type=float, default=DEFAULT_INTERVAL, metavar="S",
                        help=f"период проверок по времени, с (по умолчанию {DEFAULT_INTERVAL:g})")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run until stopped."""
    if not args.db.exists():
        raise UserError(
            f"База данных {args.db} не найдена. Создайте её: ejsync migrate --db {args.db}"
        )
    if args.interval <= 0:
        raise UserError("Период --interval должен быть больше нуля секунд.")
    run_agent(args.db, args.out, interval=args.interval, today=args.today)
    return 0
