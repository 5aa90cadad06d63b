"""`ejsync doctor`: is this installation sound? One check per concern, each with a fix."""

from __future__ import annotations

import os
import sqlite3
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from botocore.exceptions import BotoCoreError, ClientError

from ejsync.errors import UserError
from ejsync.keyfile import key_file_path, key_file_problems
from ejsync.objectstore.client import storage_error
from ejsync.objectstore.settings import load_storage, storage_file, storage_problems
from ejsync.printing.signing import default_key_path, load_signer
from ejsync.replica.lag import WARN_SECONDS, is_stale, read_status, replica_lag
from ejsync.replica.run import newest_upload
from ejsync.store import connect
from ejsync.store.health import diagnose
from ejsync.store.inspection import Inspection, inspect
from ejsync.store.schema import repair, schema_of

FAIL_SECONDS = 15 * 60  # a replica this far behind no longer protects the school


@dataclass(frozen=True)
class Check:
    """One finding: what was checked, whether it is fine, and what to do if not (Russian)."""

    title: str
    ok: bool
    detail: str
    required: bool = True


def check_database(db: Path) -> list[Check]:
    """The database file is sound SQLite and ejsync's; then its migrations (see below)."""
    problem = diagnose(db, require_current=False)
    if problem:
        return [Check("База данных", False, problem)]
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        migrations = check_migrations(db, conn, inspect(conn))
    except (sqlite3.Error, UserError) as exc:
        migrations = Check("Миграции", False, f"{db}: миграции не проверить ({exc}).")
    finally:
        conn.close()
    return [Check("База данных", True, f"{db}: целостность в порядке"), migrations]


def check_migrations(db: Path, conn: sqlite3.Connection, found: Inspection) -> Check:
    """Every migration applied, each as its file says, and the schema as they make it."""
    title = "Миграции"
    if found.refusals():
        return Check(title, False, " ".join(found.refusals()))
    if found.missing:
        return Check(title, False, f"не применены миграции {[m.version for m in found.missing]}:"
                                   f" выполните «ejsync migrate --db {db}».")
    if found.earlier:
        return Check(title, False, f"база применяла {found.describe_earlier()}: «ejsync migrate "
                                   f"--db {db}» пересоздаст их триггеры, представления и индексы "
                                   "как в текущих файлах; данные не меняются.")
    plan = repair(schema_of(conn), found.reference(), found.drift(conn).keys())
    kept = f"; сохранено с данными: {', '.join(plan.kept)}" if plan.kept else ""
    if plan.impossible or plan.remade:
        return Check(title, False, "схема базы изменена в обход миграций ("
                                   f"{', '.join(plan.remade + plan.impossible)}){kept}. "
                                   f"«ejsync migrate --repair --db {db}» вернёт триггеры, "
                                   "представления и индексы, как их делают файлы миграций; "
                                   "изменённые таблицы — только восстановлением из резервной "
                                   "копии (ejsync restore).")
    recorded = ("контрольные суммы запишет «ejsync migrate»" if found.identified
                else "каждая совпадает со своим файлом")
    return Check(title, True, f"применены все {len(found.applied)}, {recorded}{kept}")


def check_access_key(path: Path | None = None) -> Check:
    """The families' code key (not made yet is fine until the first code is issued)."""
    path = key_file_path(path)
    problems = key_file_problems(path) if path.exists() else None
    if problems is None:
        return Check("Ключ кодов доступа семей", False, f"{path} ещё нет: он создаётся при "
                     "выдаче первого кода (ejsync access issue).", required=False)
    return Check("Ключ кодов доступа семей", not problems, problems[0] if problems else str(path))


def check_signing_key() -> Check:
    """The archive signing key exists and only its owner can read it."""
    try:
        load_signer()
    except UserError as exc:
        return Check("Ключ подписи архива", False, str(exc))
    return Check("Ключ подписи архива", True, str(default_key_path()))


def check_writable(title: str, folder: Path) -> Check:
    """`folder` exists (or can be made) and a file can be written in it."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".doctor-"):
            pass
    except OSError as exc:
        return Check(title, False, f"в {folder} нельзя писать ({exc.strerror}): проверьте права.")
    return Check(title, True, f"{folder} доступен для записи")


def check_server(title: str, url: str) -> Check:
    """The server at `url` answers HTTP (not required: it may simply not be started)."""
    try:
        urllib.request.urlopen(url, timeout=3)
    except urllib.error.HTTPError:
        pass
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        return Check(title, False, f"{url} не отвечает ({reason}): запустите его или "
                                   "«ejsync up».", required=False)
    return Check(title, True, f"{url} отвечает")


def check_replica(db: Path, storage: Path) -> Check:
    """The replica's lag behind the database (live from the storage, else the last status)."""
    title = "Копия базы в хранилище"
    if not storage.is_file() or not db.is_file():
        return Check(title, False, "не настроена: чтобы школа пережила потерю машины, задайте "
                                   "хранилище (ejsync storage set) и запустите ejsync replicate.",
                     required=False)
    try:
        settings = load_storage(storage)
    except UserError as exc:
        return Check(title, False, str(exc))
    if settings.replica is None:
        return Check(title, False, f"в {storage} не указан адрес копии (replica).",
                     required=False)
    status = read_status(db)
    problem = "".join(f"{text} " for text in storage_problems(storage))
    try:
        replica_at = newest_upload(settings)
        if status and status.error:
            problem += f"последняя ошибка репликации: {status.error}. "
    except (BotoCoreError, ClientError) as exc:
        problem += str(storage_error(exc, settings.endpoint, "Хранилище")) + " "
        replica_at = status.replica_at if status else None
    if status is None or is_stale(status):
        problem += "ejsync replicate не запущен (или не отвечает). "
    conn = connect(db, readonly=True)
    try:
        lag = replica_lag(conn, replica_at)
    finally:
        conn.close()
    late = lag.seconds is None or lag.seconds > WARN_SECONDS
    return Check(title, not late and not problem, f"{settings.replica}: {problem}{lag.describe()}",
                 required=lag.seconds is None or lag.seconds > FAIL_SECONDS)


def run_checks(db: Path, folders: dict[str, Path], servers: dict[str, str],
               storage: Path | None = None) -> list[Check]:
    """Every check of the installation, in the order a person would fix them."""
    checks = [*check_database(db), check_access_key(), check_signing_key(),
              check_replica(db, storage_file(storage))]
    checks += [check_writable(title, folder) for title, folder in folders.items()]
    checks += [check_server(title, url) for title, url in servers.items()]
    if os.geteuid() == 0:
        checks.append(Check("Пользователь", False, "ejsync запущен от root: для работы школы "
                            "заведите отдельного пользователя (см. deploy/systemd).",
                            required=False))
    return checks


def verdict(checks: list[Check]) -> tuple[str, int]:
    """The closing line and exit code: 0 only when every check passed, 1 when a required one
    failed, 2 when only warnings (servers that do not answer, running as root) remain."""
    failed = [c for c in checks if c.required and not c.ok]
    warned = [c for c in checks if not c.required and not c.ok]
    if failed:
        return f"Нужно исправить: {len(failed)}" + (
            f"; предупреждений: {len(warned)}." if warned else "."), 1
    if warned:
        names = ", ".join(f"«{c.title}»" for c in warned)
        return (f"Обязательные проверки пройдены, но есть предупреждения ({len(warned)}): "
                f"{names} — см. строки с «!» выше.", 2)
    return "Всё в порядке.", 0
