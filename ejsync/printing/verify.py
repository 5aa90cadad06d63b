"""Check one edition directory against its signed manifest (P-INTEGRITY) and say what is wrong."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from ejsync.printing.manifest import MANIFEST_NAME, SIGNATURE_NAME, sha256_file
from ejsync.printing.signing import signature_valid

OWN_FILES = {MANIFEST_NAME, SIGNATURE_NAME}


@dataclass(frozen=True)
class Problem:
    """One finding of a check: where, which file, what kind, in Russian."""

    location: Path
    file: str
    kind: str  # changed | missing | extra | signature | manifest
    message: str

    def __str__(self) -> str:
        return f"{self.location / self.file}: {self.message}"


def check_edition(
    directory: Path, public_key: Ed25519PublicKey, registered_manifest_sha256: str | None = None
) -> list[Problem]:
    """Every problem of an edition directory: signature, manifest, missing/changed/extra files."""
    if not directory.is_dir():
        return [Problem(directory, "", "missing", "нет каталога издания")]
    manifest_path = directory / MANIFEST_NAME
    if not manifest_path.is_file():
        return [Problem(directory, MANIFEST_NAME, "missing", "нет манифеста издания")]
    manifest = manifest_path.read_bytes()
    problems = []
    signature_path = directory / SIGNATURE_NAME
    if not signature_path.is_file():
        problems.append(Problem(directory, SIGNATURE_NAME, "signature", "нет подписи манифеста"))
    elif not signature_valid(public_key, manifest, signature_path.read_bytes()):
        problems.append(Problem(directory, MANIFEST_NAME, "signature",
                                "подпись манифеста не сходится: манифест подделан или изменён,"
                                " либо подписан не ключом школы"))
    if registered_manifest_sha256 and hashlib.sha256(manifest).hexdigest() != \
            registered_manifest_sha256:
        problems.append(Problem(directory, MANIFEST_NAME, "manifest",
                                "манифест не совпадает с зарегистрированным в реестре изданий"))
    try:
        listed = {entry["path"]: entry["sha256"] for entry in json.loads(manifest)["files"]}
    except (ValueError, KeyError, TypeError):
        return [*problems, Problem(directory, MANIFEST_NAME, "manifest", "манифест повреждён")]
    for name, digest in sorted(listed.items()):
        path = directory / name
        if not path.is_file():
            problems.append(Problem(directory, name, "missing", "файл отсутствует"))
        elif sha256_file(path) != digest:
            problems.append(Problem(directory, name, "changed",
                                    "файл изменён: SHA-256 не совпадает с манифестом"))
    for path in sorted(directory.rglob("*")):
        name = path.relative_to(directory).as_posix()
        if path.is_file() and name not in listed and name not in OWN_FILES:
            problems.append(Problem(directory, name, "extra", "лишний файл, его нет в манифесте"))
    return problems
