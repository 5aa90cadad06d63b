"""The school's object storage settings: one private TOML file, kept with the other keys.

It names the storage (endpoint, region, credentials), where the replica and the published
pages go, and the two keys objects are encrypted with on the server (SSE-C): the replica key
never leaves the school; the publish key is also given to the nginx edges that serve pages.
Everything in it is needed on a fresh machine to restore the school, so the director keeps
a copy (P-BACKUP), as of `var/secrets/access.key`.
"""

from __future__ import annotations

import base64
import json
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from ejsync.config import SECRETS_DIR
from ejsync.errors import UserError
from ejsync.files import write_durably
from ejsync.objectstore.location import Location, parse_location

STORAGE_FILE_ENV = "EJSYNC_STORAGE_FILE"
DEFAULT_STORAGE_FILE = SECRETS_DIR / "storage.toml"
KEY_BYTES = 32
PRIVATE = 0o600


@dataclass(frozen=True)
class StorageSettings:
    """Where a school's objects go and the secrets to put them there."""

    school_uid: str
    endpoint: str  # '' means the provider's default (AWS)
    region: str
    access_key_id: str
    secret_access_key: str
    replica: Location | None
    publish: Location | None
    replica_key: bytes
    publish_key: bytes

    @property
    def plain_http(self) -> bool:
        """Whether the endpoint is unencrypted http (loopback or a private network only)."""
        return self.endpoint.startswith("http://")


def storage_file(explicit: Path | None = None) -> Path:
    """`--storage FILE`, else $EJSYNC_STORAGE_FILE, else var/secrets/storage.toml."""
    if explicit is not None:
        return Path(explicit)
    return Path(os.environ.get(STORAGE_FILE_ENV) or DEFAULT_STORAGE_FILE)


def new_key() -> bytes:
    """A fresh random 256-bit SSE-C key."""
    return os.urandom(KEY_BYTES)


def _key(data: dict, name: str, path: Path) -> bytes:
    try:
        key = base64.b64decode(data.get(name, ""), validate=True)
    except ValueError:
        key = b""
    if len(key) != KEY_BYTES:
        raise UserError(f"В файле {path} ключ {name} повреждён (нужно 32 байта в base64). "
                        "Возьмите файл из копии у директора.")
    return key


def load_storage(path: Path) -> StorageSettings:
    """Read the file; a Russian error says what is missing and how to set it."""
    if not path.is_file():
        raise UserError(
            f"Файла настроек хранилища {path} нет. Создайте его командой «ejsync storage set "
            "--endpoint URL --replica s3://КОРЗИНА/ПАПКА …» или возьмите копию у директора."
        )
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise UserError(f"Файл настроек хранилища {path} повреждён: {exc}.") from exc
    missing = [name for name in ("school_uid", "access_key_id", "secret_access_key")
               if not data.get(name)]
    if missing:
        raise UserError(f"В файле {path} не заполнено: {', '.join(missing)}.")
    return StorageSettings(
        school_uid=data["school_uid"], endpoint=data.get("endpoint", "").rstrip("/"),
        region=data.get("region") or "us-east-1",
        access_key_id=data["access_key_id"], secret_access_key=data["secret_access_key"],
        replica=parse_location(data["replica"], "replica") if data.get("replica") else None,
        publish=parse_location(data["publish"], "publish") if data.get("publish") else None,
        replica_key=_key(data, "replica_key", path), publish_key=_key(data, "publish_key", path),
    )


def save_storage(path: Path, settings: StorageSettings) -> None:
    """Write the file with mode 0600 (a TOML of plain strings)."""
    values = {
        "school_uid": settings.school_uid, "endpoint": settings.endpoint,
        "region": settings.region, "access_key_id": settings.access_key_id,
        "secret_access_key": settings.secret_access_key,
        "replica": str(settings.replica) if settings.replica else "",
        "publish": str(settings.publish) if settings.publish else "",
        "replica_key": base64.b64encode(settings.replica_key).decode(),
        "publish_key": base64.b64encode(settings.publish_key).decode(),
    }
    lines = ["# ejsync: the school's object storage (ejsync storage set). Secret: keep it with",
             "# the director's keys; without it the replica cannot be restored.",
             *(f"{name} = {json.dumps(value, ensure_ascii=False)}"
               for name, value in values.items())]
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    write_durably(path, ("\n".join(lines) + "\n").encode(), mode=PRIVATE)


def storage_problems(path: Path) -> list[str]:
    """What is wrong with the file's permissions (Russian), for `doctor`."""
    mode = path.stat().st_mode & 0o777
    if mode & 0o077:
        return [f"Файл {path} с ключами хранилища доступен не только владельцу (права {mode:o}):"
                f" выполните chmod 600 {path}."]
    return []
