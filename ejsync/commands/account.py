"""`ejsync account create|disable|enable|reset-password|token`: staff accounts from the shell."""

from __future__ import annotations

import argparse
import sys

from rich.console import Console

from ejsync.commands._common import add_db_argument
from ejsync.commands._database import open_school
from ejsync.errors import UserError
from ejsync.staff import accounts, sessions


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `account` sub-command and its actions."""
    parser = subparsers.add_parser("account", help="учётные записи сотрудников")
    actions = parser.add_subparsers(dest="action", metavar="ДЕЙСТВИЕ", required=True)
    for name, help_text in (
        ("create", "создать учётную запись сотрудника"),
        ("disable", "отключить учётную запись (сеансы завершаются сразу)"),
        ("enable", "снова включить учётную запись"),
        ("reset-password", "задать новый пароль (сеансы завершаются)"),
        ("token", "выдать личный API-токен на 30 дней"),
    ):
        action = actions.add_parser(name, help=help_text)
        add_db_argument(action)
        action.add_argument("--staff", type=int, metavar="ID", help="номер сотрудника (staff.id)")
        action.add_argument("--login", metavar="L", help="логин")
        if name in ("create", "reset-password"):
            action.add_argument(
                "--password-stdin",
                action="store_true",
                help="прочитать пароль из стандартного ввода"
                " (иначе будет создан и показан один раз)",
            )
        action.set_defaults(func=run)


def _password_from(args: argparse.Namespace) -> str | None:
    if not getattr(args, "password_stdin", False):
        return None
    password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        raise UserError("Пароль из стандартного ввода пуст. Передайте пароль одной строкой.")
    return password


def run(args: argparse.Namespace) -> int:
    """Do the chosen action and print its result (a generated password only once)."""
    console = Console()
    conn = open_school(args.db)
    if args.staff is None and args.login is None:
        raise UserError("Укажите сотрудника: --staff ID и/или --login ЛОГИН.")
    if args.action == "create":
        if args.staff is None or not args.login:
            raise UserError("Для создания укажите и --staff ID, и --login ЛОГИН.")
        given = _password_from(args)
        password = accounts.create_account(conn, args.staff, args.login, given)
        console.print(f"Учётная запись «{args.login}» создана для сотрудника № {args.staff}.")
        if given is None:
            console.print(f"Пароль (показывается один раз): [bold]{password}[/]")
    elif args.action == "disable":
        staff_id = accounts.disable_account(conn, args.staff, args.login)
        console.print(f"Учётная запись сотрудника № {staff_id} отключена, сеансы завершены.")
    elif args.action == "enable":
        staff_id = accounts.enable_account(conn, args.staff, args.login)
        console.print(f"Учётная запись сотрудника № {staff_id} снова включена.")
    elif args.action == "reset-password":
        given = _password_from(args)
        password = accounts.reset_password(conn, args.staff, args.login, given)
        console.print("Пароль изменён, все сеансы этого сотрудника завершены.")
        if given is None:
            console.print(f"Новый пароль (показывается один раз): [bold]{password}[/]")
    else:
        staff_id = accounts.account_staff_id(conn, args.staff, args.login)
        token = sessions.issue_api_token(conn, staff_id)
        console.print(f"API-токен (показывается один раз, действует 30 дней): [bold]{token}[/]")
    return 0
