"""Publish a build: upload it as a new release, switch readers to it, retire old ones."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from botocore.exceptions import BotoCoreError, ClientError

from ejsync.errors import UserError
from ejsync.objectstore.client import Sse, ensure_bucket, storage_client, storage_error
from ejsync.objectstore.location import Location
from ejsync.objectstore.settings import StorageSettings
from ejsync.publishing.releases import expired, mark_deleted, releases, switch_to
from ejsync.publishing.upload import delete_release, publishable, upload_release

KEEP = 3
GRACE = timedelta(minutes=10)  # longer than any reader takes to fetch a page and its parts


@dataclass(frozen=True)
class Published:
    """The new release, what it holds and which old releases were removed."""

    target: Location
    release: str
    files: int
    bytes: int
    deleted: list[str]


def new_release_name(conn: sqlite3.Connection, target: Location, now: datetime) -> str:
    """'20261202T101500Z', with a suffix if that second is taken already."""
    base = now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    taken = {r.release for r in releases(conn, str(target))}
    name, n = base, 1
    while name in taken:
        n += 1
        name = f"{base}-{n}"
    return name


def publish(conn: sqlite3.Connection, settings: StorageSettings, build: Path, *,
            target: Location | None = None, keep: int = KEEP, grace: timedelta = GRACE,
            progress: Callable[[int, int], None] = lambda done, total: None) -> Published:
    """Upload `build`'s site and diaries, switch to them, delete what no reader can need.

    A release is deleted once it is not among the newest `keep` and was replaced `grace`
    before this publication began: the release replaced just now always stays until the next
    one, whatever the grace, since a reader may be in the middle of it."""
    target = target or settings.publish
    if target is None:
        raise UserError("Не указано, куда публиковать: --target s3://КОРЗИНА/ПАПКА или "
                        "ejsync storage set --publish s3://КОРЗИНА/ПАПКА.")
    total = sum(1 for _ in publishable(build))
    if total == 0:
        raise UserError(f"В {build} нет ни сайта (site/), ни дневников (diary/): сначала "
                        "соберите их (ejsync site, ejsync build).")
    client = storage_client(settings)
    now = datetime.now(UTC)
    release = new_release_name(conn, target, now)
    done = 0

    def step(count: int) -> None:
        nonlocal done
        done += count
        progress(done, total)

    try:
        ensure_bucket(client, target.bucket)
        uploaded = upload_release(client, target, release, build, Sse(settings.publish_key),
                                  step)
    except (BotoCoreError, ClientError) as exc:
        raise storage_error(exc, settings.endpoint,
                            "Публикация не выполнена (читатели видят прежнюю версию)") from exc
    replaced = {r.release for r in releases(conn, str(target)) if r.retired_at is None}
    switch_to(conn, str(target), release, uploaded.files, uploaded.bytes)
    deleted = []
    for old in expired(conn, str(target), keep=keep, grace=grace, now=now):
        if old.release in replaced:  # retired this moment: a reader may be in the middle of it
            continue
        try:
            delete_release(client, target, old.release)
        except (BotoCoreError, ClientError):
            continue  # tried again next time; an extra old release harms nobody
        mark_deleted(conn, str(target), old.release)
        deleted.append(old.release)
    return Published(target, release, uploaded.files, uploaded.bytes, deleted)
