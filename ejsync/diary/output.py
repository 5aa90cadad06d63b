"""The diary output directory: atomic page writes, unchanged pages skipped, the manifest."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from ejsync.store.clock import stamp

MANIFEST_NAME = ".manifest.db"
TEMP_SUFFIX = ".tmp"


def content_hash(content: bytes) -> str:
    """The hash recorded for a page (SHA-256, first 128 bits in hex)."""
    return hashlib.sha256(content).hexdigest()[:32]


def write_atomically(path: Path, content: bytes) -> None:
    """Write `content` to a hidden temporary file beside `path`, then rename it into place."""
    temp = path.with_name(f".{path.name}.{os.getpid()}{TEMP_SUFFIX}")
    with open(temp, "wb") as handle:
        handle.write(content)
    os.replace(temp, path)


def link_atomically(source: Path, path: Path) -> bool:
    """Make `path` one more name of the file `source` (the same bytes, not copied), replacing
    `path` atomically; False when `source` cannot be linked (gone, another file system)."""
    try:
        os.link(source, path)  # a new name appears whole
        return True
    except FileExistsError:
        pass
    except OSError:
        return False
    temp = path.with_name(f".{path.name}.{os.getpid()}{TEMP_SUFFIX}")
    temp.unlink(missing_ok=True)
    try:
        os.link(source, temp)
    except OSError:
        return False
    os.replace(temp, path)
    temp.unlink(missing_ok=True)  # rename does nothing when both names are already one file
    return True


def symlink_atomically(target: str, path: Path) -> None:
    """Make `path` a symbolic link to `target` (a name in the same folder), atomically; a
    link already there stays. Rewriting the target then updates the link's page too."""
    if path.is_symlink() and os.readlink(path) == target:
        return
    temp = path.with_name(f".{path.name}.{os.getpid()}{TEMP_SUFFIX}")
    temp.unlink(missing_ok=True)
    os.symlink(target, temp)
    os.replace(temp, path)


MANIFEST_SQL = """
CREATE TABLE IF NOT EXISTS head (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS students (token TEXT PRIMARY KEY, entry TEXT NOT NULL);
"""


KEEP_OPEN = 4  # manifests a process keeps a connection to (the agent: one)
_OPEN: dict[Path, tuple[tuple[int, int], sqlite3.Connection]] = {}


def _open(path: Path) -> sqlite3.Connection:
    """This process's connection to the manifest at `path`, kept open between builds and
    reopened when another file took its name (the folder was removed or replaced)."""
    known = _OPEN.pop(path, None)
    try:
        stat = path.stat()
        if known is not None and known[0] == (stat.st_dev, stat.st_ino):
            _OPEN[path] = known
            return known[1]
    except FileNotFoundError:
        pass
    if known is not None:
        known[1].close()
    conn = sqlite3.connect(path, timeout=30, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")  # pages are rebuilt from the store anyway
    conn.executescript(MANIFEST_SQL)
    stat = path.stat()
    _OPEN[path] = ((stat.st_dev, stat.st_ino), conn)
    while len(_OPEN) > KEEP_OPEN:
        _OPEN.pop(next(iter(_OPEN)))[1].close()
    return conn


@dataclass
class Manifest:
    """What the pages on disk were built from: the day, the templates, the change-log position
    (`change_id` and the `change_mark` of that row, so a restored or replaced database is
    noticed) and, per token, the student, page hashes and page inputs.

    It is a small SQLite file (`.manifest.db`): each build job records its students' entries
    in one transaction right after their pages, the head after all of them."""

    as_of: str = ""
    change_id: int = -1
    templates: str = ""
    students: dict[str, dict] = field(default_factory=dict)
    change_mark: str = ""

    @classmethod
    def load(cls, path: Path) -> Manifest:
        """Read the manifest, or an empty one when there is none (or it is unreadable)."""
        if not path.is_file():
            return cls()
        try:
            conn = _open(path)
            head = dict(conn.execute("SELECT key, value FROM head"))
            students = {token: json.loads(entry)
                        for token, entry in conn.execute("SELECT token, entry FROM students")}
            return cls(head["as_of"], int(head["change_id"]), head["templates"], students,
                       head["change_mark"])
        except (sqlite3.Error, ValueError, KeyError):
            return cls()

    def save(self, path: Path) -> None:
        """Write the head (the entries are written job by job, `save_entries`)."""
        head = {"as_of": self.as_of, "change_id": str(self.change_id),
                "templates": self.templates, "change_mark": self.change_mark}
        conn = _open(path)
        with conn:
            conn.execute("BEGIN IMMEDIATE")
            conn.executemany("INSERT OR REPLACE INTO head (key, value) VALUES (?, ?)",
                             head.items())


def save_entries(path: Path, entries: dict[str, dict]) -> None:
    """Record some students' entries in one transaction."""
    if not entries:
        return
    conn = _open(path)
    with conn:
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany("INSERT OR REPLACE INTO students (token, entry) VALUES (?, ?)",
                         [(token, json.dumps(entry, sort_keys=True))
                          for token, entry in entries.items()])


@dataclass
class StudentPages:
    """A student's pages: content by file name (None: unchanged, not rendered) and the
    fingerprints of their inputs; for pages already on disk also their content hashes."""

    content: dict[str, bytes | None]
    inputs: dict[str, str]
    hashes: dict[str, str] = field(default_factory=dict)
    folder: Path | None = None

    def unchanged(self, name: str, fingerprint: str) -> bool:
        """Whether the page on disk was made from exactly these inputs."""
        return (self.inputs.get(name) == fingerprint and name in self.hashes
                and self.folder is not None and (self.folder / name).exists())


@dataclass
class WriteCounts:
    """What a build did to the files."""

    written: int = 0
    unchanged: int = 0
    removed: int = 0


class DiaryOutput:
    """The output directory `DIR/<token>/<page>` with its manifest.

    A worker process building some students gets their manifest entries in `manifest` and
    neither reads the whole manifest nor sweeps the folder."""

    def __init__(self, root: Path, manifest: Manifest | None = None) -> None:
        self.root = root
        self.manifest_path = root / MANIFEST_NAME
        self.counts = WriteCounts()
        self.masters: dict[str, Path] = {}  # content hash → a hidden file every student shares
        self.unsaved: dict[str, dict] = {}  # entries written to memory, not yet to the manifest
        if manifest is not None:
            self.manifest = manifest
            return
        root.mkdir(parents=True, exist_ok=True)
        self.manifest = Manifest.load(self.manifest_path)
        self.remove_leftover_temp_files()

    def keep_master(self, name: str, content: bytes) -> None:
        """Keep `content` as the hidden master file `.name`; students' copies link to it."""
        digest = content_hash(content)
        path = self.root / f".{name}"
        if not path.is_file() or content_hash(path.read_bytes()) != digest:
            write_atomically(path, content)
        self.masters[digest] = path

    def use_master(self, name: str, content: bytes) -> None:
        """Link to the master file `.name` a build already keeps (in a worker process)."""
        self.masters[content_hash(content)] = self.root / f".{name}"

    def remove_leftover_temp_files(self) -> int:
        """Delete temporary files a crashed build left behind; return how many."""
        leftovers = [*self.root.glob(f".*{TEMP_SUFFIX}"), *self.root.glob(f"*/.*{TEMP_SUFFIX}")]
        for path in leftovers:
            path.unlink(missing_ok=True)
        return len(leftovers)

    def known_pages(self, token: str, student_id: int) -> StudentPages:
        """What the manifest says is on disk for a student: inputs and content hashes."""
        entry = self.manifest.students.get(token, {})
        if entry.get("student_id") != student_id:
            return StudentPages({}, {}, {}, self.root / token)
        return StudentPages({}, entry.get("inputs", {}), entry.get("pages", {}), self.root / token)

    def write_student(self, token: str, student_id: int, pages: StudentPages, *,
                      verify: bool = False, partial: bool = False) -> None:
        """Write a student's pages whose content changed and keep their manifest entry for
        `save_entries`; drop pages no longer produced, unless `partial` (only some pages were
        made: keep the rest).

        With `verify` a page counts as unchanged only if the file really holds its bytes."""
        folder = self.root / token
        folder.mkdir(exist_ok=True)
        entry = self.manifest.students.get(token, {})
        known_pages = self.known_pages(token, student_id)
        known = known_pages.hashes
        hashes = dict(known) if partial else {}
        inputs = {**known_pages.inputs, **pages.inputs} if partial else pages.inputs
        made: dict[str, Path] = {}  # content hash → this student's file holding those bytes
        for name, content in pages.content.items():
            path = folder / name
            if content is None:  # its inputs did not change: not even rendered
                hashes[name] = known[name]
                self.counts.unchanged += 1
                continue
            digest = content_hash(content)
            hashes[name] = digest
            if known.get(name) == digest and path.exists() and (
                    not verify or path.read_bytes() == content):
                self.counts.unchanged += 1
                continue
            twin = made.get(digest) or next(
                (folder / other for other, seen in hashes.items()
                 if seen == digest and other != name and (folder / other).is_file()), None)
            if twin is not None:  # index.html: the current week's page, whatever it becomes
                symlink_atomically(twin.name, path)
            elif digest not in self.masters or not link_atomically(self.masters[digest], path):
                write_atomically(path, content)
            made.setdefault(digest, path)
            self.counts.written += 1
        for path in () if partial else folder.iterdir():
            if path.name not in pages.content and not path.name.startswith("."):
                path.unlink()
                self.counts.removed += 1
        changed = hashes != known
        new_entry = {
            "student_id": student_id,
            "pages": hashes,
            "inputs": inputs,
            "content": content_hash("".join(sorted(hashes.values())).encode()),
            "built_at": stamp() if changed or "built_at" not in entry else entry["built_at"],
        }
        if new_entry != entry:
            self.unsaved[token] = new_entry
        self.manifest.students[token] = new_entry

    def save_entries(self) -> None:
        """Record the entries of the students written since the last call (their pages are
        on disk)."""
        save_entries(self.manifest_path, self.unsaved)
        self.unsaved = {}

    def save_manifest(self) -> None:
        """Persist the manifest's head (after the pages and entries it describes are on disk)."""
        self.manifest.save(self.manifest_path)
