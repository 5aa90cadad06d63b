"""The rights are one table: the migration and docs/rights.md are what the generator makes."""

from __future__ import annotations

from ejsync.config import MIGRATIONS_DIR, PROJECT_ROOT
from ejsync.store.rights import load_rights, rights_markdown, rights_migration_sql

RIGHTS_MIGRATIONS = sorted(MIGRATIONS_DIR.glob("*_rights.sql"))


def test_the_latest_rights_migration_is_the_generators_output() -> None:
    latest = RIGHTS_MIGRATIONS[-1].read_text(encoding="utf-8")
    assert latest == rights_migration_sql(), (
        "rights.toml or rights.py changed: add a new migration NNNN_rights.sql with the output"
        " of `python -m ejsync.store.rights` (a landed migration never changes)")


def test_docs_show_the_same_matrix() -> None:
    assert (PROJECT_ROOT / "docs" / "rights.md").read_text(encoding="utf-8") == rights_markdown()


def test_every_table_in_the_matrix_exists_in_the_store(tiny_school) -> None:
    conn = tiny_school.connect()
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {t.table for t in load_rights()} <= tables
    stored = {tuple(r) for r in conn.execute("SELECT role, tbl, op, scope FROM rights")}
    assert stored == {(r.role, r.table, r.op, r.scope) for t in load_rights() for r in t.rights}
