"""`ejsync site`: build the public school site (regulations, consultations, support, events)."""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.console import Console

from ejsync.commands._common import add_db_argument
from ejsync.commands._database import open_school
from ejsync.commands.build import parse_date
from ejsync.errors import UserError
from ejsync.site import build_site, import_regulations
from ejsync.store.clock import school_today

DEFAULT_OUT = Path("build") / "site"


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `site` sub-command."""
    parser = subparsers.add_parser(
        "site", help="собрать публичный сайт школы",
        description="Собирает сайт Pelican: положения и регламенты, график консультаций, "
                    "контакты поддержки, как получить доступ к дневнику, события.",
    )
    add_db_argument(parser)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, metavar="DIR",
                        help=f"каталог сайта (по умолчанию {DEFAULT_OUT})")
    parser.add_argument("--today", type=parse_date, metavar="ГГГГ-ММ-ДД",
                        help="дата, от которой события считаются предстоящими")
    parser.add_argument("--import-regulations", type=Path, metavar="DIR",
                        help="сначала заново перенести в content/regulations тексты положений "
                             "из каталога DIR (*.txt)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Build and say where."""
    console = Console()
    conn = open_school(args.db, readonly=True)
    if args.import_regulations:
        if not args.import_regulations.is_dir():
            raise UserError(f"Каталог {args.import_regulations} с текстами положений не найден.")
        from ejsync.config import CONTENT_DIR

        for path in import_regulations(args.import_regulations, CONTENT_DIR / "regulations"):
            console.print(f"перенесено положение {path.name}")
    report = build_site(conn, args.out, today=args.today or school_today(conn))
    console.print(f"сайт собран: страниц {report.pages}, {report.seconds:.1f} с → {args.out}")
    return 0
