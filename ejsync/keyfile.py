"""The families' access key file, kept outside the database: where it is, reading it, and what
is wrong with it (for `ejsync doctor`)."""

from __future__ import annotations

import base64
import os
from pathlib import Path

from ejsync.config import SECRETS_DIR
from ejsync.errors import UserError

KEY_FILE_ENV = "EJSYNC_ACCESS_KEY_FILE"
DEFAULT_KEY_FILE = SECRETS_DIR / "access.key"
KEY_BYTES = 32


def key_file_path(explicit: Path | None = None) -> Path:
    """`--key-file`, else $EJSYNC_ACCESS_KEY_FILE, else var/secrets/access.key."""
    if explicit is not None:
        return Path(explicit)
    from_env = os.environ.get(KEY_FILE_ENV)
    return Path(from_env) if from_env else DEFAULT_KEY_FILE


def load_key(path: Path) -> bytes:
    """Read the 256-bit key; a clear Russian error if it is missing, unreadable or damaged."""
    try:
        text = path.read_bytes().strip()
    except FileNotFoundError:
        raise UserError(
            f"Файл ключа доступа {path} не найден. Без него коды семей не расшифровать. "
            f"Укажите его параметром --key-file или переменной {KEY_FILE_ENV}; новый ключ "
            "создаётся только при первой выдаче кода (ejsync access issue), а если ключ "
            "потерян, все коды придётся выпустить заново (ejsync access reissue)."
        ) from None
    except OSError as exc:
        raise UserError(
            f"Файл ключа доступа {path} нельзя прочитать ({exc.strerror}). Проверьте права: "
            "файл должен принадлежать пользователю, от имени которого работает ejsync (chmod 600)."
        ) from None
    try:
        key = base64.b64decode(text, validate=True)
    except ValueError:
        key = b""
    if len(key) != KEY_BYTES:
        raise UserError(
            f"Файл ключа доступа {path} повреждён (ожидается 32 байта в base64). Восстановите "
            "его из резервной копии; иначе выпустите коды всех семей заново."
        )
    return key


def key_file_problems(path: Path) -> list[str]:
    """What is wrong with the key file, in Russian (empty when all is well) — for `doctor`."""
    try:
        load_key(path)
    except UserError as exc:
        return [str(exc)]
    mode = path.stat().st_mode & 0o777
    if mode & 0o077:
        return [
            f"Файл ключа доступа {path} доступен не только владельцу (права {mode:o}). "
            f"Выполните: chmod 600 {path}"
        ]
    return []
