"""Put a freshly generated demo school in place without ever leaving a half-made file."""

from __future__ import annotations

from pathlib import Path

from ejsync.demo.generator import DemoSummary, generate_demo


def create_demo_database(db: Path, **options) -> DemoSummary:
    """Generate into `db`.new and only then put it in place of `db` (replacing it).

    An interrupted or failed run leaves `db` as it was.
    """
    draft = db.with_name(db.name + ".new")
    remove_database(draft)
    try:
        summary = generate_demo(draft, **options)
    except BaseException:
        remove_database(draft)
        raise
    remove_database(db)
    for suffix in ("", "-wal"):  # closing the last connection normally folds the WAL in
        part = draft.with_name(draft.name + suffix)
        if part.exists():
            part.replace(db.with_name(db.name + suffix))
    remove_database(draft)
    summary.db_path = db
    return summary


def remove_database(db: Path) -> None:
    """Delete a database file with its WAL and shared-memory files."""
    for path in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        path.unlink(missing_ok=True)
