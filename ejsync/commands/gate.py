"""`ejsync gate`: run the diary gate; `ejsync gate nginx-config`: the nginx site for it."""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.console import Console

from ejsync.access.links import DEFAULT_LINK_SECONDS
from ejsync.commands._common import add_db_argument, ensure_port_free
from ejsync.commands._database import check_database
from ejsync.errors import UserError
from ejsync.keyfile import KEY_FILE_ENV, key_file_path

DEFAULT_PORT = 8800


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `gate` sub-command (and its `nginx-config` action)."""
    parser = subparsers.add_parser(
        "gate", help="шлюз дневника: вход семей по коду и выдача страниц дневника"
    )
    add_db_argument(parser)
    parser.add_argument("--root", type=Path, help="папка сборки дневника (build/diary)")
    parser.add_argument("--host", default="127.0.0.1", help="адрес (по умолчанию 127.0.0.1)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help="порт (по умолчанию 8800)")
    parser.add_argument(
        "--key-file", type=Path,
        help=f"файл ключа доступа (по умолчанию ${KEY_FILE_ENV} или var/secrets/access.key)",
    )
    parser.add_argument(
        "--session-hours", type=float, default=12, help="срок жизни входа, часов (по умолчанию 12)"
    )
    parser.add_argument(
        "--link-seconds", type=int, default=DEFAULT_LINK_SECONDS,
        help="сколько секунд nginx пускает к страницам ребёнка без вопроса шлюзу; столько же"
             f" действует вход после отзыва кода или выхода (по умолчанию {DEFAULT_LINK_SECONDS})",
    )
    parser.add_argument(
        "--view-log", type=Path,
        help="журнал просмотров, который пишет nginx (как в ejsync gate nginx-config --view-log)",
    )
    parser.set_defaults(func=run)
    actions = parser.add_subparsers(dest="gate_action", metavar="ДЕЙСТВИЕ")
    nginx = actions.add_parser(
        "nginx-config", help="написать конфигурацию nginx: файлы отдаёт nginx, вход проверяет шлюз"
    )
    from ejsync.access.nginx import add_arguments

    add_arguments(nginx)
    nginx.set_defaults(func=run_nginx_config)


def run(args: argparse.Namespace) -> int:
    """Serve the gate until stopped."""
    import uvicorn

    from ejsync.access.compression import with_gzip
    from ejsync.access.gate import Gate, GateConfig

    if args.root is None or not args.root.is_dir():
        raise UserError(
            f"Папка сборки дневника {args.root} не найдена. Укажите её параметром --root "
            "(обычно build/diary) или сначала соберите дневник."
        )
    if args.link_seconds < 1:
        raise UserError("Срок --link-seconds должен быть не меньше 1 секунды.")
    check_database(args.db, current=True)
    ensure_port_free(args.host, args.port)
    gate = Gate(
        GateConfig(
            db=args.db, root=args.root, key_file=key_file_path(args.key_file),
            session_lifetime=int(args.session_hours * 3600), link_lifetime=args.link_seconds,
            view_log=args.view_log,
        )
    )
    Console(stderr=True).print(f"Шлюз дневника: http://{args.host}:{args.port}/ (Ctrl+C — стоп)")
    uvicorn.run(
        with_gzip(gate), host=args.host, port=args.port, loop="auto", http="auto",
        access_log=False, server_header=False, proxy_headers=True, log_level="warning",
    )
    return 0


def run_nginx_config(args: argparse.Namespace) -> int:
    """Write the nginx configuration and say where."""
    from ejsync.access.nginx import write_config

    path = write_config(args)
    Console().print(f"Конфигурация nginx записана в {path}")
    return 0
