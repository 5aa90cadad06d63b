"""The electronic archive: copies of every edition on two media (P-TWO-MEDIA), checks, register."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from ejsync.errors import UserError
from ejsync.printing.verify import Problem, check_edition
from ejsync.store import transaction
from ejsync.store.clock import stamp

MIN_MEDIA = 2
Progress = Callable[[str], None]


@dataclass
class CopyReport:
    """What `copy_archive` did."""

    copied: int = 0
    already: int = 0
    warnings: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # preliminary editions, not archived
    problems: list[Problem] = field(default_factory=list)


def editions(conn: sqlite3.Connection, *, archival: bool = False) -> list[sqlite3.Row]:
    """Every registered edition, oldest first; only those for the archive (not preliminary)
    when `archival`."""
    return conn.execute(
        "SELECT * FROM print_editions WHERE preliminary = 0 OR NOT ? ORDER BY id", (archival,)
    ).fetchall()


def preliminary_refusal(edition: sqlite3.Row) -> str:
    """Why the archive does not take a preliminary edition (P-PERIOD-PRINT)."""
    return (
        f"P-PERIOD-PRINT: издание № {edition['id']} ({edition['relpath']}) — предварительное,"
        " напечатано до конца периода с пометкой «ПРЕДВАРИТЕЛЬНАЯ — не для архива»: в архив"
        " не передаётся и не регистрируется. Для архива печатается копия после предпоследнего"
        " дня периода (её печатает агент)."
    )


def _check_media(media: list[Path]) -> list[Path]:
    resolved = []
    for medium in media:
        path = medium.resolve()
        if path not in resolved:
            resolved.append(path)
    if len(resolved) < MIN_MEDIA:
        raise UserError(
            "P-TWO-MEDIA: электронный архив хранится минимум на двух носителях в разных"
            f" помещениях, а указан {len(resolved)}. Укажите два разных носителя:"
            " --to /media/disk1/archive --to /media/disk2/archive. Ничего не скопировано."
        )
    for one in resolved:
        for other in resolved:
            if one != other and one.is_relative_to(other):
                raise UserError(
                    f"P-TWO-MEDIA: носитель {one} лежит внутри носителя {other}: это один"
                    " носитель. Укажите каталоги на разных дисках. Ничего не скопировано."
                )
    return resolved


def _same_device_warnings(media: list[Path]) -> list[str]:
    devices: dict[int, Path] = {}
    warnings = []
    for medium in media:
        device = medium.stat().st_dev
        if device in devices:
            warnings.append(
                f"P-TWO-MEDIA: {medium} и {devices[device]} на одном устройстве. Для архива"
                " нужны разные носители в разных помещениях."
            )
        devices.setdefault(device, medium)
    return warnings


def copy_archive(
    conn: sqlite3.Connection, media: list[Path], public_key: Ed25519PublicKey,
    progress: Progress = lambda _: None,
) -> CopyReport:
    """Copy every edition that checks out to each medium, check each copy, record it."""
    media = _check_media(media)
    report = CopyReport()
    for medium in media:
        medium.mkdir(parents=True, exist_ok=True)
    report.warnings = _same_device_warnings(media)
    report.skipped = [preliminary_refusal(e) for e in editions(conn) if e["preliminary"]]
    for edition in editions(conn, archival=True):
        source = Path(edition["path"])
        problems = check_edition(source, public_key, edition["manifest_sha256"])
        if problems:
            report.problems += problems
            continue
        for medium in media:
            target = medium / edition["relpath"]
            if target.exists() and not check_edition(target, public_key,
                                                     edition["manifest_sha256"]):
                report.already += 1
            else:
                _copy_tree(source, target)
                copy_problems = check_edition(target, public_key, edition["manifest_sha256"])
                if copy_problems:
                    report.problems += copy_problems
                    continue
                report.copied += 1
                progress(f"{edition['relpath']} → {medium}")
            _record_copy(conn, edition["id"], medium, target)
    return report


def _copy_tree(source: Path, target: Path) -> None:
    staging = target.parent / f".{target.name}.partial"
    shutil.rmtree(staging, ignore_errors=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copytree(source, staging)
    if target.exists():
        shutil.rmtree(target)
    staging.rename(target)


def _record_copy(conn: sqlite3.Connection, edition_id: int, medium: Path, target: Path) -> None:
    now = stamp()
    with transaction(conn):
        updated = conn.execute(
            "UPDATE archive_copies SET verified_at = ?, verified_ok = 1"
            " WHERE edition_id = ? AND medium = ?", (now, edition_id, str(medium)),
        ).rowcount
        if not updated:
            conn.execute(
                "INSERT INTO archive_copies (edition_id, medium, path, copied_at, verified_at,"
                " verified_ok) VALUES (?, ?, ?, ?, ?, 1)",
                (edition_id, str(medium), str(target), now, now),
            )


def verify_archive(
    conn: sqlite3.Connection, public_key: Ed25519PublicKey, media: list[Path] | None = None
) -> list[Problem]:
    """Check the editions where printed and on every medium (recorded or given); record results."""
    rows = editions(conn)
    problems = []
    for edition in rows:
        problems += check_edition(Path(edition["path"]), public_key, edition["manifest_sha256"])
    recorded = [Path(r[0]) for r in conn.execute("SELECT DISTINCT medium FROM archive_copies")]
    archival = [edition for edition in rows if not edition["preliminary"]]
    for medium in dict.fromkeys([*(m.resolve() for m in media or []), *recorded]):
        found = _verify_medium(conn, medium, archival, public_key)
        problems += found
    return problems


def _verify_medium(
    conn: sqlite3.Connection, medium: Path, rows: list[sqlite3.Row], public_key: Ed25519PublicKey
) -> list[Problem]:
    problems = []
    now = stamp()
    if not medium.is_dir():
        return [Problem(medium, "", "missing", "носитель недоступен (каталога нет)")]
    for edition in rows:
        found = check_edition(medium / edition["relpath"], public_key, edition["manifest_sha256"])
        problems += found
        with transaction(conn):
            conn.execute(
                "UPDATE archive_copies SET verified_at = ?, verified_ok = ?"
                " WHERE edition_id = ? AND medium = ?",
                (now, 0 if found else 1, edition["id"], str(medium)),
            )
    known = {edition["relpath"] for edition in rows}
    for path in sorted(medium.rglob("*")):
        relative = path.relative_to(medium)
        prefixes = {"/".join(relative.parts[:n]) for n in range(1, len(relative.parts))}
        if path.is_file() and not prefixes & known:
            problems.append(Problem(medium, relative.as_posix(), "extra",
                                    "лишний файл: не относится ни к одному изданию реестра"))
    return problems


def register_edition(conn: sqlite3.Connection, edition_id: int, secretary_id: int) -> str:
    """Give the edition its register number on behalf of the secretary (P-SIGNATURES)."""
    edition = conn.execute("SELECT * FROM print_editions WHERE id = ?", (edition_id,)).fetchone()
    if edition is None:
        raise UserError(f"Издания № {edition_id} нет в реестре. Список: `ejsync archive list`.")
    if edition["preliminary"]:
        raise UserError(preliminary_refusal(edition))
    if edition["register_no"]:
        raise UserError(
            f"Издание № {edition_id} уже зарегистрировано под номером {edition['register_no']}."
        )
    if not conn.execute("SELECT 1 FROM staff_roles WHERE staff_id = ? AND role = 'secretary'",
                        (secretary_id,)).fetchone():
        raise UserError(
            f"P-SIGNATURES: регистрирует издания секретарь, а сотрудник № {secretary_id} не"
            " секретарь. Укажите --by с номером сотрудника-секретаря."
        )
    year = edition["generated_at"][:4]
    with transaction(conn):
        count = conn.execute("SELECT COUNT(*) FROM print_editions WHERE register_no LIKE ?",
                             (f"{year}-%",)).fetchone()[0]
        number = f"{year}-{count + 1:04d}"
        conn.execute(
            "UPDATE print_editions SET register_no = ?, registered_by = ?, registered_at = ?"
            " WHERE id = ?", (number, secretary_id, stamp(), edition_id),
        )
    return number


def register_rows(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    """The secretary's register (the `archive_register` view)."""
    return conn.execute("SELECT * FROM archive_register ORDER BY edition_id").fetchall()
