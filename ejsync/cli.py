"""The `ejsync` command: parse arguments, call one capability, print its result."""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import pkgutil
import sqlite3
import sys
import traceback
from pathlib import Path

from rich.markup import escape

import ejsync.commands
from ejsync import __version__, argparse_ru
from ejsync.commands._common import output_console
from ejsync.config import DEFAULT_DB
from ejsync.errors import UserError, os_error_message
from ejsync.store.health import error_problem

console = output_console(stderr=True)


# Sub-commands whose module is named differently (a Python keyword or builtin).
MODULE_OF_COMMAND = {"import": "imports", "print": "printing"}
DEBUG_ENV = "EJSYNC_DEBUG"  # set: an unexpected error also prints the traceback
EXIT_REFUSED, EXIT_DATABASE, EXIT_SYSTEM, EXIT_BUG = 2, 3, 4, 70


def command_modules() -> list[str]:
    """Names of the modules in `ejsync.commands` that define sub-commands."""
    return sorted(
        info.name for info in pkgutil.iter_modules(ejsync.commands.__path__)
        if not info.name.startswith("_")
    )


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """Sub-commands from `ejsync.commands` (each module has `register(subparsers)`).

    With `command`, only its module is imported, so starting one command stays fast."""
    parser = argparse.ArgumentParser(
        prog="ejsync", description="Электронный классный журнал и дневник школы."
    )
    parser.add_argument("--version", action="version", version=f"ejsync {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="КОМАНДА", required=True)
    modules = command_modules()
    wanted = MODULE_OF_COMMAND.get(command, command)
    for name in [wanted] if wanted in modules else modules:
        importlib.import_module(f"ejsync.commands.{name}").register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    argparse_ru.install()
    argv = sys.argv[1:] if argv is None else argv
    args = build_parser(argv[0] if argv else None).parse_args(argv)
    try:
        return args.func(args) or 0
    except KeyboardInterrupt:
        console.print("Остановлено.")
        return 130
    except Exception as exc:  # every failure ends in Russian and an exit code
        title, message, code = explain(exc, Path(getattr(args, "db", None) or DEFAULT_DB))
        console.print(f"[bold red]{title}:[/] {escape(message)}", highlight=False)
        if code == EXIT_BUG and os.environ.get(DEBUG_ENV):
            traceback.print_exc()
        return code


def explain(exc: Exception, db: Path) -> tuple[str, str, int]:
    """Title, Russian message and exit code of a failure (`db`: the command's database)."""
    if isinstance(exc, UserError):
        return "Ошибка", str(exc), exc.exit_code
    if isinstance(exc, sqlite3.IntegrityError):
        return "Запись отклонена", str(exc), EXIT_REFUSED
    if isinstance(exc, sqlite3.Error):
        return "Ошибка базы данных", error_problem(exc, db), EXIT_DATABASE
    if isinstance(exc, OSError):
        return "Ошибка", os_error_message(exc), EXIT_SYSTEM
    return "Непредвиденная ошибка", (
        f"{type(exc).__name__}: {exc}. Это ошибка программы, а не ваших данных: сообщите о ней"
        " разработчикам ejsync; подробности покажет повторный запуск с переменной "
        f"{DEBUG_ENV}=1."), EXIT_BUG


if __name__ == "__main__":
    sys.exit(main())
