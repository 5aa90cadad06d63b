"""The user documentation describes every column the importer knows."""

from __future__ import annotations

from ejsync.config import PROJECT_ROOT
from ejsync.importer import KINDS
from ejsync.importer.reader import header_key


def test_every_column_and_synonym_is_documented() -> None:
    docs = header_key((PROJECT_ROOT / "docs" / "import.md").read_text(encoding="utf-8"))
    for kind in KINDS.values():
        for column in kind.columns:
            for name in column.names():
                assert name in docs, f"{kind.name}: «{name}» is missing from docs/import.md"
