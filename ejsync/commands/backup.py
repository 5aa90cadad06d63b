"""`ejsync backup --to DIR`: an encrypted, consistent copy of the live database (P-BACKUP)."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from rich.console import Console

from ejsync.commands._common import add_db_argument
from ejsync.commands._database import check_database
from ejsync.errors import UserError
from ejsync.printing.backup import create_backup

PASSPHRASE_ENV = "EJSYNC_BACKUP_PASSPHRASE"


def add_passphrase_arguments(parser: argparse.ArgumentParser) -> None:
    """`--passphrase-file` and `--by`, shared with `restore`."""
    parser.add_argument("--passphrase-file", type=Path, default=None, metavar="FILE",
                        help=f"файл с кодом доступа директора (иначе ${PASSPHRASE_ENV}"
                             " или запрос с клавиатуры)")
    parser.add_argument("--by", default=None, metavar="ФИО",
                        help="кто выполняет (для журнала пользования копиями)")


def read_passphrase(args: argparse.Namespace, *, confirm: bool) -> str:
    """The director's code: from the file, the environment, or typed in (twice when new)."""
    if args.passphrase_file:
        if not args.passphrase_file.is_file():
            raise UserError(f"P-BACKUP: файла с кодом доступа {args.passphrase_file} нет.")
        return args.passphrase_file.read_text(encoding="utf-8").rstrip("\r\n")
    if os.environ.get(PASSPHRASE_ENV):
        return os.environ[PASSPHRASE_ENV]
    if not sys.stdin.isatty():
        raise UserError(
            "P-BACKUP: нужен код доступа директора: укажите --passphrase-file FILE или"
            f" переменную {PASSPHRASE_ENV}, или запустите команду в терминале."
        )
    code = getpass.getpass("Код доступа к резервной копии: ")
    if confirm and getpass.getpass("Повторите код: ") != code:
        raise UserError("P-BACKUP: коды не совпали. Ничего не сделано.")
    return code


def actor(args: argparse.Namespace) -> str:
    """Who runs the command, for the log."""
    return args.by or getpass.getuser()


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `backup` sub-command."""
    parser = subparsers.add_parser("backup", help="зашифрованная резервная копия базы (P-BACKUP)")
    add_db_argument(parser)
    parser.add_argument("--to", type=Path, required=True, metavar="DIR",
                        help="каталог на внешнем носителе")
    add_passphrase_arguments(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Make the backup and say where it is."""
    check_database(args.db, current=False)
    passphrase = read_passphrase(args, confirm=True)
    backup = create_backup(args.db, args.to, passphrase, by_name=actor(args))
    console = Console()
    console.print(f"Резервная копия: {backup.path}")
    console.print(f"SHA-256: {backup.sha256}; таблиц: {backup.tables}; байт до сжатия:"
                  f" {backup.plain_bytes}. Запись внесена в журнал пользования копиями.")
    return 0
