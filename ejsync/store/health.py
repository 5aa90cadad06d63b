"""What is wrong with a school database file, in Russian, with what to do.

One diagnosis for `ejsync doctor`, for opening the database in every command, and for an
SQLite error met in the middle of one: missing, empty, not SQLite, truncated, damaged, not
ejsync's, not migrated, migrations that differ from their files, locked, read-only, full.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from ejsync.store.db import BUSY_TIMEOUT_MS
from ejsync.store.inspection import inspect

SQLITE_HEADER = b"SQLite format 3\x00"
DAMAGE_SHOWN = 3  # errors of the integrity check quoted
LOW_SPACE = 1 << 20  # an I/O error with less free space than this: the disk is full
RESTORE = "Восстановите базу из резервной копии (ejsync restore) или укажите верный файл в --db."


def file_problem(path: Path) -> str | None:
    """What is wrong with the file before SQLite opens it (None: it looks like SQLite)."""
    if not path.exists():
        return (f"База данных {path} не найдена (такого файла нет). Укажите файл базы в --db "
                f"или создайте базу: «ejsync migrate --db {path}» (пустая) или «ejsync demo» "
                "(демонстрационная школа).")
    if path.is_dir():
        return f"{path} — папка, а не файл базы данных. Укажите файл базы в --db."
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
    except OSError as exc:
        return (f"Файл базы данных {path} нельзя прочитать ({exc.strerror}). Проверьте права: "
                "файл должен принадлежать пользователю, от имени которого работает ejsync.")
    if not header:
        return (f"Файл базы данных {path} пуст (0 байт): это не база школы — возможно, она "
                f"обрезана при сбое или копировании. {RESTORE} Чтобы создать новую базу, "
                "удалите пустой файл и выполните «ejsync migrate».")
    if not header.startswith(SQLITE_HEADER):
        return (f"Файл {path} — не база данных SQLite (в начале нет «SQLite format 3»): это "
                f"другой файл или база повреждена целиком. {RESTORE}")
    expected = _size_by_header(header)
    actual = path.stat().st_size
    if expected is not None and actual < expected:
        return (f"Файл базы данных {path} обрезан: по его заголовку в нём {expected} байт, а на "
                f"диске {actual}. {RESTORE}")
    return None


def _size_by_header(header: bytes) -> int | None:
    """The file size the SQLite header states, when the header's count is valid."""
    if len(header) < 100:
        return None
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    counter_valid = header[24:28] == header[92:96]
    return page_size * pages if counter_valid and pages else None


def content_problem(conn: sqlite3.Connection, path: Path, *, require_current: bool,
                    thorough: bool = True) -> str | None:
    """What SQLite finds wrong: damage (`thorough`: on every page, else in the schema), a
    database that is not ejsync's, migrations missing or differing from their files (the last
    only when `require_current`)."""
    try:
        damage = [row[0] for row in conn.execute(f"PRAGMA quick_check({DAMAGE_SHOWN})")
                  ] if thorough else ["ok"]
        if damage != ["ok"]:
            shown = "; ".join(" ".join(line.split()) for line in damage)
            return (f"База данных {path} повреждена: проверка целостности нашла ошибки ({shown}"
                    f"{' …' if len(damage) == DAMAGE_SHOWN else ''}). {RESTORE}")
        tables = [row[0] for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " ORDER BY name")]
        if tables and "schema_migrations" not in tables:
            shown = ", ".join(tables[:5]) + (" …" if len(tables) > 5 else "")
            return (f"{path} — база SQLite, но не база ejsync (нет таблицы schema_migrations; "
                    f"таблицы: {shown}). Укажите в --db файл базы школы; чужую базу ejsync не "
                    "изменяет.")
        if not require_current:
            return None
        found = inspect(conn, identify=False)
    except sqlite3.DatabaseError as exc:
        return unreadable(path, exc)
    if found.refusals():
        return " ".join(found.refusals())
    pending = [m.file_name for m in found.missing] + [
        found.files[v].file_name for v in found.earlier]
    if pending:
        return (f"База {path} не обновлена (миграции {', '.join(pending)}): выполните "
                f"«ejsync migrate --db {path}».")
    return None


def diagnose(path: Path, *, require_current: bool = True) -> str | None:
    """The whole diagnosis of the database at `path` (None: sound)."""
    problem = file_problem(path)
    if problem:
        return problem
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return content_problem(conn, path, require_current=require_current)
    finally:
        conn.close()


def error_problem(exc: sqlite3.Error, path: Path) -> str:
    """A Russian account of an SQLite error met while working with the database at `path`."""
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return (f"База данных {path} занята: другая программа держит запись дольше "
                f"{BUSY_TIMEOUT_MS // 1000} с. Повторите позже; если так всё время — "
                "«ejsync doctor» покажет, кто работает с базой.")
    if "readonly" in text or "read-only" in text:
        return (f"В базу данных {path} нельзя записать: файл или его папка только для чтения "
                "(или нет прав). Проверьте права и место, где лежит база; ничего не записано.")
    if "full" in text or ("disk i/o" in text and _space_left(path.parent) < LOW_SPACE):
        return no_space(path)
    if "unable to open" in text and not os.access(path.parent, os.W_OK):
        return unreadable(path, exc) if path.exists() else (
            f"Базу данных {path} нельзя создать: в каталог {path.parent} нельзя писать (только "
            "для чтения или нет прав). Укажите другой путь в --db или дайте права на запись.")
    found = diagnose(path)
    if found:
        return found
    if "disk i/o" in text:
        return (f"Ошибка ввода-вывода при работе с базой данных {path}: проверьте диск (место, "
                "права, исправность) и повторите.")
    return (f"Ошибка базы данных {path} ({exc}). Выполните «ejsync doctor --db {path}»: он "
            "проверит базу и скажет, что делать.")


def unreadable(path: Path, exc: sqlite3.DatabaseError) -> str:
    """Why SQLite could not read a file that looks like a database."""
    if "disk i/o" in str(exc).lower() and _space_left(path.parent) < LOW_SPACE:
        return no_space(path)
    if "unable to open" in str(exc) and not os.access(path.parent, os.W_OK):
        return (f"База данных {path} лежит в каталоге, куда нельзя писать (только для чтения "
                "или нет прав), а SQLite пишет рядом с базой файлы -wal и -shm. Дайте права на "
                "запись в этот каталог или перенесите базу туда, где они есть.")
    return f"База данных {path} повреждена или не читается ({exc}). {RESTORE}"


def no_space(path: Path) -> str:
    """The database's disk is full."""
    return (f"На диске с базой данных {path} нет места: освободите место и повторите. Начатая "
            "запись отменена, база не изменена.")


def _space_left(folder: Path) -> int:
    """Bytes free for this user in `folder`'s file system (a large number when unknown)."""
    try:
        stats = os.statvfs(folder)
    except OSError:
        return LOW_SPACE * 1024
    return stats.f_bavail * stats.f_frsize
