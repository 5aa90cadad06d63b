"""The electronic archive: copies of every edition on two media (P-TWO-MEDIA), checks, register."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from ejsync.errors import UserError
from ejsync.printing.manifest import MANIFEST_NAME
from ejsync.printing.verify import Problem, check_edition
from ejsync.store import Writer, transaction
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
    """A copy is recorded once; every later check of it is a row of its own (append-only)."""
    now = stamp()
    with transaction(conn):
        known = conn.execute(
            "SELECT 1 FROM archive_copies WHERE edition_id = ? AND medium = ?",
            (edition_id, str(medium)),
        ).fetchone()
        if not known:
            conn.execute(
                "INSERT INTO archive_copies (edition_id, medium, path, copied_at, verified_at,"
                " verified_ok) VALUES (?, ?, ?, ?, ?, 1)",
                (edition_id, str(medium), str(target), now, now),
            )
        _record_check(conn, edition_id, medium, True)


def _record_check(conn: sqlite3.Connection, edition_id: int, medium: Path, ok: bool) -> None:
    conn.execute(
        "INSERT INTO archive_checks (edition_id, medium, ok) VALUES (?, ?, ?)",
        (edition_id, str(medium), int(ok)),
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
    if not medium.is_dir():
        return [Problem(medium, "", "missing", "носитель недоступен (каталога нет)")]
    copied = {row[0] for row in conn.execute(
        "SELECT edition_id FROM archive_copies WHERE medium = ?", (str(medium),))}
    for edition in rows:
        found = check_edition(medium / edition["relpath"], public_key, edition["manifest_sha256"])
        problems += found
        if edition["id"] in copied:
            with transaction(conn):
                _record_check(conn, edition["id"], medium, not found)
    problems += _unregistered_editions(medium, rows, public_key)
    known = {edition["relpath"] for edition in rows}
    signed = {p.parent.relative_to(medium).as_posix() for p in medium.rglob(MANIFEST_NAME)}
    for path in sorted(medium.rglob("*")):
        relative = path.relative_to(medium)
        prefixes = {"/".join(relative.parts[:n]) for n in range(1, len(relative.parts))}
        if path.is_file() and not prefixes & (known | signed):
            problems.append(Problem(medium, relative.as_posix(), "extra",
                                    "лишний файл: не относится ни к одному изданию реестра"))
    return problems


def _unregistered_editions(
    medium: Path, rows: list[sqlite3.Row], public_key: Ed25519PublicKey
) -> list[Problem]:
    """Signed editions on the medium that the database register does not hold, or holds
    under another manifest: the register and the media must tell the same story."""
    registered = {edition["relpath"]: edition["manifest_sha256"] for edition in rows}
    problems = []
    for manifest in sorted(medium.rglob(MANIFEST_NAME)):
        relpath = manifest.parent.relative_to(medium).as_posix()
        if relpath in registered:
            continue
        if check_edition(manifest.parent, public_key, None):
            continue  # not a valid signed edition: its files are reported as extra
        problems.append(Problem(
            medium, relpath, "extra",
            "подписанное издание на носителе, которого нет в реестре базы данных: запись"
            " реестра удалена или подменена (сверьте с бумажным реестром секретаря)",
        ))
    return problems


def register_in(conn: sqlite3.Connection, edition_id: int, secretary_id: int) -> str:
    """Register the paper copy of an edition inside the open transaction; its number back.

    The store stamps who and when (the transaction's writer must be `secretary_id`)."""
    edition = conn.execute(
        "SELECT e.id, e.relpath, e.generated_at, e.preliminary, g.register_no"
        " FROM print_editions e"
        " LEFT JOIN edition_registrations g ON g.edition_id = e.id WHERE e.id = ?", (edition_id,)
    ).fetchone()
    if edition is None:
        raise UserError(f"Издания № {edition_id} нет в реестре. Список: `ejsync archive list`.")
    if edition["preliminary"]:
        raise UserError(preliminary_refusal(edition))
    if edition["register_no"]:
        raise UserError(
            f"Издание № {edition_id} уже зарегистрировано под номером {edition['register_no']}."
        )
    if not conn.execute("SELECT 1 FROM staff_roles WHERE staff_id = ? AND role IN"
                        " ('secretary', 'admin')", (secretary_id,)).fetchone():
        raise UserError(
            f"P-SIGNATURES: регистрирует издания секретарь, а сотрудник № {secretary_id} не"
            " секретарь. Укажите --by с номером сотрудника-секретаря."
        )
    year = edition["generated_at"][:4]
    count = conn.execute("SELECT COUNT(*) FROM edition_registrations WHERE register_no LIKE ?",
                         (f"{year}-%",)).fetchone()[0]
    number = f"{year}-{count + 1:04d}"
    conn.execute(
        "INSERT INTO edition_registrations (edition_id, register_no, registered_by)"
        " VALUES (?, ?, ?)", (edition_id, number, secretary_id),
    )
    return number


def register_edition(conn: sqlite3.Connection, edition_id: int, writer: Writer) -> str:
    """Give the edition its register number on behalf of the secretary (P-SIGNATURES)."""
    with transaction(conn, writer=writer):
        return register_in(conn, edition_id, writer.staff_id)


def register_rows(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    """The secretary's register (the `archive_register` view)."""
    return conn.execute("SELECT * FROM archive_register ORDER BY edition_id").fetchall()
