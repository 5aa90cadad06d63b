"""Point-in-time restore of a school from its replica, checked before it takes the old's place.

The replica's marker must be this school's; the time must not be before the school existed.
Litestream writes the database into a temporary file beside the target; it must pass
`PRAGMA integrity_check`, be this school's database, have a whole change log (no reader's
cursor beyond its end, nothing after the chosen time) and a consistent archive register.
Only then it is renamed into place; a database already there is kept under another name.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from ejsync.errors import UserError
from ejsync.objectstore.client import list_keys, storage_client
from ejsync.objectstore.settings import StorageSettings
from ejsync.replica.litestream import (
    DB_FOLDER,
    child_environment,
    litestream_binary,
    write_config,
)
from ejsync.replica.marker import SchoolMarker, read_marker
from ejsync.store import connect, migrate
from ejsync.store.clock import parse_stamp, stamp

CLOCK_SLACK = timedelta(seconds=1)  # a change is stamped a moment before its commit is captured


@dataclass(frozen=True)
class Restored:
    """What was restored, from where, to when, and where the previous file went."""

    target: Path
    marker: SchoolMarker
    at: datetime | None
    changes: int
    editions: int
    previous: Path | None


def earliest_point(settings: StorageSettings) -> datetime | None:
    """The oldest upload still in the replica (a restore cannot go before it)."""
    folder = settings.replica.key(DB_FOLDER) + "/"
    objects = list_keys(storage_client(settings), settings.replica.bucket, folder)
    return min((o["LastModified"] for o in objects), default=None)


def restore_from_replica(settings: StorageSettings, target: Path, *, at: datetime | None,
                         force: bool, say: Callable[[str], None]) -> Restored:
    """Bring the school back into `target` (as of `at`, else the latest state)."""
    if settings.replica is None:
        raise UserError("В настройках хранилища не указана копия (replica = s3://…).")
    if target.exists() and not force:
        raise UserError(f"База {target} уже существует, восстановление её не заменит. Чтобы "
                        "заменить её копией из хранилища, повторите с --force (прежний файл "
                        "сохранится рядом). Ничего не изменено.")
    marker = read_marker(settings)
    say(f"копия школы «{marker.short_name}» ({marker.school_uid}) в {settings.replica}")
    if at is not None and at < parse_stamp(marker.created_at):
        raise UserError(f"На {_local(at, marker)} школы «{marker.short_name}» ещё не было: её "
                        f"база создана {_local(parse_stamp(marker.created_at), marker)}. "
                        "Укажите время позже. Ничего не изменено.")
    temporary = target.parent / f".{target.name}.restoring"
    _remove_database(temporary)
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        _run_litestream(settings, target, temporary, at, marker)
        conn = connect(temporary)
        try:
            changes, editions = check_restored(conn, marker, at)
            applied = migrate(conn)
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            conn.close()
        say(f"проверки пройдены: integrity_check ok, изменений в журнале {changes}, изданий в "
            f"реестре {editions}" + (f", миграций применено {len(applied)}" if applied else ""))
        previous = _set_aside(target) if target.exists() else None
        os.replace(temporary, target)
        os.chmod(target, 0o600)
    finally:
        _remove_database(temporary)
    return Restored(target, marker, at, changes, editions, previous)


def _local(moment: datetime, marker: SchoolMarker) -> str:
    from zoneinfo import ZoneInfo

    return moment.astimezone(ZoneInfo(marker.timezone)).strftime("%d.%m.%Y %H:%M:%S")


def _run_litestream(settings: StorageSettings, target: Path, temporary: Path,
                    at: datetime | None, marker: SchoolMarker) -> None:
    config = write_config(target, settings,
                          target.parent / f".{target.name}-litestream-restore.yml")
    argv = [str(litestream_binary()), "restore", "-config", str(config), "-o", str(temporary)]
    if at is not None:
        argv += ["-timestamp", at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")]
    argv.append(str(target.resolve()))
    try:
        result = subprocess.run(argv, env=child_environment(settings), capture_output=True,
                                text=True, errors="replace", timeout=3600)
    finally:
        config.unlink(missing_ok=True)
    if result.returncode == 0 and temporary.is_file():
        return
    earliest = earliest_point(settings)
    detail = (result.stderr or result.stdout).strip().splitlines()[-1:] or [""]
    if at is not None and earliest is not None and at < earliest:
        raise UserError(f"В копии нет состояния на {_local(at, marker)}: самое раннее — "
                        f"{_local(earliest, marker)}. Ничего не изменено.")
    raise UserError(f"Litestream не восстановил базу ({detail[0]}). Ничего не изменено.")


def check_restored(conn: sqlite3.Connection, marker: SchoolMarker,
                   at: datetime | None) -> tuple[int, int]:
    """Integrity, identity, change log and archive register; (changes, editions) when sound."""
    integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
    if integrity != "ok":
        raise UserError(f"Восстановленная база не прошла проверку целостности ({integrity}). "
                        "Ничего не изменено.")
    uid = conn.execute("SELECT value FROM settings WHERE key = 'school_uid'").fetchone()
    if uid is None or uid[0] != marker.school_uid:
        raise UserError("В копии база другой школы, чем указано в её описании. Ничего не "
                        "изменено.")
    last_id, count, last_at = conn.execute(
        "SELECT MAX(id), COUNT(*), MAX(at) FROM changes").fetchone()
    behind = conn.execute("SELECT name, change_id FROM cursors WHERE change_id > ?",
                          (last_id or 0,)).fetchall()
    if behind:
        raise UserError(f"Журнал изменений восстановленной базы обрывается на № {last_id}, а "
                        f"«{behind[0][0]}» прочитал его до № {behind[0][1]}: копия неполная. "
                        "Ничего не изменено.")
    if at is not None and last_at and last_at[:19] + "Z" > stamp(at, plus=CLOCK_SLACK):
        raise UserError(f"В восстановленной базе есть изменение от {last_at}, позже "
                        "заданного времени: копия не соответствует моменту. Ничего не изменено.")
    editions = _check_register(conn)
    return count, editions


def _check_register(conn: sqlite3.Connection) -> int:
    """Every edition has its manifest digest and place; every archive copy has its edition."""
    broken = conn.execute(
        "SELECT id FROM print_editions WHERE manifest_sha256 = ''"
        " UNION ALL SELECT edition_id FROM archive_copies"
        " WHERE edition_id NOT IN (SELECT id FROM print_editions)").fetchall()
    if broken:
        raise UserError(f"Реестр архива в копии неполон (издание № {broken[0][0]}): сверьте "
                        "его с архивом (ejsync archive verify). Ничего не изменено.")
    return len(conn.execute("SELECT edition_id FROM archive_register").fetchall())


def _set_aside(target: Path) -> Path:
    """Move the existing database (and its WAL) to `<name>.before-restore-<time>`."""
    aside = target.with_name(f"{target.name}.before-restore-{stamp().replace(':', '')}")
    conn = connect(target)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    os.replace(target, aside)
    _remove_database(target)
    return aside


def _remove_database(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
