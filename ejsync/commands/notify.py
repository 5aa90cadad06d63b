"""`ejsync notify configure|test|run|status|mailbox`: e-mail notifications to families through
the school's SMTP relay (docs/notify.md)."""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
from datetime import timedelta
from pathlib import Path

from rich.table import Table

from ejsync.commands._common import add_db_argument, output_console
from ejsync.commands._database import open_school
from ejsync.errors import UserError
from ejsync.family_codes.keys import derive_key, load_or_create_key
from ejsync.keyfile import key_file_path, load_key
from ejsync.notify import outbox
from ejsync.notify.letters import compose, school_name
from ejsync.notify.mailbox import Security, start_mailbox
from ejsync.notify.relay import SECURITY, Relay, deliver, load_relay, save_relay
from ejsync.notify.sender import SenderSettings, cycle, run
from ejsync.store import Writer
from ejsync.store.clock import stamp, utc_now

KEY_PURPOSE = "ejsync smtp relay password"
ACTIONS = {
    "configure": "записать почтовый сервер школы (SMTP): адрес, порт, защиту, логин и пароль",
    "test": "отправить одно проверочное письмо через почтовый сервер школы",
    "run": "отправлять письма семьям: уведомления, сводки за день, повторы после сбоев",
    "status": "показать очередь писем: отправлено, ждёт, не доставлено и почему",
    "mailbox": "запустить почтовый сервер на этом компьютере, который сохраняет письма в папку"
               " (для демонстрации и проверки)",
}


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `notify` sub-command and its actions."""
    parser = subparsers.add_parser("notify", help="письма семьям по электронной почте")
    actions = parser.add_subparsers(dest="action", metavar="ДЕЙСТВИЕ", required=True)
    for name, help_text in ACTIONS.items():
        action = actions.add_parser(name, help=help_text, description=help_text)
        if name != "mailbox":
            add_db_argument(action)
            action.add_argument("--key-file", type=Path, help="файл ключа доступа (по умолчанию"
                                " var/secrets/access.key): им зашифрован пароль почтового сервера")
        action.set_defaults(func=globals()[f"_{name}"])
    configure = actions.choices["configure"]
    configure.add_argument("--host", required=True, help="адрес почтового сервера")
    configure.add_argument("--port", type=int, default=587, help="порт (587, 465 или 25)")
    configure.add_argument("--security", choices=SECURITY, default="starttls",
                           help="защита соединения: starttls (587), ssl (465) или none")
    configure.add_argument("--login", default="", help="логин на почтовом сервере")
    configure.add_argument("--password-stdin", action="store_true",
                           help="прочитать пароль из стандартного ввода")
    configure.add_argument("--from", dest="from_address", required=True,
                           help="адрес отправителя, например dnevnik@school.ru")
    configure.add_argument("--from-name", default="", help="имя отправителя (по умолчанию — школа)")
    configure.add_argument("--timeout", type=int, default=20, help="сколько секунд ждать сервер")
    actions.choices["test"].add_argument("--to", required=True, help="кому отправить")
    run_parser = actions.choices["run"]
    run_parser.add_argument("--base-url", help="адрес дневника для ссылок в письмах"
                            " (по умолчанию school.diary_url)")
    run_parser.add_argument("--interval", type=float, default=5.0, help="секунд между проходами")
    run_parser.add_argument("--retry-seconds", type=float, default=60.0,
                            help="пауза перед первым повтором после сбоя (дальше вдвое больше,"
                                 " не больше часа)")
    run_parser.add_argument("--once", action="store_true", help="один проход и выход")
    mailbox = actions.choices["mailbox"]
    mailbox.add_argument("--host", default="127.0.0.1")
    mailbox.add_argument("--port", type=int, default=8025)
    mailbox.add_argument("--dir", type=Path, default=Path("var") / "mail",
                         help="куда сохранять письма (.eml)")
    mailbox.add_argument("--reject", action="append", default=[], metavar="АДРЕС",
                         help="отклонять письма на этот адрес (550), как несуществующий ящик")
    mailbox.add_argument("--tls-cert", type=Path, help="сертификат TLS (тогда STARTTLS обязателен)")
    mailbox.add_argument("--tls-key", type=Path, help="ключ сертификата TLS")
    mailbox.add_argument("--ssl", action="store_true", help="TLS с первого байта (как порт 465)")
    mailbox.add_argument("--login", default="", help="требовать вход с этим логином")
    mailbox.add_argument("--password-stdin", action="store_true",
                         help="пароль для --login из стандартного ввода")


def _key(args: argparse.Namespace, *, create: bool) -> bytes | None:
    path = key_file_path(args.key_file)
    if not path.exists() and not create:
        return None
    return derive_key(load_or_create_key(path) if create else load_key(path), KEY_PURPOSE)


def _open(args: argparse.Namespace):
    return open_school(args.db)


def _relay(conn, args) -> Relay:
    relay = load_relay(conn, _key(args, create=False))
    if relay is None:
        raise UserError("Почтовый сервер не настроен: ejsync notify configure --host … --from …")
    return relay


def _configure(args: argparse.Namespace) -> int:
    conn = _open(args)
    password = sys.stdin.readline().rstrip("\n") if args.password_stdin else ""
    key = _key(args, create=True) if password else None
    relay = Relay(args.host, args.port, args.security, args.login, password, args.from_address,
                  args.from_name or school_name(conn), args.timeout)
    save_relay(conn, relay, key, Writer.tool("cli"))
    output_console().print(f"Почтовый сервер записан: {args.host}:{args.port} ({args.security}),"
                           f" отправитель {args.from_address}. Проверьте: ejsync notify test"
                           " --to …")
    return 0


def _test(args: argparse.Namespace) -> int:
    conn = _open(args)
    relay = _relay(conn, args)
    text = compose("test", "Проверка писем электронного дневника", school=school_name(conn),
                   unsubscribe_url="")
    now = utc_now()
    row = {"recipient": args.to, "subject": text.subject, "body_text": text.text,
           "body_html": text.html, "message_id": f"<test-{now.timestamp():.0f}@{relay.domain}>",
           "created_at": stamp(now), "unsubscribe_url": ""}
    outcome = deliver(relay, [outbox.email_message(row, relay)])[0]
    console = output_console()
    if outcome.status != "sent":
        raise UserError(f"Письмо не отправлено: {outcome.error}. Проверьте настройки: ejsync"
                        " notify configure …")
    console.print(f"Проверочное письмо отправлено на {args.to} через {relay.host}:{relay.port}.")
    return 0


def _base_url(conn, args) -> str:
    url = args.base_url or (conn.execute("SELECT diary_url FROM school WHERE id = 1").fetchone()
                            or [""])[0]
    if not url:
        raise UserError("Адрес дневника для ссылок в письмах не известен: укажите --base-url или"
                        " заполните school.diary_url.")
    return url.rstrip("/")


def _run(args: argparse.Namespace) -> int:
    conn = _open(args)
    settings = SenderSettings(_key(args, create=False), _base_url(conn, args), args.interval,
                              timedelta(seconds=args.retry_seconds))
    if args.once:
        output_console().print(str(cycle(conn, settings)))
        return 0
    logging.getLogger("ejsync.notify").setLevel(logging.INFO)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    run(conn, settings, stop)
    return 0


def _status(args: argparse.Namespace) -> int:
    conn = _open(args)
    table = Table(title="Очередь писем семьям")
    for column in ("вид", "состояние", "писем", "следующая попытка", "последняя ошибка"):
        table.add_column(column)
    for row in outbox.summary(conn):
        table.add_row(row["kind"], row["status"], str(row["count"]),
                      row["next_at"] if row["status"] == "pending" else "", row["last_error"] or "")
    console = output_console()
    console.print(table)
    for row in conn.execute("SELECT family_id, email, last_error FROM notify_subscriptions"
                            " WHERE ended_reason = 'bounced' ORDER BY ended_at DESC LIMIT 20"):
        console.print(f"семья {row[0]}: адрес {row[1]} не принимает письма ({row[2]})")
    return 0


def _mailbox(args: argparse.Namespace) -> int:
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    password = sys.stdin.readline().rstrip("\n") if args.password_stdin else ""
    security = Security(args.tls_cert, args.tls_key, args.ssl, args.login, password)
    controller = start_mailbox(args.host, args.port, args.dir, set(args.reject), security)
    output_console().print(f"Почтовый сервер слушает {args.host}:{args.port}; письма —"
                           f" в {args.dir}")
    try:
        while not stop.wait(0.5):
            pass
    finally:
        controller.stop()
    return 0
