"""`ejsync storage set|show`: the school's object storage for its replica and its pages."""

from __future__ import annotations

import argparse
import os
from dataclasses import replace
from pathlib import Path

from ejsync.commands._common import add_db_argument, output_console
from ejsync.commands._database import open_current
from ejsync.errors import UserError
from ejsync.objectstore.location import parse_location
from ejsync.objectstore.settings import (
    STORAGE_FILE_ENV,
    StorageSettings,
    load_storage,
    new_key,
    save_storage,
    storage_file,
)

SECRET_ENV = "EJSYNC_STORAGE_SECRET_ACCESS_KEY"


def add_storage_argument(parser: argparse.ArgumentParser) -> None:
    """`--storage FILE`, shared by replicate, publish and restore."""
    parser.add_argument("--storage", type=Path, default=None, metavar="FILE",
                        help=f"настройки хранилища (по умолчанию ${STORAGE_FILE_ENV} или "
                             "var/secrets/storage.toml)")


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `storage` sub-command."""
    parser = subparsers.add_parser(
        "storage", help="хранилище S3 школы: куда идут копия базы и опубликованные страницы")
    actions = parser.add_subparsers(dest="storage_action", metavar="ДЕЙСТВИЕ", required=True)
    setter = actions.add_parser("set", help="задать или изменить настройки хранилища")
    add_db_argument(setter)
    add_storage_argument(setter)
    setter.add_argument("--endpoint", help="адрес хранилища, например http://127.0.0.1:8333 "
                                           "(пусто — Amazon S3)")
    setter.add_argument("--region", help="регион (по умолчанию us-east-1)")
    setter.add_argument("--access-key-id", help="идентификатор ключа доступа")
    setter.add_argument("--secret-access-key-file", type=Path, metavar="FILE",
                        help=f"файл с секретным ключом (или переменная ${SECRET_ENV})")
    setter.add_argument("--replica", help="куда копировать базу: s3://КОРЗИНА/ПАПКА")
    setter.add_argument("--publish", help="куда публиковать страницы: s3://КОРЗИНА/ПАПКА")
    setter.set_defaults(func=run_set)
    show = actions.add_parser("show", help="показать настройки (без секретов)")
    add_storage_argument(show)
    show.set_defaults(func=run_show)


def _secret(args: argparse.Namespace) -> str | None:
    if args.secret_access_key_file:
        if not args.secret_access_key_file.is_file():
            raise UserError(f"Файла с секретным ключом {args.secret_access_key_file} нет.")
        return args.secret_access_key_file.read_text(encoding="utf-8").strip()
    return os.environ.get(SECRET_ENV)


def run_set(args: argparse.Namespace) -> int:
    """Create or update the storage file; the SSE-C keys are made once and kept."""
    path = storage_file(args.storage)
    conn = open_current(args.db, readonly=True)
    try:
        school_uid = conn.execute(
            "SELECT value FROM settings WHERE key = 'school_uid'").fetchone()[0]
    finally:
        conn.close()
    if path.exists():
        current = load_storage(path)
        if current.school_uid != school_uid:
            raise UserError(f"Файл {path} принадлежит другой школе ({current.school_uid}); "
                            "укажите другой файл параметром --storage. Ничего не изменено.")
    else:
        current = StorageSettings(school_uid, "", "us-east-1", "", "", None, None,
                                  new_key(), new_key())
    changes: dict[str, object] = {}
    if args.endpoint is not None:
        changes["endpoint"] = args.endpoint.rstrip("/")
    if args.region:
        changes["region"] = args.region
    if args.access_key_id:
        changes["access_key_id"] = args.access_key_id
    if (secret := _secret(args)) is not None:
        changes["secret_access_key"] = secret
    if args.replica is not None:
        changes["replica"] = parse_location(args.replica, "--replica") if args.replica else None
    if args.publish is not None:
        changes["publish"] = parse_location(args.publish, "--publish") if args.publish else None
    settings = replace(current, **changes)
    if not settings.access_key_id or not settings.secret_access_key:
        raise UserError("Укажите ключи доступа: --access-key-id и --secret-access-key-file "
                        f"(или ${SECRET_ENV}). Ничего не изменено.")
    save_storage(path, settings)
    output_console().print(f"Настройки хранилища записаны в {path} (права 600). Сохраните копию "
                           "файла у директора: без него копию базы не восстановить.")
    return 0


def run_show(args: argparse.Namespace) -> int:
    """Print the settings without the secrets."""
    path = storage_file(args.storage)
    settings = load_storage(path)
    console = output_console()
    for title, value in (("файл", path), ("школа", settings.school_uid),
                         ("хранилище", settings.endpoint or "Amazon S3"),
                         ("регион", settings.region), ("ключ доступа", settings.access_key_id),
                         ("копия базы", settings.replica or "не задана"),
                         ("публикация", settings.publish or "не задана"),
                         ("шифрование", "SSE-C: ключи школы, в хранилище не сохраняются")):
        console.print(f"{title}: {value}")
    return 0
