"""The `ejsync` command: parse arguments, call one capability, print its result."""

from __future__ import annotations

import argparse
import importlib
import logging
import pkgutil
import sqlite3
import sys

import ejsync.commands
from ejsync import __version__
from ejsync.commands._common import output_console
from ejsync.errors import UserError

console = output_console(stderr=True)


def build_parser() -> argparse.ArgumentParser:
    """One sub-command per module in `ejsync.commands`, each with `register(subparsers)`."""
    parser = argparse.ArgumentParser(
        prog="ejsync", description="Электронный классный журнал и дневник школы."
    )
    parser.add_argument("--version", action="version", version=f"ejsync {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="КОМАНДА", required=True)
    for module_info in sorted(pkgutil.iter_modules(ejsync.commands.__path__), key=lambda m: m.name):
        if module_info.name.startswith("_"):
            continue
        module = importlib.import_module(f"ejsync.commands.{module_info.name}")
        module.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    args = build_parser().parse_args(argv)
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
