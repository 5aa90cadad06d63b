"""Arguments and checks shared by several sub-commands."""

from __future__ import annotations

import argparse
import errno
import socket
from pathlib import Path

from rich.console import Console

from ejsync.config import DEFAULT_DB
from ejsync.errors import UserError


def add_db_argument(parser: argparse.ArgumentParser) -> None:
    """`--db PATH`, default `db/school.db`."""
    parser.add_argument(
        "--db",
        type=Path,
        default=DEFAULT_DB,
        metavar="PATH",
        help=f"файл базы данных школы (по умолчанию {DEFAULT_DB})",
    )


def output_console(*, stderr: bool = False) -> Console:
    """A rich console that never hard-wraps long Russian lines in logs and pipes."""
    return Console(stderr=stderr, soft_wrap=True)


def ensure_port_free(host: str, port: int) -> None:
    """Refuse (in Russian) to start a server on a port another program holds or may not use."""
    try:
        family, kind, _, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    except socket.gaierror:
        raise UserError(f"Адрес {host} не найден: укажите верный --host.") from None
    with socket.socket(family, kind) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            reason = {
                errno.EADDRINUSE: "занят другой программой (возможно, ejsync уже запущен)",
                errno.EACCES: "закрыт для этого пользователя (порты до 1024 — только для root)",
                errno.EADDRNOTAVAIL: "недоступен: на этом компьютере нет такого адреса",
            }.get(exc.errno, f"недоступен ({exc.strerror})")
            raise UserError(f"Порт {port} на адресе {host} {reason}. Остановите ту программу "
                            "или укажите другой порт (--port) или адрес (--host).") from None
