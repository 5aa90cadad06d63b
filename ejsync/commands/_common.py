"""Arguments shared by several sub-commands."""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.console import Console

from ejsync.config import DEFAULT_DB


def add_db_argument(parser: argparse.ArgumentParser) -> None:
    """`--db PATH`, default `db/school.db`."""
    parser.add_argument(
        "--db",
        type=Path,
        default=DEFAULT_DB,
        metavar="PATH",
        help=f"файл базы данных школы (по умолчанию {DEFAULT_DB})",
    )


def output_console(*, stderr: bool = False) -> Console:
    """A rich console that never hard-wraps long Russian lines in logs and pipes."""
    return Console(stderr=stderr, soft_wrap=True)
