"""The `ejsync` command: parse arguments, call one capability, print its result."""

from __future__ import annotations

import argparse
import importlib
import logging
import pkgutil
import sqlite3
import sys

import ejsync.commands
from ejsync import __version__, argparse_ru
from ejsync.commands._common import output_console
from ejsync.errors import UserError

console = output_console(stderr=True)


# Sub-commands whose module is named differently (a Python keyword or builtin).
MODULE_OF_COMMAND = {"import": "imports", "print": "printing"}


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
    except UserError as exc:
        console.print(f"[bold red]Ошибка:[/] {exc}")
        return exc.exit_code
    except sqlite3.IntegrityError as exc:
        console.print(f"[bold red]Запись отклонена:[/] {exc}")
        return 2
    except KeyboardInterrupt:
        console.print("Остановлено.")
        return 130


if __name__ == "__main__":
    sys.exit(main())
