"""Encrypted backups of the school database and their verified restore (P-BACKUP)."""

from __future__ import annotations

import base64
import itertools
import json
import os
import sqlite3
import zlib
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from ejsync.errors import UserError
from ejsync.files import write_durably, write_new
from ejsync.printing.manifest import sha256_file
from ejsync.store import connect
from ejsync.store.clock import stamp

MAGIC = b"EJSYNC-BACKUP 1\n"
SUFFIX = ".ejbak"
SCRYPT = {"n": 2**17, "r": 8, "p": 1}
MIN_PASSPHRASE = 10
PRIVATE = 0o600  # backups and a restored database: the owner only


@dataclass(frozen=True)
class BackupFile:
    """A written backup: where, its SHA-256, how many tables and bytes it holds."""

    path: Path
    sha256: str
    tables: int
    plain_bytes: int


def _key(passphrase: str, salt: bytes, params: dict) -> bytes:
    kdf = Scrypt(salt=salt, length=32, n=params["n"], r=params["r"], p=params["p"])
    return kdf.derive(passphrase.encode("utf-8"))


def snapshot_bytes(db: Path) -> tuple[bytes, int]:
    """A consistent copy of the live database (backup API, one step) and its table count."""
    source = connect(db)
    memory = sqlite3.connect(":memory:")
    try:
        source.backup(memory)
        _integrity(memory, f"база {db}")
        tables = memory.execute("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'")
        return _without_wal_flag(memory.serialize()), tables.fetchone()[0]
    finally:
        memory.close()
        source.close()


def _without_wal_flag(image: bytes) -> bytes:
    """The file-format bytes 18–19 set to rollback mode, so the image opens from memory too."""
    if image[18:20] != b"\x02\x02":
        return image
    return image[:18] + b"\x01\x01" + image[20:]


def _integrity(conn: sqlite3.Connection, what: str) -> None:
    result = conn.execute("PRAGMA integrity_check").fetchone()[0]
    if result != "ok":
        raise UserError(f"P-BACKUP: {what} не прошла проверку целостности ({result}).")


def create_backup(db: Path, to_dir: Path, passphrase: str, *, by_name: str, note: str = "",
                  log: bool = True) -> BackupFile:
    """Snapshot, compress, encrypt (scrypt + AES-256-GCM) into `to_dir`; log it in the DB."""
    if len(passphrase) < MIN_PASSPHRASE:
        raise UserError(
            f"P-BACKUP: код доступа к резервной копии короче {MIN_PASSPHRASE} символов."
            " Директор задаёт длинный код; копия не создана."
        )
    if not db.is_file():
        raise UserError(f"P-BACKUP: базы данных {db} нет. Укажите --db.")
    plain, tables = snapshot_bytes(db)
    salt, nonce = os.urandom(16), os.urandom(12)
    created_at = stamp()
    header = json.dumps({
        "format": 1, "kdf": "scrypt", **SCRYPT, "salt": base64.b64encode(salt).decode(),
        "cipher": "AES-256-GCM", "nonce": base64.b64encode(nonce).decode(),
        "compression": "zlib", "created_at": created_at, "source": db.name,
    }, sort_keys=True).encode() + b"\n"
    sealed = AESGCM(_key(passphrase, salt, SCRYPT)).encrypt(
        nonce, zlib.compress(plain, 6), MAGIC + header)
    to_dir.mkdir(parents=True, exist_ok=True)
    stem = f"{db.stem}-{created_at.replace(':', '').replace('-', '')}"
    names = (f"{stem}{'' if n == 1 else f'-{n}'}{SUFFIX}" for n in itertools.count(1))
    path = write_new(to_dir, names, MAGIC + header + sealed, mode=PRIVATE)
    backup = BackupFile(path, sha256_file(path), tables, len(plain))
    if log:
        log_use(db, "backup", path, backup.sha256, by_name,
                note or f"таблиц {tables}, {len(plain)} байт")
    return backup


def open_backup(path: Path, passphrase: str) -> sqlite3.Connection:
    """Decrypt and check a backup into memory; refuses a wrong code or a damaged file."""
    if not path.is_file():
        raise UserError(f"P-BACKUP: файла резервной копии {path} нет.")
    content = path.read_bytes()
    if not content.startswith(MAGIC):
        raise UserError(f"P-BACKUP: {path} не резервная копия ejsync. Ничего не изменено.")
    header_end = content.index(b"\n", len(MAGIC)) + 1
    header_bytes = content[len(MAGIC):header_end]
    header = json.loads(header_bytes)
    key = _key(passphrase, base64.b64decode(header["salt"]), header)
    try:
        packed = AESGCM(key).decrypt(base64.b64decode(header["nonce"]), content[header_end:],
                                     MAGIC + header_bytes)
    except InvalidTag as exc:
        raise UserError(
            f"P-BACKUP: резервную копию {path.name} не удалось расшифровать: неверный код"
            " доступа или файл повреждён (подменён). Ничего не изменено; проверьте код у"
            " директора или возьмите копию с другого носителя."
        ) from exc
    memory = sqlite3.connect(":memory:")
    memory.deserialize(zlib.decompress(packed))
    _integrity(memory, f"резервная копия {path.name}")
    if not memory.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
    ).fetchone():
        raise UserError(f"P-BACKUP: в {path.name} нет базы ejsync. Ничего не изменено.")
    return memory


def restore_backup(
    path: Path, target: Path, passphrase: str, *, force: bool, by_name: str
) -> BackupFile | None:
    """Restore into `target`: checked first; an existing database only with `force`, online,
    after saving it as one more backup beside `path` (returned)."""
    if target.exists() and not force:
        raise UserError(
            f"P-BACKUP: база {target} уже существует, восстановление её не заменит. Чтобы"
            " заменить рабочую базу резервной копией, повторите с --force (текущая база"
            " будет сначала сохранена в резервную копию). Ничего не изменено."
        )
    memory = open_backup(path, passphrase)
    saved = None
    try:
        if target.exists():
            saved = create_backup(target, path.parent, passphrase, by_name=by_name,
                                  note=f"текущая база перед восстановлением из {path.name}")
            live = connect(target)
            try:
                memory.backup(live)
                _integrity(live, f"восстановленная база {target}")
            finally:
                live.close()
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            write_durably(target, memory.serialize(), mode=PRIVATE)
    finally:
        memory.close()
    return saved


def log_use(db: Path, action: str, path: Path, sha256: str, by_name: str, note: str) -> None:
    """Append to the backup-use log the secretary keeps (P-BACKUP)."""
    conn = connect(db)
    try:
        conn.execute(
            "INSERT INTO backup_log (action, path, sha256, by_name, note) VALUES (?, ?, ?, ?, ?)",
            (action, str(path.resolve()), sha256, by_name, note),
        )
    finally:
        conn.close()

