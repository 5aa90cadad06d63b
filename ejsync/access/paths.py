"""The default place of the access letters (outside build/); the key's is ejsync.keyfile."""

from __future__ import annotations

from pathlib import Path

DEFAULT_LETTER_DIR = Path("var") / "letters"
