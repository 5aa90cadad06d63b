"""`ejsync publish`: upload the built site and diaries to object storage as a new release."""

from __future__ import annotations

import argparse
from datetime import timedelta
from pathlib import Path

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from ejsync.commands._common import add_db_argument, output_console
from ejsync.commands._database import open_current
from ejsync.commands.storage import add_storage_argument
from ejsync.errors import UserError
from ejsync.objectstore.location import parse_location
from ejsync.objectstore.settings import load_storage, storage_file
from ejsync.publishing.publish import GRACE, KEEP, publish


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `publish` sub-command."""
    parser = subparsers.add_parser(
        "publish", help="опубликовать собранные сайт и дневники в хранилище S3",
        description="Загружает build/site и build/diary в хранилище как новый выпуск "
                    "(отдельная папка), затем одним действием переключает читателей на него. "
                    "Прежние выпуски удаляются не раньше, чем через --grace-minutes после "
                    "замены, и всегда остаются последние --keep. Список токенов дневников "
                    "(diary/.manifest.db) не загружается никогда.",
    )
    add_db_argument(parser)
    add_storage_argument(parser)
    parser.add_argument("--build", type=Path, default=Path("build"), metavar="DIR",
                        help="каталог сборки с site/ и diary/ (по умолчанию build)")
    parser.add_argument("--target", metavar="s3://КОРЗИНА/ПАПКА",
                        help="куда публиковать (по умолчанию — publish из настроек хранилища)")
    parser.add_argument("--keep", type=int, default=KEEP, metavar="N",
                        help=f"сколько последних выпусков хранить всегда (по умолчанию {KEEP})")
    parser.add_argument("--grace-minutes", type=float, default=GRACE.total_seconds() / 60,
                        metavar="M", help="сколько минут после замены выпуск ещё хранится "
                                          f"(по умолчанию {GRACE.total_seconds() / 60:g})")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Publish and say what was done."""
    if args.keep < 1:
        raise UserError("--keep должно быть не меньше 1: текущий выпуск удалять нельзя.")
    conn = open_current(args.db)  # a damaged or foreign database is said first
    try:
        settings = load_storage(storage_file(args.storage))
        target = parse_location(args.target, "--target") if args.target else None
        console = output_console()
        with Progress(TextColumn("публикация"), BarColumn(), MofNCompleteColumn(),
                      TimeElapsedColumn(), console=console, transient=True,
                      disable=not console.is_terminal) as bar:
            task = bar.add_task("publish", total=None)
            published = publish(conn, settings, args.build, target=target, keep=args.keep,
                                grace=timedelta(minutes=args.grace_minutes),
                                progress=lambda done, total: bar.update(task, completed=done,
                                                                        total=total))
    finally:
        conn.close()
    console.print(f"Опубликовано: {published.target}/releases/{published.release} — файлов "
                  f"{published.files}, {published.bytes / 2**20:.1f} МБ; читатели переключены "
                  "на этот выпуск.")
    if published.deleted:
        console.print(f"Удалены старые выпуски: {', '.join(published.deleted)}.")
    return 0
