"""The school marker beside a replica: whose replica it is and since when the school exists.

`<prefix>/school.json`, encrypted with the replica key like the database itself: a restore
reads it first and refuses another school's replica before anything is written.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

from botocore.exceptions import BotoCoreError, ClientError

from ejsync.errors import UserError
from ejsync.objectstore.client import Sse, storage_client, storage_error
from ejsync.objectstore.settings import StorageSettings
from ejsync.store.clock import timezone_name

MARKER = "school.json"


@dataclass(frozen=True)
class SchoolMarker:
    """Who the school is and when its database came into being."""

    school_uid: str
    short_name: str
    created_at: str
    timezone: str


def marker_of(conn: sqlite3.Connection) -> SchoolMarker:
    """The marker of the school in this database."""
    settings = dict(conn.execute(
        "SELECT key, value FROM settings WHERE key IN ('school_uid', 'school_created_at')"))
    name = conn.execute("SELECT short_name FROM school").fetchone()
    return SchoolMarker(settings["school_uid"], name[0] if name else "",
                        settings["school_created_at"], timezone_name(conn))


def write_marker(settings: StorageSettings, marker: SchoolMarker) -> None:
    """Put the marker next to the replica (encrypted with the replica key)."""
    body = json.dumps(marker.__dict__, ensure_ascii=False).encode()
    storage_client(settings).put_object(
        Bucket=settings.replica.bucket, Key=settings.replica.key(MARKER), Body=body,
        ContentType="application/json", **Sse(settings.replica_key).args())


def read_marker(settings: StorageSettings) -> SchoolMarker:
    """The marker of the replica; a Russian refusal when it is missing or not this school's."""
    where = str(settings.replica)
    try:
        answer = storage_client(settings).get_object(
            Bucket=settings.replica.bucket, Key=settings.replica.key(MARKER),
            **Sse(settings.replica_key).args())
        marker = SchoolMarker(**json.loads(answer["Body"].read()))
    except ClientError as exc:
        code = exc.response.get("Error", {}).get("Code", "")
        if code in ("NoSuchKey", "404"):
            raise UserError(f"В {where} нет копии школы (нет {MARKER}): проверьте адрес копии "
                            "(replica) в настройках хранилища. Ничего не изменено.") from exc
        if code in ("InvalidRequest", "InvalidArgument", "AccessDenied", "403", "400"):
            raise UserError(f"Копия {where} не расшифровывается ключом этой школы: это копия "
                            "другой школы или ключ не тот. Восстановление отклонено, ничего не "
                            "изменено.") from exc
        raise storage_error(exc, settings.endpoint, "Чтение копии") from exc
    except BotoCoreError as exc:
        raise storage_error(exc, settings.endpoint, "Чтение копии") from exc
    if marker.school_uid != settings.school_uid:
        raise UserError(f"Копия {where} принадлежит другой школе («{marker.short_name}», "
                        f"{marker.school_uid}), а настройки хранилища — школе "
                        f"{settings.school_uid}. Восстановление отклонено, ничего не изменено.")
    return marker
