"""`ejsync print journal|summary|family`: archive-ready PDF/A editions."""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.console import Console

from ejsync.commands._common import add_db_argument
from ejsync.printing import jobs
from ejsync.printing.signing import load_signer
from ejsync.store import connect

DEFAULT_ARCHIVE = Path("archive")


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `print` with its three editions."""
    parser = subparsers.add_parser("print", help="печатные издания журнала (PDF/A) для архива")
    kinds = parser.add_subparsers(dest="edition", metavar="ИЗДАНИЕ", required=True)

    journal = kinds.add_parser("journal", help="бумажная копия журнала класса за период")
    journal.add_argument("--class", dest="class_names", action="append", metavar="КЛАСС",
                         help="класс, например 5А (можно несколько; без него — все классы)")
    journal.add_argument("--period", required=True, metavar="ПЕРИОД",
                         help="Q1–Q4 для 1–9 классов, H1–H2 для 10–11 классов")
    _common(journal)
    journal.set_defaults(func=run_journal)


def _common(parser: argparse.ArgumentParser) -> None:
    add_db_argument(parser)
    parser.add_argument("--out", type=Path, default=DEFAULT_ARCHIVE, metavar="DIR",
                        help=f"корень архива изданий (по умолчанию {DEFAULT_ARCHIVE})")
    parser.add_argument("--key", type=Path, default=None, metavar="FILE",
                        help="закрытый ключ подписи архива (по умолчанию $EJSYNC_ARCHIVE_KEY"
                             " или secrets/archive_ed25519.key)")


def run_journal(args: argparse.Namespace) -> int:
    """Print the journals and say where they are."""
    console = Console()
    signer = load_signer(args.key)
    conn = connect(args.db)
    editions = jobs.print_journals(conn, period_code=args.period, out=args.out,
                                   class_names=args.class_names, signer=signer,
                                   progress=console.print)
    console.print(f"Напечатано журналов: {len(editions)}, листов: {sum(e.pages for e in editions)}")
    return 0
