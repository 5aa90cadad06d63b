"""Default places of the access key and of the access letters (both outside build/)."""

from __future__ import annotations

from pathlib import Path

from ejsync.config import SECRETS_DIR

KEY_FILE_ENV = "EJSYNC_ACCESS_KEY_FILE"
DEFAULT_KEY_FILE = SECRETS_DIR / "access.key"
DEFAULT_LETTER_DIR = Path("var") / "letters"
