"""The diary output directory: atomic page writes, unchanged pages skipped, the manifest."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

MANIFEST_NAME = ".manifest.json"
TEMP_SUFFIX = ".tmp"


def utc_now() -> str:
    """The current instant as the store writes it."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def content_hash(content: bytes) -> str:
    """The hash recorded for a page (SHA-256, hex)."""
    return hashlib.sha256(content).hexdigest()


def write_atomically(path: Path, content: bytes) -> None:
    """Write `content` to a hidden temporary file beside `path`, then rename it into place."""
    temp = path.with_name(f".{path.name}.{os.getpid()}{TEMP_SUFFIX}")
    with open(temp, "wb") as handle:
        handle.write(content)
    os.replace(temp, path)


@dataclass
class Manifest:
    """Token → student, page hashes and build time; plus what the last full pass covered."""

    as_of: str = ""
    change_id: int = -1
    templates: str = ""
    students: dict[str, dict] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> Manifest:
        """Read the manifest, or an empty one when there is none (or it is unreadable)."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(data["as_of"], data["change_id"], data["templates"], data["students"])
        except (OSError, ValueError, KeyError):
            return cls()

    def save(self, path: Path) -> None:
        """Write the manifest atomically."""
        data = {"as_of": self.as_of, "change_id": self.change_id, "templates": self.templates,
                "students": self.students}
        write_atomically(path, json.dumps(data, ensure_ascii=False, sort_keys=True).encode())


@dataclass
class WriteCounts:
    """What a build did to the files."""

    written: int = 0
    unchanged: int = 0
    removed: int = 0


class DiaryOutput:
    """The output directory `DIR/<token>/<page>` with its manifest."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self.manifest_path = root / MANIFEST_NAME
        self.manifest = Manifest.load(self.manifest_path)
        self.counts = WriteCounts()
        self.remove_leftover_temp_files()

    def remove_leftover_temp_files(self) -> int:
        """Delete temporary files a crashed build left behind; return how many."""
        leftovers = [*self.root.glob(f".*{TEMP_SUFFIX}"), *self.root.glob(f"*/.*{TEMP_SUFFIX}")]
        for path in leftovers:
            path.unlink(missing_ok=True)
        return len(leftovers)

    def write_student(self, token: str, student_id: int, pages: dict[str, bytes]) -> None:
        """Write a student's pages whose content changed; drop pages no longer produced."""
        folder = self.root / token
        folder.mkdir(exist_ok=True)
        entry = self.manifest.students.get(token, {})
        same_student = entry.get("student_id") == student_id
        known: dict[str, str] = entry.get("pages", {}) if same_student else {}
        hashes = {}
        for name, content in pages.items():
            digest = content_hash(content)
            hashes[name] = digest
            path = folder / name
            if known.get(name) == digest and path.exists():
                self.counts.unchanged += 1
                continue
            write_atomically(path, content)
            self.counts.written += 1
        for path in folder.iterdir():
            if path.name not in pages and not path.name.startswith("."):
                path.unlink()
                self.counts.removed += 1
        changed = hashes != known
        self.manifest.students[token] = {
            "student_id": student_id,
            "pages": hashes,
            "content": content_hash("".join(sorted(hashes.values())).encode()),
            "built_at": utc_now() if changed or "built_at" not in entry else entry["built_at"],
        }

    def save_manifest(self) -> None:
        """Persist the manifest (after the pages it describes are on disk)."""
        self.manifest.save(self.manifest_path)
