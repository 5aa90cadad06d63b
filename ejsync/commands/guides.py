"""`ejsync guides`: the user guides as PDF handouts for the consultation room (H-USER-GUIDE)."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from rich.console import Console

from ejsync.commands._common import add_db_argument
from ejsync.commands._database import open_school
from ejsync.help import GUIDES, load_guides
from ejsync.help.pdf import print_guides
from ejsync.site.generated import load_site_data
from ejsync.store.clock import stamp

DEFAULT_OUT = Path("build") / "guides"


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `guides` sub-command."""
    parser = subparsers.add_parser(
        "guides", help="руководства пользователей в PDF для выдачи на консультациях",
        description="Печатает руководство каждой роли (PDF/A, A4) с графиком консультаций и "
                    "контактами поддержки из базы и снимками экрана из content/help/img.",
    )
    add_db_argument(parser)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, metavar="DIR",
                        help=f"куда записать PDF (по умолчанию {DEFAULT_OUT})")
    parser.add_argument("--role", choices=GUIDES, action="append",
                        help="только руководство этой роли (можно несколько)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Render the chosen guides and say what was written."""
    conn = open_school(args.db, readonly=True)
    console = Console()
    data = load_site_data(conn, date.today())
    guides = [g for g in load_guides() if not args.role or g.slug in args.role]
    school = dict(data.school) if data.school else {"name": "Школа", "short_name": "Школа"}
    printed = print_guides(guides, args.out, school=school, consultations=data.consultations,
                           admins=data.admins, generated_at=stamp())
    for result in printed:
        console.print(f"{result.path}: снимков экрана {result.screenshots}")
        if result.missing:
            console.print(f"  [yellow]нет снимков[/] {', '.join(result.missing)} — они "
                          "поставляются в content/help/img (или укажите EJSYNC_SCREENSHOTS)")
    console.print(f"Руководств напечатано: {len(printed)} → {args.out}")
    return 0
