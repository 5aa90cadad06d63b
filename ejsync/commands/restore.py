"""`ejsync restore FILE --to PATH`: check a backup, then restore it (P-BACKUP);
`ejsync restore --from-replica [--at TIME]`: bring the school back from its replica."""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.console import Console

from ejsync.commands._common import add_db_argument
from ejsync.commands._replica_restore import add_replica_arguments, run_from_replica
from ejsync.commands.backup import actor, add_passphrase_arguments, read_passphrase
from ejsync.errors import UserError
from ejsync.printing.backup import log_use, open_backup, restore_backup
from ejsync.printing.manifest import sha256_file


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `restore` sub-command."""
    parser = subparsers.add_parser("restore", help="проверить и восстановить резервную копию")
    parser.add_argument("file", type=Path, metavar="FILE", nargs="?",
                        help="файл резервной копии (.ejbak); не нужен с --from-replica")
    parser.add_argument("--to", type=Path, default=None, metavar="PATH",
                        help="куда восстановить базу (обязательно, кроме --check)")
    parser.add_argument("--force", action="store_true",
                        help="заменить существующую (в том числе рабочую) базу")
    parser.add_argument("--check", action="store_true",
                        help="только расшифровать и проверить копию, ничего не меняя")
    add_db_argument(parser)
    add_passphrase_arguments(parser)
    add_replica_arguments(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Check or restore; log the use in the school database (or in the restored one)."""
    if args.from_replica:
        return run_from_replica(args)
    if args.file is None:
        raise UserError("Укажите файл резервной копии или --from-replica (копия в хранилище).")
    console = Console()
    if not args.check and args.to is None:
        raise UserError("Укажите --to PATH (куда восстановить) или --check (только проверить).")
    passphrase = read_passphrase(args, confirm=False)
    digest = sha256_file(args.file) if args.file.is_file() else ""
    if args.check:
        open_backup(args.file, passphrase).close()
        _log(args, "verify", digest, "копия расшифрована, целостность в порядке")
        console.print(f"Резервная копия {args.file} в порядке (расшифрована, integrity_check ok).")
        return 0
    saved = restore_backup(args.file, args.to, passphrase, force=args.force, by_name=actor(args))
    if saved:
        console.print(f"Прежняя база сохранена в копию {saved.path}")
    _log(args, "restore", digest, f"восстановлено в {args.to.resolve()}")
    console.print(f"База восстановлена из {args.file} в {args.to}.")
    return 0


def _log(args: argparse.Namespace, action: str, digest: str, note: str) -> None:
    log_db = args.db if args.db.is_file() else args.to
    if log_db is not None and log_db.is_file():
        log_use(log_db, action, args.file, digest, actor(args), note)
