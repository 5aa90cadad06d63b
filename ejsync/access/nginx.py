"""The nginx configuration in front of the gate, rendered from `deploy/nginx/`."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from ejsync.access.headers import CSP
from ejsync.access.links import HASH_COOKIE, TOKEN_PATTERN, UNTIL_COOKIE, link_secret
from ejsync.config import PROJECT_ROOT
from ejsync.errors import UserError
from ejsync.files import write_durably
from ejsync.keyfile import KEY_FILE_ENV, key_file_path, load_key
from ejsync.objectstore.client import Sse
from ejsync.objectstore.settings import load_storage, storage_file

TEMPLATES = PROJECT_ROOT / "deploy" / "nginx"
SITE_FILE = "ejsync-site.conf"
PRIVATE = 0o600  # the site configuration holds the link secret
DEFAULT_VIEW_LOG = Path("/var/log/nginx/ejsync-views.log")
VIEW_LOG_NAME = "views.log"  # in a --standalone folder


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `ejsync gate nginx-config`."""
    parser.add_argument("--root", type=Path, help="папка сборки дневника (кроме --store)")
    parser.add_argument(
        "--store", action="store_true",
        help="страницы брать из хранилища S3, куда их публикует ejsync publish (настройки — "
             "--storage); в файл попадает ключ публикации школы",
    )
    parser.add_argument("--storage", type=Path, help="настройки хранилища (с --store)")
    parser.add_argument("--site-listen", help="с --store: что слушает сайт школы (порт)")
    parser.add_argument("--site-server-name", default="_", help="с --store: имя сайта школы")
    parser.add_argument("--gate", default="127.0.0.1:8800", help="адрес шлюза (host:port)")
    parser.add_argument("--listen", default="80", help="что слушает nginx (порт или адрес:порт)")
    parser.add_argument("--server-name", default="_", help="имя сайта дневника")
    parser.add_argument("--tls-cert", type=Path, help="сертификат HTTPS (тогда --listen 443)")
    parser.add_argument("--tls-key", type=Path, help="ключ сертификата HTTPS")
    parser.add_argument(
        "--key-file", type=Path,
        help=f"файл ключа доступа шлюза (по умолчанию ${KEY_FILE_ENV} или var/secrets/access.key)",
    )
    parser.add_argument(
        "--view-log", type=Path,
        help=f"куда nginx пишет просмотры страниц для шлюза (ejsync gate --view-log); по умолчанию"
             f" {DEFAULT_VIEW_LOG}, с --standalone — {VIEW_LOG_NAME} в папке --output",
    )
    parser.add_argument("--output", type=Path, required=True, help="куда записать (файл или папку)")
    parser.add_argument(
        "--standalone", action="store_true",
        help="написать полный nginx.conf в папку --output для запуска nginx без root",
    )
    parser.add_argument("--workers", type=int, default=1, help="процессов nginx (--standalone)")
    parser.add_argument("--run-as", help="директива user (только при запуске nginx от root)")


def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATES), undefined=StrictUndefined,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True, autoescape=False,
    )


def render_site(args: argparse.Namespace, view_log: Path) -> str:
    """The `server` block (plus upstream and maps) for the diary site."""
    if bool(args.tls_cert) != bool(args.tls_key):
        raise UserError("Для HTTPS укажите и --tls-cert, и --tls-key.")
    store = store_settings(args.storage) if args.store else None
    root = Path(args.root or ".").resolve()
    if store is None and (args.root is None or not root.is_dir()):
        raise UserError(f"Папка сборки дневника {root} не найдена (--root).")
    # link cookies open local pages without the gate; pages from object storage always ask it
    secret = None if store else link_secret(load_key(key_file_path(args.key_file)))
    return _environment().get_template("ejsync-site.conf.j2").render(
        root=str(root), store=store, site_listen=args.site_listen,
        site_server_name=args.site_server_name, gate=args.gate, listen=args.listen,
        server_name=args.server_name,
        tls=bool(args.tls_cert), tls_cert=args.tls_cert, tls_key=args.tls_key, http_listen="80",
        csp=CSP, hash_cookie=HASH_COOKIE, until_cookie=UNTIL_COOKIE, link_secret=secret,
        token=TOKEN_PATTERN, view_log=view_log,
    )


def store_settings(storage: Path | None) -> dict:
    """Where the published pages are and the headers that decrypt them (SSE-C)."""
    settings = load_storage(storage_file(storage))
    if settings.publish is None or not settings.endpoint:
        raise UserError("В настройках хранилища нет адреса хранилища (endpoint) или места "
                        "публикации (publish): ejsync storage set --endpoint … --publish ….")
    endpoint = urlsplit(settings.endpoint)
    port = endpoint.port or (443 if endpoint.scheme == "https" else 80)
    return {"endpoint": settings.endpoint, "scheme": endpoint.scheme,
            "host": endpoint.netloc, "server": f"{endpoint.hostname}:{port}",
            "bucket": settings.publish.bucket, "prefix": settings.publish.prefix,
            "headers": Sse(settings.publish_key).headers()}


def write_config(args: argparse.Namespace) -> Path:
    """Write the site config (or, with --standalone, a runnable nginx prefix); returns it."""
    output = Path(args.output).resolve()
    if not args.standalone:
        write_durably(output, render_site(args, args.view_log or DEFAULT_VIEW_LOG).encode(),
                      mode=PRIVATE)
        return output
    for folder in ("tmp/body", "tmp/proxy", "tmp/fastcgi", "tmp/uwsgi", "tmp/scgi"):
        (output / folder).mkdir(parents=True, exist_ok=True)
    site = output / SITE_FILE
    write_durably(site, render_site(args, args.view_log or output / VIEW_LOG_NAME).encode(),
                  mode=PRIVATE)
    main = output / "nginx.conf"
    main.write_text(
        _environment().get_template("nginx-standalone.conf.j2").render(
            prefix=str(output), site=str(site), workers=args.workers,
            run_as=args.run_as if os.geteuid() == 0 else None,
        ),
        encoding="utf-8",
    )
    return main
