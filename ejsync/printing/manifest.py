"""The manifest of an edition: its files and their SHA-256, what it prints and where from."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ejsync import __version__
from ejsync.render_pdf import PDF_STANDARD_NAME, engine_version

MANIFEST_NAME = "manifest.json"
SIGNATURE_NAME = "manifest.json.sig"
FORMAT = "ejsync-edition/1"


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file, read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def build_manifest(
    edition: dict, files: list[dict], *, generated_at: str, source_sha256: str, school: str,
    key_fingerprint: str,
) -> bytes:
    """Canonical manifest bytes (sorted keys, UTF-8) for the edition's `files`."""
    manifest = {
        "format": FORMAT,
        "school": school,
        "edition": edition,
        "generated_at": generated_at,
        "tool": {"name": "ejsync", "version": __version__,
                 "engine": engine_version(),
                 "pdf_standard": PDF_STANDARD_NAME},
        "source": {"snapshot_sha256": source_sha256},
        "signature": {"algorithm": "Ed25519", "file": SIGNATURE_NAME,
                      "key_fingerprint": key_fingerprint},
        "files": sorted(files, key=lambda f: f["path"]),
    }
    return (json.dumps(manifest, ensure_ascii=False, sort_keys=True, indent=2) + "\n").encode()

