"""After the database is restored from a backup or replaced, the next build equals a full one."""

from __future__ import annotations

import os
import shutil
import sqlite3

import pytest

from ejsync.diary import build_diaries, incremental_build, plan_rebuild
from ejsync.diary.output import DiaryOutput
from ejsync.diary.plan import RESTORED
from ejsync.store import connect
from tests import tiny_school as t
from tests.diary.conftest import TODAY
from tests.diary.pagetext import lesson_rows
from tests.diary.test_page_selection import MARK, pages


def restore(backup_path, live_path) -> None:
    """What `ejsync restore --force` does: the backup copied into the live file, online."""
    source, target = sqlite3.connect(backup_path), sqlite3.connect(live_path)
    source.backup(target)
    source.close()
    target.close()


def snapshot(live_path, backup_path) -> None:
    """A consistent copy of the live database (as `ejsync backup` takes one)."""
    restore(live_path, backup_path)


@pytest.fixture
def built(built_diary):
    conn = connect(built_diary.db)
    incremental_build(conn, built_diary.out, today=TODAY)  # the cursor covers the tokens too
    conn.close()
    return built_diary


def math_marks(html: str) -> str:
    """The marks cell of the mathematics lesson on a week page."""
    return next(row.marks for row in lesson_rows(html) if row.subject == "Математика")


def assert_equals_a_full_build(conn, out, tmp_path) -> None:
    build_diaries(conn, tmp_path / "fresh", today=TODAY)
    assert ({p: v[0] for p, v in pages(out).items()}
            == {p: v[0] for p, v in pages(tmp_path / "fresh").items()})


@pytest.mark.parametrize("how", ["restored online", "file replaced"])
def test_a_restore_drops_what_the_backup_lacks_and_shows_what_comes_after(built, tmp_path, how):
    db, out = built.db, built.out
    backup = tmp_path / "backup.db"
    snapshot(db, backup)
    conn = connect(db)
    conn.execute(MARK, (t.POPOVA, t.MATH, t.MATH_5B_MON, t.MATH_TEACHER))  # lost by the restore
    incremental_build(conn, out, today=TODAY)
    assert "4" in math_marks(built.page(t.POPOVA))
    conn.close()
    if how == "restored online":
        restore(backup, db)
    else:
        for suffix in ("-wal", "-shm"):
            db.with_name(db.name + suffix).unlink(missing_ok=True)
        os.replace(shutil.copyfile(backup, tmp_path / "copy.db"), db)
    conn = connect(db)
    # more changes after the restore than it dropped: the log passes its old length again
    conn.execute(MARK, (t.VOLKOV, t.MATH, t.MATH_10A_MON, t.MATH_TEACHER))
    conn.execute(MARK, (t.KUZNETSOVA, t.MATH, t.MATH_5A_MON, t.MATH_TEACHER))
    plan = plan_rebuild(conn, DiaryOutput(out).manifest, today=TODAY)
    assert plan.full and plan.reason == RESTORED
    report = incremental_build(conn, out, today=TODAY)
    assert report.reason == RESTORED
    assert "4" not in math_marks(built.page(t.POPOVA))
    assert "4" in math_marks(built.page(t.VOLKOV))
    assert "4" in math_marks(built.page(t.KUZNETSOVA))
    assert_equals_a_full_build(conn, out, tmp_path)
    again = incremental_build(conn, out, today=TODAY)
    assert again.students == 0 and again.reason == "изменений нет"
