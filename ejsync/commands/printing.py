"""`ejsync print journal|summary|family|due`: archive-ready PDF/A editions."""

from __future__ import annotations

import argparse
from datetime import date, datetime, time
from pathlib import Path

from rich.console import Console

from ejsync.commands._common import add_db_argument
from ejsync.commands._database import open_school
from ejsync.config import DEFAULT_ARCHIVE
from ejsync.errors import UserError
from ejsync.printing import jobs
from ejsync.printing.schedule import run_due
from ejsync.printing.signing import load_signer
from ejsync.store.clock import school_timezone, school_today, utc_now


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
    _dating(journal)
    journal.set_defaults(func=run_journal)

    summary = kinds.add_parser("summary", help="сводная ведомость итоговых отметок за год")
    summary.add_argument("--year", type=int, required=True, metavar="ГОД",
                         help="год начала учебного года: 2026 для 2026/27")
    _common(summary)
    _dating(summary)
    summary.set_defaults(func=run_summary)

    family = kinds.add_parser("family", help="недельные распечатки для семей без доступа к ЭД")
    family.add_argument("--week", type=_iso_date, required=True, metavar="ГГГГ-ММ-ДД",
                        help="любой день недели (берётся неделя с понедельника)")
    family.add_argument("--weeks", type=int, choices=(1, 2), default=None,
                        help="за сколько недель (по умолчанию — настройка школы"
                             " offline_printout_weeks, обычно 1)")
    _common(family)
    _dating(family)
    family.set_defaults(func=run_family)

    due = kinds.add_parser("due", help="всё, что по расписанию пора напечатать сегодня "
                                       "(журналы в конце периода, недельные распечатки)")
    due.add_argument("--today", type=_iso_date, default=None, metavar="ГГГГ-ММ-ДД",
                     help="дата, на которую смотреть расписание (по умолчанию сегодня)")
    _common(due)
    due.set_defaults(func=run_due_editions)


def _iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(
            f"дата «{value}» должна быть в виде ГГГГ-ММ-ДД, например 2026-11-16") from exc


def _local_moment(value: str) -> datetime:
    try:
        if len(value.strip()) == len("ГГГГ-ММ-ДД"):
            return datetime.combine(date.fromisoformat(value.strip()), time(23, 59, 59))
        return datetime.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(
            f"момент «{value}» должен быть в виде ГГГГ-ММ-ДД или ГГГГ-ММ-ДДTЧЧ:ММ (время школы),"
            " например 2026-12-25T15:00") from exc


def _dating(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--as-of", type=_local_moment, default=None, metavar="МОМЕНТ",
                        help="по состоянию на какой момент (время школы; дата без времени —"
                             " конец дня): «копия от»; не позже, чем сейчас. По умолчанию —"
                             " сейчас")
    parser.add_argument("--preliminary", action="store_true",
                        help="напечатать до конца периода: каждый лист с пометкой"
                             " «ПРЕДВАРИТЕЛЬНАЯ — не для архива», в архив не передаётся")


def _as_of(conn, args: argparse.Namespace) -> dict:
    """The dating keywords of a print job: the as-of instant (never in the future) and whether
    a preliminary edition was asked for."""
    moment = args.as_of
    if moment is not None:
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=school_timezone(conn))
        if moment > utc_now():
            raise UserError(
                f"«Копия от» {args.as_of:%d.%m.%Y %H:%M} ещё не наступила: издание печатается по"
                " данным, которые уже есть. Укажите --as-of не позже текущего момента или"
                " уберите его. Ничего не напечатано.")
    return {"as_of": moment, "preliminary": args.preliminary}


def _common(parser: argparse.ArgumentParser) -> None:
    add_db_argument(parser)
    parser.add_argument("--out", type=Path, default=DEFAULT_ARCHIVE, metavar="DIR",
                        help=f"корень архива изданий (по умолчанию {DEFAULT_ARCHIVE})")
    parser.add_argument("--key", type=Path, default=None, metavar="FILE",
                        help="закрытый ключ подписи архива (по умолчанию $EJSYNC_ARCHIVE_KEY"
                             " или var/secrets/archive_ed25519.key)")


def run_journal(args: argparse.Namespace) -> int:
    """Print the journals and say where they are."""
    console = Console()
    signer = load_signer(args.key)
    conn = open_school(args.db)
    editions = jobs.print_journals(conn, period_code=args.period, out=args.out,
                                   class_names=args.class_names, signer=signer,
                                   progress=console.print, **_as_of(conn, args))
    console.print(f"Напечатано журналов: {len(editions)}, листов: {sum(e.pages for e in editions)}")
    return 0


def run_summary(args: argparse.Namespace) -> int:
    """Print the year summary sheet."""
    signer = load_signer(args.key)
    conn = open_school(args.db)
    edition = jobs.print_summary(conn, start_year=args.year, out=args.out, signer=signer,
                                 **_as_of(conn, args))
    Console().print(f"Сводная ведомость: {edition.pages} л. → {edition.directory}")
    return 0


def run_family(args: argparse.Namespace) -> int:
    """Print the week's family printouts."""
    signer = load_signer(args.key)
    conn = open_school(args.db)
    edition = jobs.print_family_week(conn, week=args.week, out=args.out, signer=signer,
                                     weeks=args.weeks, **_as_of(conn, args))
    console = Console()
    if edition is None:
        console.print("Семей, отказавшихся от электронного дневника, нет: печатать нечего.")
        return 0
    console.print(f"Распечатки для семей: {edition.pages} л. → {edition.directory}")
    return 0


def run_due_editions(args: argparse.Namespace) -> int:
    """Print what the schedule says is due; exit 1 if a job failed."""
    conn = open_school(args.db)
    today = args.today or school_today(conn)
    runs = run_due(conn, today=today, out_dir=args.out, signer=load_signer(args.key))
    console = Console()
    for scheduled in runs:
        console.print(f"{scheduled.job} {scheduled.key}: {scheduled.status} — {scheduled.message}")
    if not runs:
        console.print(f"На {today.isoformat()} печатать по расписанию нечего.")
    return 1 if any(scheduled.status == "failed" for scheduled in runs) else 0
