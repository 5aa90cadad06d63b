"""Publish an edition: render PDFs into its directory, write its manifest, register it."""

from __future__ import annotations

import hashlib
import re
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from ejsync.errors import UserError
from ejsync.files import write_durably
from ejsync.printing.manifest import MANIFEST_NAME, build_manifest
from ejsync.printing.signing import Signer
from ejsync.store import transaction

PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?![s\w])")
PRELIMINARY_DIR = "preliminary"


@dataclass(frozen=True)
class Document:
    """One rendered PDF of an edition and its file name."""

    filename: str
    pdf: bytes


@dataclass(frozen=True)
class Edition:
    """What was published: its id in the registry and where it lies."""

    id: int
    kind: str
    directory: Path
    relpath: str
    pages: int
    manifest_sha256: str
    preliminary: bool = False


def free_directory(root: Path, relpath: str) -> str:
    """`relpath`, or `relpath_v2`, `_v3`… when an edition already lies there."""
    candidate, number = relpath, 1
    while (root / candidate).exists():
        number += 1
        candidate = f"{relpath}_v{number}"
    return candidate


def count_pages(pdf: bytes) -> int:
    """Pages of a Typst PDF (page objects are written uncompressed)."""
    return len(PAGE_OBJECT.findall(pdf))


def publish(
    conn: sqlite3.Connection, *, root: Path, relpath: str, documents: list[Document],
    edition: dict, source_sha256: str, school: str, generated_at: str, as_of: str,
    preliminary: bool, class_id: int | None = None, period_id: int | None = None,
    week_of: str | None = None, signer: Signer,
) -> Edition:
    """Hash, write and sign the manifest, then register the edition; a preliminary one goes
    under `preliminary/`, apart from the archive's editions."""
    edition = {**edition, "as_of": as_of, "preliminary": preliminary}
    relpath = free_directory(root, f"{PRELIMINARY_DIR}/{relpath}" if preliminary else relpath)
    directory = root / relpath
    staging = root / f".{relpath.replace('/', '_')}.partial"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    try:
        files, pages = [], 0
        for document in documents:
            pdf = document.pdf
            write_durably(staging / document.filename, pdf)
            count = count_pages(pdf)
            pages += count
            files.append({"path": document.filename, "sha256": hashlib.sha256(pdf).hexdigest(),
                          "bytes": len(pdf), "pages": count})
        manifest = build_manifest(edition, files, generated_at=generated_at,
                                  source_sha256=source_sha256, school=school,
                                  key_fingerprint=signer.fingerprint)
        write_durably(staging / MANIFEST_NAME, manifest)
        signer(staging, manifest)
        directory.parent.mkdir(parents=True, exist_ok=True)
        staging.rename(directory)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    manifest_sha256 = hashlib.sha256(manifest).hexdigest()
    try:
        with transaction(conn):
            cursor = conn.execute(
                "INSERT INTO print_editions (kind, class_id, period_id, path, relpath, pages,"
                " week_of, manifest_sha256, source_sha256, generated_at, as_of, preliminary)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (edition["kind"], class_id, period_id, str(directory.resolve()), relpath, pages,
                 week_of, manifest_sha256, source_sha256, generated_at, as_of, int(preliminary)),
            )
    except sqlite3.Error as exc:
        shutil.rmtree(directory, ignore_errors=True)
        raise UserError(f"Издание не зарегистрировано в базе ({exc}); файлы удалены.") from exc
    return Edition(cursor.lastrowid, edition["kind"], directory, relpath, pages, manifest_sha256,
                   preliminary)
