"""Attachments of messages: PDF, JPEG or PNG by their content, at most 5 MB, stored by SHA-256
outside every web root (next to the database unless EJSYNC_ATTACHMENTS_DIR says otherwise)."""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from ejsync.errors import UserError
from ejsync.files import write_durably

MAX_BYTES = 5 * 1024 * 1024
MAX_FILES = 3
DIR_ENV = "EJSYNC_ATTACHMENTS_DIR"
# Signatures of the accepted types (the first bytes of the file, never its name or header).
SIGNATURES = (
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
)
UNSAFE_NAME = re.compile(r"[^\w.\- ]+", re.UNICODE)


class AttachmentRefused(UserError):
    """The file cannot be attached; the message is Russian and says what to do."""


@dataclass(frozen=True)
class Upload:
    """A file as the browser sent it: its name and bytes."""

    filename: str
    data: bytes


@dataclass(frozen=True)
class Checked:
    """An upload whose type was read from its content."""

    filename: str
    content_type: str
    data: bytes

    @property
    def sha256(self) -> str:
        """The SHA-256 the file is stored under."""
        return hashlib.sha256(self.data).hexdigest()


def attachments_dir(db_path: str | Path) -> Path:
    """Where the attachments of the school at `db_path` are kept."""
    explicit = os.environ.get(DIR_ENV)
    if explicit:
        return Path(explicit)
    db_path = Path(db_path)
    return db_path.parent / f"{db_path.stem}-attachments"


def sniff(data: bytes) -> tuple[str, str] | None:
    """(content type, extension) read from the first bytes, or None for anything else."""
    return next(((kind, ext) for magic, kind, ext in SIGNATURES if data.startswith(magic)), None)


def clean_name(filename: str, extension: str) -> str:
    """A harmless file name with the extension of its real type."""
    stem = UNSAFE_NAME.sub("_", Path(filename.replace("\\", "/")).stem).strip(" ._")[:80]
    return (stem or "файл") + extension


def check(uploads: list[Upload]) -> list[Checked]:
    """The uploads that are real PDF, JPEG or PNG files of at most 5 MB; else a refusal."""
    uploads = [u for u in uploads if u.filename or u.data]
    if len(uploads) > MAX_FILES:
        raise AttachmentRefused(
            f"R-CORRESPONDENCE: к сообщению можно приложить не больше {MAX_FILES} файлов.")
    checked = []
    for upload in uploads:
        name = upload.filename or "файл"
        if not upload.data:
            raise AttachmentRefused(f"R-CORRESPONDENCE: файл «{name}» пустой. Выберите другой.")
        if len(upload.data) > MAX_BYTES:
            raise AttachmentRefused(
                f"R-CORRESPONDENCE: файл «{name}» больше 5 МБ. Уменьшите его (например, снимите"
                " страницу с меньшим разрешением) или отправьте несколькими сообщениями.")
        found = sniff(upload.data)
        if found is None:
            raise AttachmentRefused(
                f"R-CORRESPONDENCE: файл «{name}» — не PDF, JPEG или PNG (проверено по содержимому,"
                " а не по имени). Сохраните документ в одном из этих форматов.")
        checked.append(Checked(clean_name(name, found[1]), found[0], upload.data))
    return checked


def store(directory: Path, files: list[Checked]) -> None:
    """Write each file under its SHA-256 (once; the same file sent twice is kept once)."""
    for item in files:
        path = directory / item.sha256[:2] / item.sha256
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            write_durably(path, item.data, mode=0o600)


def load(directory: Path, sha256: str) -> bytes:
    """The stored bytes of an attachment."""
    if not re.fullmatch(r"[0-9a-f]{64}", sha256):
        raise AttachmentRefused("Такого вложения нет.")
    try:
        return (directory / sha256[:2] / sha256).read_bytes()
    except FileNotFoundError:
        raise AttachmentRefused("Файл вложения не найден в хранилище школы.") from None
