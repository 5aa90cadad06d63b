"""`ejsync archive keygen|copy|verify|register|list`: the signed electronic archive of editions."""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.console import Console
from rich.table import Table

from ejsync.commands._common import add_db_argument
from ejsync.commands._database import open_school
from ejsync.printing import archive
from ejsync.printing.signing import (
    default_key_path,
    fingerprint,
    generate_key,
    load_public_key,
    public_path_for,
)
from ejsync.store import Writer

EXIT_PROBLEMS = 1


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `archive` and its actions."""
    parser = subparsers.add_parser("archive",
                                   help="электронный архив изданий: ключ, копии, проверка")
    actions = parser.add_subparsers(dest="action", metavar="ДЕЙСТВИЕ", required=True)

    keygen = actions.add_parser("keygen", help="создать ключ подписи архива школы (Ed25519)")
    keygen.add_argument("--key", type=Path, default=None, metavar="FILE",
                        help="куда записать закрытый ключ (по умолчанию $EJSYNC_ARCHIVE_KEY"
                             " или var/secrets/archive_ed25519.key); открытый ключ — рядом, .pub")
    keygen.add_argument("--force", action="store_true", help="заменить существующий ключ")
    keygen.set_defaults(func=run_keygen)

    copy = actions.add_parser("copy", help="скопировать все издания на два носителя (P-TWO-MEDIA)")
    add_db_argument(copy)
    copy.add_argument("--to", dest="media", type=Path, action="append", required=True,
                      metavar="DIR", help="носитель (укажите не меньше двух раз)")
    _public_key_argument(copy)
    copy.set_defaults(func=run_copy)

    verify = actions.add_parser("verify", help="проверить подписи и файлы изданий на носителях")
    add_db_argument(verify)
    verify.add_argument("--medium", dest="media", type=Path, action="append", default=[],
                        metavar="DIR", help="проверить ещё и этот носитель")
    _public_key_argument(verify)
    verify.set_defaults(func=run_verify)

    reg = actions.add_parser("register", help="присвоить изданию номер в реестре (секретарь)")
    add_db_argument(reg)
    reg.add_argument("edition", type=int, metavar="НОМЕР_ИЗДАНИЯ")
    reg.add_argument("--by", type=int, required=True, metavar="STAFF_ID",
                     help="номер сотрудника-секретаря")
    reg.set_defaults(func=run_register)

    listing = actions.add_parser("list", help="реестр изданий и их копий")
    add_db_argument(listing)
    listing.set_defaults(func=run_list)


def _public_key_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--public-key", type=Path, default=None, metavar="FILE",
                        help="открытый ключ школы (по умолчанию рядом с закрытым, .pub)")


def _public_key(args: argparse.Namespace):
    return load_public_key(args.public_key or public_path_for(default_key_path()))


def run_keygen(args: argparse.Namespace) -> int:
    """Create the key pair and show the fingerprint to write down."""
    path = args.key or default_key_path()
    public = generate_key(path, force=args.force)
    console = Console()
    console.print(f"Закрытый ключ: {path} (права 0600, храните вне базы и резервных копий)")
    console.print(f"Открытый ключ: {public_path_for(path)}")
    console.print(f"Отпечаток: {fingerprint(public)}")
    return 0


def run_copy(args: argparse.Namespace) -> int:
    """Copy, then say what was copied and what could not be."""
    console = Console()
    public_key = _public_key(args)
    conn = open_school(args.db)
    report = archive.copy_archive(conn, args.media, public_key, progress=console.print)
    for warning in report.warnings:
        console.print(f"[yellow]Внимание:[/] {warning}")
    for refusal in report.skipped:
        console.print(f"[yellow]Не для архива:[/] {refusal}")
    console.print(f"Скопировано изданий: {report.copied}, уже были на носителях: {report.already}")
    for problem in report.problems:
        console.print(f"[red]Не скопировано:[/] {problem}")
    return EXIT_PROBLEMS if report.problems else 0


def run_verify(args: argparse.Namespace) -> int:
    """Check everything; list each problem; exit 1 when there is any."""
    console = Console()
    public_key = _public_key(args)
    conn = open_school(args.db)
    problems = archive.verify_archive(conn, public_key, args.media)
    for problem in problems:
        console.print(f"[red]P-INTEGRITY:[/] {problem}")
    count = len(archive.editions(conn))
    if problems:
        console.print(f"Найдено нарушений целостности: {len(problems)}. Восстановите файлы"
                      " с другого носителя (`ejsync archive copy`) и повторите проверку.")
        return EXIT_PROBLEMS
    console.print(f"Проверено изданий: {count}. Подписи и файлы в порядке.")
    return 0


def run_register(args: argparse.Namespace) -> int:
    """Register one edition."""
    number = archive.register_edition(open_school(args.db), args.edition,
                                      Writer.tool("cli", args.by))
    Console().print(f"Издание № {args.edition} зарегистрировано под номером {number}")
    return 0


def run_list(args: argparse.Namespace) -> int:
    """Print the register."""
    table = Table("№", "Рег. номер", "Вид", "Класс", "Период", "Листов", "Создано",
                  "Носителей", "Проверено", title="Реестр изданий")
    for row in archive.register_rows(open_school(args.db, readonly=True)):
        table.add_row(str(row["edition_id"]), row["register_no"] or "—", row["kind"],
                      row["class_name"] or "—", row["period"] or row["week_of"] or "—",
                      str(row["pages"] or ""), row["generated_at"], str(row["media"]),
                      row["last_verified_at"] or "—")
    Console().print(table)
    return 0
