"""`ejsync up`: bring the school up on this machine — database, staff, agent, gate, site."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from rich.console import Console
from rich.table import Table

from ejsync.commands._common import add_db_argument, output_console
from ejsync.commands._database import check_database
from ejsync.commands.demo import print_summary
from ejsync.content import HELP_URL_ENV
from ejsync.notify.relay import use_local_mailbox
from ejsync.objectstore.settings import load_storage, storage_file
from ejsync.services import (
    AGENT_NICE,
    Layout,
    Ports,
    Service,
    Supervisor,
    ejsync_command,
    school_services,
)
from ejsync.startup import Prepared, prepare_school

ROLE_TITLES = {
    "admin": "администратор", "director": "директор", "deputy": "заместитель директора",
    "class_teacher": "классный руководитель", "teacher": "учитель", "secretary": "секретарь",
}


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `up` sub-command."""
    parser = subparsers.add_parser(
        "up", help="запустить всё: журнал для сотрудников, агент, дневник для семей, сайт "
        "(при первом запуске — на демонстрационной школе)",
    )
    add_db_argument(parser)
    defaults = Ports()
    parser.add_argument("--host", default=defaults.host, help="адрес серверов (127.0.0.1)")
    parser.add_argument("--site-port", type=int, default=defaults.site, help="порт сайта")
    parser.add_argument("--staff-port", type=int, default=defaults.staff,
                        help="порт журнала для сотрудников")
    parser.add_argument("--gate-port", type=int, default=defaults.gate,
                        help="порт дневника для семей")
    parser.add_argument("--mail-port", type=int, default=defaults.mail,
                        help="порт почтового сервера, который сохраняет письма в var/mail")
    parser.add_argument("--diary", type=Path, default=Layout(Path()).diary,
                        help="каталог сборки дневников")
    parser.add_argument("--site", type=Path, default=Layout(Path()).site,
                        help="каталог сборки сайта")
    parser.add_argument("--district", type=Path, metavar="FILE",
                        help="запустить район по файлу TOML: хранилище и все его школы "
                             "(как ejsync district up FILE)")
    parser.add_argument("--base-port", type=int, default=None, metavar="P",
                        help="с --district: порты школы № i начинаются с P+10·i (8100)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Prepare the school, start the servers, print where they are, wait for Ctrl-C."""
    if args.district:
        from ejsync.commands.district import DEFAULT_BASE_PORT, run_up

        return run_up(argparse.Namespace(file=args.district, host=args.host,
                                         base_port=args.base_port or DEFAULT_BASE_PORT,
                                         storage_port=None))
    console = output_console()
    ports = Ports(args.host, args.site_port, args.staff_port, args.gate_port, args.mail_port)
    layout = Layout(args.db, args.diary, args.site)
    if args.db.exists():
        check_database(args.db, current=False)
    supervisor = Supervisor(school_services(layout, ports) + replication(layout.db),
                            ports.host, console.print)
    supervisor.check_ports()  # before the minutes a first build may take
    prepared = prepare_school(layout, ports.url(ports.gate) + "/", console.print)
    if prepared.created:
        print_summary(prepared.created, console)
    if prepared.demo:
        use_local_mailbox(layout.db, ports.host, ports.mail)
    # "?" and «Помощь» on the staff pages and the gate open the guides on the site started here.
    os.environ.setdefault(HELP_URL_ENV, ports.url(ports.site) + "/help")
    console.print("Запускаю серверы…")
    supervisor.start()
    print_welcome(console, supervisor, prepared)
    return supervisor.wait()


def replication(db: Path) -> list[Service]:
    """`ejsync replicate` when the school's storage settings name a replica."""
    path = storage_file(None)
    if not path.is_file() or load_storage(path).replica is None:
        return []
    return [Service("Копия базы в хранилище (Litestream)",
                    ejsync_command("replicate", "--db", str(db)), nice=AGENT_NICE)]


def print_welcome(console: Console, supervisor: Supervisor, prepared: Prepared) -> None:
    """Where everything is, the demo logins and the demo family's letter."""
    places = Table(title="ejsync работает", show_header=False)
    for service in supervisor.services:
        places.add_row(service.title, service.url or "следит за базой и пересобирает дневники")
    console.print(places)
    if prepared.logins:
        logins = Table(title="Демонстрационные входы сотрудников")
        for column in ("роль", "сотрудник", "логин", "пароль"):
            logins.add_column(column)
        for login in prepared.logins:
            logins.add_row(ROLE_TITLES.get(login.role, login.role), login.name, login.login,
                           login.password)
        console.print(logins)
    if prepared.family:
        family = prepared.family
        console.print(
            f"Письмо о доступе демонстрационной семьи «{family.title}» (логин "
            f"[bold]{family.login}[/]): {family.letter} — отсканируйте QR-код приложением-"
            "аутентификатором и войдите в дневник."
        )
    console.print("Остановить: Ctrl-C.")
