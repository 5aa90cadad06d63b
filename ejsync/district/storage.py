"""The district's object storage: its own SeaweedFS, or any S3 the schools are set up for.

With the embedded store the district makes one access key pair per school, limited to that
school's buckets, and writes each school's storage settings (its SSE-C keys are made once
and kept). The pairs live in `<district>/var/district-secrets.toml` (mode 0600).
"""

from __future__ import annotations

import json
import secrets
import tomllib
from dataclasses import replace
from pathlib import Path

from ejsync.district.config import District, SchoolEntry
from ejsync.errors import UserError
from ejsync.files import write_durably
from ejsync.objectstore.seaweed import Identity, SeaweedServer
from ejsync.objectstore.settings import (
    DEFAULT_STORAGE_FILE,
    StorageSettings,
    load_storage,
    new_key,
    save_storage,
)
from ejsync.store import connect


def school_storage_file(entry: SchoolEntry) -> Path:
    """The school's storage settings, in its own folder."""
    return entry.folder / DEFAULT_STORAGE_FILE


def _secrets_path(district: District) -> Path:
    return district.folder / "var" / "district-secrets.toml"


def identities(district: District) -> tuple[Identity, dict[str, Identity]]:
    """The admin pair and each school's pair (made on first use, then kept)."""
    path = _secrets_path(district)
    known = tomllib.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    pairs = {name: known.get(name) or {"id": f"EJ{secrets.token_hex(8).upper()}",
                                       "secret": secrets.token_urlsafe(30)}
             for name in ["admin", *(s.key for s in district.schools)]}
    if pairs != known:
        lines = ["# ejsync district: storage access keys of the embedded store. Secret."]
        for name, pair in pairs.items():
            lines += [f"[{json.dumps(name)}]", f"id = {json.dumps(pair['id'])}",
                      f"secret = {json.dumps(pair['secret'])}"]
        write_durably(path, ("\n".join(lines) + "\n").encode(), mode=0o600)
    admin = Identity("admin", pairs["admin"]["id"], pairs["admin"]["secret"])
    return admin, {s.key: Identity(s.key, pairs[s.key]["id"], pairs[s.key]["secret"],
                                   s.buckets) for s in district.schools}


def embedded_store(district: District, port: int | None = None) -> SeaweedServer:
    """The district's SeaweedFS (not started yet)."""
    admin, schools = identities(district)
    return SeaweedServer(district.folder / "var" / "seaweedfs", [admin, *schools.values()],
                         public_buckets=[s.publish.bucket for s in district.schools],
                         s3_port=port)


def configure_schools(district: District, store: SeaweedServer) -> None:
    """Make every school's buckets and write its storage settings for this store."""
    _admin, schools = identities(district)
    store.create_buckets([b for s in district.schools for b in s.buckets])
    for entry in district.schools:
        identity = schools[entry.key]
        path = school_storage_file(entry)
        if path.is_file():
            current = load_storage(path)
        else:
            current = StorageSettings(_school_uid(entry), "", "us-east-1", "", "", None, None,
                                      new_key(), new_key())
        save_storage(path, replace(
            current, endpoint=store.endpoint, access_key_id=identity.access_key_id,
            secret_access_key=identity.secret_access_key, replica=entry.replica,
            publish=entry.publish))


def school_settings(entry: SchoolEntry) -> StorageSettings:
    """The school's storage settings (an external store: set up by `ejsync storage set`)."""
    path = school_storage_file(entry)
    if not path.is_file():
        raise UserError(f"У школы «{entry.key}» нет настроек хранилища {path}: выполните в её "
                        "папке «ejsync storage set …» или используйте storage = \"embedded\".")
    return load_storage(path)


def _school_uid(entry: SchoolEntry) -> str:
    if not entry.db.is_file():
        raise UserError(f"База школы «{entry.key}» {entry.db} не найдена: создайте её "
                        "(ejsync migrate или ejsync district demo).")
    conn = connect(entry.db, readonly=True)
    try:
        return conn.execute("SELECT value FROM settings WHERE key = 'school_uid'").fetchone()[0]
    finally:
        conn.close()
