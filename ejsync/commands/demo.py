"""`ejsync demo`: create the realistic demo school in a new database."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from rich.console import Console
from rich.table import Table

from ejsync.commands._common import add_db_argument
from ejsync.demo import DemoSummary
from ejsync.demo.database import create_demo_database
from ejsync.demo.generator import check_size
from ejsync.errors import UserError
from ejsync.render import plural

TABLE_TITLES = {
    "staff": "сотрудники", "staff_roles": "роли сотрудников", "subjects": "предметы",
    "curriculum": "учебный план (строки)", "classes": "классы", "families": "семьи",
    "guardians": "родители и законные представители", "students": "ученики",
    "enrollments": "зачисления", "subgroups": "подгруппы", "subgroup_members": "состав подгрупп",
    "teaching_assignments": "нагрузка учителей", "timetable": "расписание (уроков в неделю)",
    "thematic_plan": "КТП (строк)", "lessons": "уроки", "marks": "отметки",
    "attendance": "пропуски", "comments": "записи для родителей", "events": "события",
    "consultations": "консультации", "support_requests": "обращения",
    "diary_views": "просмотры дневника семьями", "acknowledgements": "ознакомление с итогами",
    "changes": "журнал изменений",
}


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `demo` sub-command."""
    parser = subparsers.add_parser(
        "demo", help="создать демонстрационную школу с журналом за учебный год"
    )
    parser.add_argument("--students", type=int, default=800, metavar="N",
                        help="число учеников (по умолчанию 800)")
    parser.add_argument("--seed", type=int, default=1, metavar="S",
                        help="зерно генератора: одно зерно — одна и та же школа (по умолчанию 1)")
    parser.add_argument("--until", type=_parse_date, default=None, metavar="ГГГГ-ММ-ДД",
                        help="по какой день заполнить журнал (по умолчанию сегодня)")
    parser.add_argument("--force", action="store_true",
                        help="перезаписать существующий файл базы данных")
    add_db_argument(parser)
    parser.set_defaults(func=run)


def _parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"дата «{text}» должна быть в виде ГГГГ-ММ-ДД, например 2026-11-20"
        ) from None


def run(args: argparse.Namespace) -> int:
    """Generate the school and print what was made."""
    db: Path = args.db
    check_size(args.students)
    if db.exists() and not args.force:
        raise UserError(
            f"Файл {db} уже существует: демонстрационная школа его не перезапишет. "
            "Укажите другой файл (--db ПУТЬ) или добавьте --force, чтобы заменить его."
        )
    summary = create_demo_database(db, students=args.students, seed=args.seed,
                                   until=args.until)
    print_summary(summary, Console())
    return 0


def print_summary(summary: DemoSummary, console: Console) -> None:
    """The summary as a Russian table."""
    if summary.last_day >= summary.first_day:
        span = f"журнал с {summary.first_day:%d.%m.%Y} по {summary.last_day:%d.%m.%Y}"
    else:
        span = f"журнал пуст: учебный год начинается {summary.first_day:%d.%m.%Y}"
    console.print(
        f"Демонстрационная школа создана в [bold]{summary.db_path}[/] (зерно {summary.seed}): "
        f"{plural(summary.classes, 'класс', 'класса', 'классов')}, "
        f"{plural(summary.students, 'ученик', 'ученика', 'учеников')}, "
        f"{plural(summary.families, 'семья', 'семьи', 'семей')} "
        f"(без электронного доступа: {summary.offline_families}); {span}; "
        f"замен уроков: {summary.substitutions}, исправлений отметок: {summary.corrections}."
    )
    table = Table(title="Записей в таблицах")
    table.add_column("Таблица")
    table.add_column("Что это")
    table.add_column("Записей", justify="right")
    for name, count in summary.rows.items():
        table.add_row(name, TABLE_TITLES.get(name, ""), f"{count:,}".replace(",", " "))
    console.print(table)
