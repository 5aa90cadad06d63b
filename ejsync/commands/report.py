"""`ejsync report NAME`: a deputy's or class teacher's report as HTML, CSV or JSON."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ejsync.commands._common import add_db_argument, output_console
from ejsync.commands._database import open_current
from ejsync.files import write_durably
from ejsync.reports import FORMATS, REPORTS, build_report, render


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `report` sub-command."""
    parser = subparsers.add_parser("report", help="отчёты заместителя директора и классного "
                                   "руководителя (REP-CONTROL, REP-PERIOD и другие)")
    parser.add_argument("name", metavar="ОТЧЁТ", choices=sorted(REPORTS),
                        help="; ".join(sorted(REPORTS)))
    add_db_argument(parser)
    parser.add_argument("--class", dest="class_name", metavar="КЛАСС",
                        help="класс, например 5А (по умолчанию — все классы)")
    parser.add_argument("--period", metavar="ПЕРИОД", choices=["Q1", "Q2", "Q3", "Q4", "H1",
                        "H2", "Y"], help="Q1–Q4, H1, H2 или Y (по умолчанию — текущий)")
    parser.add_argument("--as-of", metavar="ДАТА", help="на дату ГГГГ-ММ-ДД (по умолчанию — "
                        "сегодня)")
    parser.add_argument("--format", choices=FORMATS, default="html", help="html, csv или json")
    parser.add_argument("--out", type=Path, metavar="ФАЙЛ",
                        help="записать в файл (по умолчанию — в стандартный вывод)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Compute the report once and write it in the asked format."""
    conn = open_current(args.db, readonly=True)
    report = build_report(conn, args.name, class_name=args.class_name,
                          period_code=args.period, as_of=args.as_of)
    text = render(report, args.format)
    if args.out is None:
        sys.stdout.write(text)
        return 0
    write_durably(args.out, text.encode("utf-8"))
    rows = sum(len(s.rows) for s in report.sections)
    output_console(stderr=True).print(
        f"Отчёт {report.id} ({report.title}): {rows} строк → {args.out}"
    )
    return 0
