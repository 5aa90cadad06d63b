"""`ejsync doctor`: is this installation sound? One check per concern, each with a fix."""

from __future__ import annotations

import os
import sqlite3
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from ejsync.access.keys import key_file_path, key_file_problems
from ejsync.errors import UserError
from ejsync.printing.signing import default_key_path, load_signer
from ejsync.store import connect, current_versions
from ejsync.store.migrate import available_migrations


@dataclass(frozen=True)
class Check:
    """One finding: what was checked, whether it is fine, and what to do if not (Russian)."""

    title: str
    ok: bool
    detail: str
    required: bool = True


def check_database(db: Path) -> Check:
    """The database opens, passes a quick integrity check and has every migration."""
    title = "База данных"
    if not db.exists():
        return Check(title, False, f"{db} не найдена: выполните «ejsync migrate --db {db}» "
                                   "или «ejsync demo».")
    try:
        conn = connect(db)
        integrity = conn.execute("PRAGMA quick_check").fetchone()[0]
        missing = sorted({m.version for m in available_migrations()} - current_versions(conn))
        conn.close()
    except (sqlite3.Error, UserError) as exc:
        return Check(title, False, f"{db} не открывается: {exc}")
    if integrity != "ok":
        return Check(title, False, f"проверка целостности: {integrity}. Восстановите базу из "
                                   "резервной копии (ejsync restore).")
    if missing:
        return Check(title, False, f"не применены миграции {missing}: выполните "
                                   f"«ejsync migrate --db {db}».")
    return Check(title, True, f"{db}: целостность в порядке, все миграции применены")


def check_access_key() -> Check:
    """The families' code key exists and only its owner can read it."""
    path = key_file_path(None)
    problems = key_file_problems(path) if path.exists() else [
        f"{path} ещё нет: он создаётся при выдаче первого кода (ejsync access issue)."]
    return Check("Ключ кодов доступа семей", not problems, problems[0] if problems else str(path),
                 required=path.exists())


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


def run_checks(db: Path, folders: dict[str, Path], servers: dict[str, str]) -> list[Check]:
    """Every check of the installation, in the order a person would fix them."""
    checks = [check_database(db), check_access_key(), check_signing_key()]
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
