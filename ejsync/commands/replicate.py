"""`ejsync replicate`: continuous replication of the school database (Litestream)."""

from __future__ import annotations

import argparse
import logging
import signal

from ejsync.commands._common import add_db_argument
from ejsync.commands._database import open_current
from ejsync.commands.storage import add_storage_argument
from ejsync.errors import UserError
from ejsync.objectstore.settings import load_storage, storage_file
from ejsync.replica.run import Replicator

log = logging.getLogger("ejsync.replicate")


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `replicate` sub-command."""
    parser = subparsers.add_parser(
        "replicate", help="непрерывно копировать базу школы в хранилище S3 (Litestream)",
        description="Запускает Litestream: каждая запись в базу через секунду-две уходит в "
                    "хранилище, зашифрованная ключом школы (SSE-C). Если хранилище недоступно, "
                    "передача повторяется, а работа школы не останавливается; отставание видно в "
                    "ejsync doctor и на страницах администрации.",
    )
    add_db_argument(parser)
    add_storage_argument(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Replicate until SIGTERM or Ctrl-C."""
    open_current(args.db, readonly=True).close()
    settings = load_storage(storage_file(args.storage))
    if settings.replica is None:
        raise UserError("В настройках хранилища не указано, куда копировать базу: "
                        "ejsync storage set --replica s3://КОРЗИНА/ПАПКА.")
    replicator = Replicator(args.db, settings, log.info)
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: replicator.stop())
    log.info("replicating %s to %s", args.db, settings.replica)
    return replicator.run()
