"""`ejsync access issue|reissue|revoke|list`: the families' TOTP codes and access letters."""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from rich.console import Console
from rich.table import Table

from ejsync.access.paths import DEFAULT_LETTER_DIR
from ejsync.commands._common import add_db_argument
from ejsync.commands._database import open_school
from ejsync.errors import UserError, os_error_message
from ejsync.family_codes import codes
from ejsync.files import make_folder
from ejsync.keyfile import KEY_FILE_ENV, key_file_path
from ejsync.store import Writer

ACTIONS = {
    "issue": "выдать семье код входа и письмо с QR-кодом",
    "reissue": "перевыпустить код (телефон потерян): старый код и все входы с ним перестают "
    "действовать сразу",
    "revoke": "отозвать код: семья больше не может войти",
    "list": "показать историю кодов семьи (без секретов)",
}


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `access` sub-command with its four actions."""
    parser = subparsers.add_parser("access", help="коды входа семей в дневник (TOTP)")
    actions = parser.add_subparsers(dest="action", metavar="ДЕЙСТВИЕ", required=True)
    for name, help_text in ACTIONS.items():
        action = actions.add_parser(name, help=help_text, description=help_text)
        add_db_argument(action)
        target = action.add_mutually_exclusive_group(required=True)
        target.add_argument("--family", type=int, metavar="ID", help="id семьи")
        if name == "issue":
            target.add_argument(
                "--class", dest="class_name", metavar="КЛАСС",
                help="выдать коды всем семьям класса, у которых их ещё нет (например, 5А)",
            )
        action.add_argument("--json", action="store_true", help="вывести результат в JSON")
        if name != "list":
            action.add_argument(
                "--by", type=int, metavar="STAFF_ID",
                help="id сотрудника, который действует (проверяются его права)",
            )
        if name in ("issue", "reissue"):
            action.add_argument(
                "--letter-dir", type=Path, default=DEFAULT_LETTER_DIR,
                help=f"куда записать письмо о доступе (по умолчанию {DEFAULT_LETTER_DIR})",
            )
            action.add_argument(
                "--no-letter", action="store_true", help="не писать письмо (только ссылка otpauth)"
            )
            action.add_argument(
                "--diary-url", help="адрес дневника для письма (по умолчанию school.diary_url)"
            )
            action.add_argument(
                "--key-file", type=Path,
                help=f"файл ключа шифрования кодов (по умолчанию ${KEY_FILE_ENV} "
                "или var/secrets/access.key)",
            )
        action.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run one access action and print its result."""
    conn = open_school(args.db, readonly=args.action == "list")
    _letter_folder_ready(args)
    if getattr(args, "class_name", None):
        _issue_for_class(conn, args)
    elif args.action in ("issue", "reissue"):
        operation = codes.issue if args.action == "issue" else codes.reissue
        issued = operation(conn, key_file_path(args.key_file), args.family,
                           writer=Writer.tool("cli", args.by))
        letter = None if args.no_letter else _write_letter(conn, issued, args)
        _print_issued(issued, letter, args.json)
    elif args.action == "revoke":
        codes.revoke(conn, args.family, writer=Writer.tool("cli", args.by))
        result = codes.list_codes(conn, args.family)
        if args.json:
            print(json.dumps(result, ensure_ascii=False))
        else:
            Console().print(
                f"Код семьи «{result['family']}» отозван; все её входы в дневник закрыты."
            )
    else:
        _print_list(codes.list_codes(conn, args.family), args.json)
    return 0


def _issue_for_class(conn, args: argparse.Namespace) -> None:
    """Issue codes (and letters) to every family of a class that has none yet."""
    console, records = Console(stderr=args.json), []
    families = codes.class_families(conn, args.class_name)
    for family_id in families:
        try:
            issued = codes.issue(conn, key_file_path(args.key_file), family_id,
                                 writer=Writer.tool("cli", args.by))
        except UserError as skipped:
            records.append({"family_id": family_id, "skipped": str(skipped)})
            console.print(f"семья {family_id}: пропущена — {skipped}")
            continue
        letter = None if args.no_letter else _write_letter(conn, issued, args)
        records.append(_issued_record(issued, letter))
        console.print(f"семья {family_id} «{issued.family_title}»: выдан код, письмо {letter}")
    issued_count = sum("skipped" not in record for record in records)
    console.print(f"Класс {args.class_name}: выдано кодов {issued_count} из {len(families)} семей.")
    if args.json:
        print(json.dumps(records, ensure_ascii=False))


def _letter_folder_ready(args: argparse.Namespace) -> None:
    """Before any code is issued: the letters' folder exists and takes files (else an error)."""
    if args.action in ("issue", "reissue") and not args.no_letter:
        make_folder(args.letter_dir)
        with tempfile.TemporaryFile(dir=args.letter_dir):
            pass


def _write_letter(conn, issued: codes.IssuedCode, args: argparse.Namespace) -> Path:
    from ejsync.family_codes.letter import write_letter  # Typst loads only when a letter is written

    try:
        return write_letter(conn, issued, args.letter_dir, args.diary_url)
    except OSError as exc:
        raise UserError(
            f"Код версии {issued.version} семье «{issued.family_title}» выдан, но письмо о доступе"
            f" не записано: {os_error_message(exc)} Когда это исправлено, перевыпустите код с "
            f"письмом: ejsync access reissue --family {issued.family_id}.") from exc


def _issued_record(issued: codes.IssuedCode, letter: Path | None) -> dict:
    return {
        "family_id": issued.family_id,
        "family": issued.family_title,
        "login": issued.login,
        "version": issued.version,
        "issued_at": issued.issued_at,
        "otpauth_uri": issued.uri,
        "letter": str(letter) if letter else None,
    }


def _print_issued(issued: codes.IssuedCode, letter: Path | None, as_json: bool) -> None:
    record = _issued_record(issued, letter)
    if as_json:
        print(json.dumps(record, ensure_ascii=False))
        return
    console = Console()
    console.print(
        f"Выдан код версии {issued.version} семье «{issued.family_title}» "
        f"(логин {issued.login})."
    )
    console.print("Ссылка для приложения-аутентификатора (показывается один раз):")
    console.print(issued.uri, soft_wrap=True, markup=False, highlight=False)
    if letter:
        console.print(
            f"Письмо о доступе: {letter}. Распечатайте и передайте семье лично, затем удалите "
            "файл: в нём секрет семьи."
        )


def _print_list(result: dict, as_json: bool) -> None:
    if as_json:
        print(json.dumps(result, ensure_ascii=False))
        return
    console = Console()
    access = "да" if result["electronic_access"] else "нет (отказ, R-OFFLINE-FAMILY)"
    console.print(
        f"Семья «{result['family']}» (id {result['family_id']}, логин {result['login']}); "
        f"электронный доступ: {access}"
    )
    if not result["codes"]:
        console.print("Коды не выдавались.")
        return
    table = Table("версия", "выдан", "кем", "состояние", "отозван", "использован")
    for code in result["codes"]:
        table.add_row(
            str(code["version"]), code["issued_at"], str(code["issued_by"] or "—"),
            code["state"], code["revoked_at"] or "—", "да" if code["used"] else "нет",
        )
    console.print(table)
