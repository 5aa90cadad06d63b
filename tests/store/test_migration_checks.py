"""Applied migrations are checked against their files: a changed landed migration is refused,
a database from before checksums is recognised, and one that applied an earlier text of a
landed migration is upgraded to what the file makes today."""

from __future__ import annotations

import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from ejsync.config import MIGRATIONS_DIR, PROJECT_ROOT
from ejsync.errors import UserError
from ejsync.store import connect, migrate
from ejsync.store.inspection import inspect
from ejsync.store.migration_files import (
    available_migrations,
    checksum,
    earlier_texts,
    split_statements,
)
from ejsync.store.schema import built_schema, difference, schema_of
from ejsync.store.seed import load_school_year
from tests.store.snapshot import snapshot

OLD_VERSION_TABLE = (  # schema_migrations as ejsync made it before checksums
    "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
    " applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')))")


def earlier(version: int, commit: str) -> str:
    """The earlier text of `version` that landed in `commit`."""
    return next(t.text for t in earlier_texts()[version] if t.commit == commit)


def database_before_checksums(path: Path, replaced: dict[int, str] | None = None,
                              up_to: int | None = None) -> sqlite3.Connection:
    """A database migrated the way ejsync did before checksums, with some texts replaced."""
    conn = connect(path)
    conn.execute(OLD_VERSION_TABLE)
    for migration in available_migrations():
        if up_to is not None and migration.version > up_to:
            break
        text = (replaced or {}).get(migration.version, migration.text)
        conn.execute("BEGIN")
        for statement in split_statements(text):
            conn.execute(statement)
        conn.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)",
                     (migration.version, migration.name))
        conn.execute("COMMIT")
    return conn


def recorded(conn: sqlite3.Connection) -> dict[int, str | None]:
    return dict(conn.execute("SELECT version, checksum FROM schema_migrations"))


def todays_schema():
    return built_schema([m.text for m in available_migrations()])


def test_a_fresh_database_records_each_files_checksum(tmp_path):
    conn = connect(tmp_path / "school.db")
    migrate(conn)
    assert recorded(conn) == {m.version: m.checksum for m in available_migrations()}
    assert not difference(schema_of(conn), todays_schema())


def test_a_landed_migration_changed_afterwards_is_refused_and_nothing_changes(
        tmp_path, tiny_school):
    folder = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, folder)
    changed = folder / "0201_violation_lessons.sql"
    changed.write_text(changed.read_text(encoding="utf-8") + "\n-- a quiet edit\n",
                       encoding="utf-8")
    (folder / "9000_later.sql").write_text("CREATE TABLE later (id INTEGER);\n")
    conn = tiny_school.connect()
    before = snapshot(conn)
    with pytest.raises(UserError) as refused:
        migrate(conn, directory=folder)
    message = str(refused.value)
    assert "0201_violation_lessons.sql" in message and "изменена после того" in message
    assert "git checkout" in message and "новой миграцией" in message
    assert snapshot(conn) == before  # the later migration was not applied either


def test_a_database_from_before_checksums_gets_them_and_nothing_else(tmp_path):
    conn = database_before_checksums(tmp_path / "old.db")
    load_school_year(conn)
    before = snapshot(conn)
    said: list[str] = []
    assert migrate(conn, say=said.append) == []
    assert recorded(conn) == {m.version: m.checksum for m in available_migrations()}
    after = snapshot(conn)
    assert {t: d for t, d in after.items() if t != "schema_migrations"} == {
        t: d for t, d in before.items() if t != "schema_migrations"}
    assert any("контрольные суммы" in line for line in said)


def lesson_moves(conn: sqlite3.Connection) -> list[str | None]:
    """Move a lesson to the next day; the days the change log names."""
    load_school_year(conn)
    conn.executescript("""
        INSERT INTO staff (id, last_name, first_name) VALUES (1, 'Числова', 'Мария');
        INSERT INTO subjects (id, name, short_name) VALUES (1, 'Математика', 'Матем.');
        INSERT INTO curriculum (year_id, grade, subject_id, hours_per_week) VALUES (1, 5, 1, 5);
        INSERT INTO classes (id, year_id, grade, letter, name) VALUES (1, 1, 5, 'А', '5А');
        INSERT INTO lessons (id, class_id, subject_id, date, slot, scheduled_teacher_id,
                             teacher_id) VALUES (1, 1, 1, '2026-11-16', 1, 1, 1);
    """)
    last = conn.execute("SELECT max(id) FROM changes").fetchone()[0]
    conn.execute("UPDATE lessons SET date = '2026-11-17' WHERE id = 1")
    return [r[0] for r in conn.execute("SELECT day FROM changes WHERE id > ? ORDER BY id",
                                        (last,))]


def test_the_earlier_change_days_text_is_found_and_its_triggers_remade(tmp_path):
    old = database_before_checksums(tmp_path / "old.db", {5: earlier(5, "c22126c")})
    found = inspect(old)
    assert {v: t.commit for v, t in found.earlier.items()} == {5: "c22126c"}
    said: list[str] = []
    migrate(old, say=said.append)
    assert "0005_change_days.sql (коммит c22126c)" in said[0]
    assert recorded(old)[5] == available_migrations()[4].checksum
    assert not difference(schema_of(old), todays_schema())
    # the moved lesson now names the week it left as well as the week it went to
    assert lesson_moves(old) == ["2026-11-17", "2026-11-16"]
    assert lesson_moves(database_before_checksums(
        tmp_path / "still-old.db", {5: earlier(5, "c22126c")})) == [None]


def test_the_first_staff_texts_are_upgraded_and_the_old_column_kept_with_its_data(tmp_path):
    conn = database_before_checksums(
        tmp_path / "old.db", {100: earlier(100, "da87f4b"), 101: earlier(101, "da87f4b")},
        up_to=101)
    load_school_year(conn)
    conn.executescript("""
        INSERT INTO staff (id, last_name, first_name) VALUES (1, 'Числова', 'Мария');
        INSERT INTO staff_roles (staff_id, role) VALUES (1, 'teacher');
        INSERT INTO subjects (id, name, short_name) VALUES (1, 'Математика', 'Матем.');
        INSERT INTO curriculum (year_id, grade, subject_id, hours_per_week) VALUES (1, 5, 1, 5);
        INSERT INTO classes (id, year_id, grade, letter, name) VALUES (1, 1, 5, 'А', '5А');
        INSERT INTO teaching_assignments (teacher_id, class_id, subject_id) VALUES (1, 1, 1);
        INSERT INTO lessons (id, class_id, subject_id, date, slot, scheduled_teacher_id,
                             teacher_id, updated_by) VALUES (1, 1, 1, '2026-11-16', 1, 1, 1, 1);
    """)
    said: list[str] = []
    applied = migrate(conn, say=said.append)
    assert [m.version for m in applied] == [m.version for m in available_migrations()
                                            if m.version > 101]
    assert "0100_staff_access.sql (коммит da87f4b)" in said[0]
    assert "lessons.updated_by" in said[1]  # kept: it holds who changed lessons back then
    assert conn.execute("SELECT updated_by FROM lessons WHERE id = 1").fetchone()[0] == 1
    left = difference(schema_of(conn), todays_schema())
    assert left.keys() == [("table", "lessons")]
    # the staff server's writes work again: today's rights migration logs them in write_log
    conn.execute("INSERT INTO write_context (id, staff_id) VALUES (1, 1)")
    conn.execute("UPDATE lessons SET topic = 'Дроби' WHERE id = 1")
    assert [tuple(r) for r in conn.execute(
        "SELECT tbl, row_id, staff_id, source FROM write_log")] == [("lessons", 1, 1, "web")]


def test_a_migration_applied_by_a_newer_ejsync_is_refused(tiny_school):
    conn = tiny_school.connect()
    conn.execute("INSERT INTO schema_migrations (version, name, checksum)"
                 " VALUES (9990, 'from_the_future', 'x')")
    before = snapshot(conn)
    with pytest.raises(UserError, match="9990_from_the_future.sql.*более новая версия"):
        migrate(conn)
    assert snapshot(conn) == before


def test_a_schema_no_known_text_explains_is_refused_before_checksums(tmp_path):
    conn = database_before_checksums(tmp_path / "old.db")
    conn.execute("DROP TRIGGER marks_check_insert")  # a hard rule removed by hand
    before = snapshot(conn)
    with pytest.raises(UserError) as refused:
        migrate(conn)
    assert "0003_hard_rules.sql" in str(refused.value)
    assert "триггер marks_check_insert" in str(refused.value)
    assert snapshot(conn) == before
    assert inspect(conn, identify=False).applied[3].checksum is None


def git(*args: str) -> str:
    return subprocess.run(["git", "-C", str(PROJECT_ROOT), *args], capture_output=True,
                          text=True, check=True).stdout


def landed_ref() -> str:
    """The branch that holds what has landed: `main` where it exists, else this checkout."""
    try:
        git("rev-parse", "--verify", "--quiet", "main")
        return "main"
    except subprocess.CalledProcessError:
        return "HEAD"


def git_history_available() -> bool:
    try:
        return git("rev-parse", "--is-shallow-repository").strip() == "false"
    except (OSError, subprocess.CalledProcessError):
        return False


@pytest.mark.skipif(not git_history_available(), reason="needs the repository's full history")
def test_every_earlier_text_in_the_history_is_known_and_landed_files_stay_as_they_are():
    known = {t.checksum for texts in earlier_texts().values() for t in texts}
    for migration in available_migrations():
        relative = f"db/migrations/{migration.path.name}"
        # Landed = on main's own line of commits; a branch may edit its migration before it lands.
        commits = git("log", "--first-parent", "--format=%H", landed_ref(), "--",
                      relative).split()
        texts = {git("show", f"{c}:{relative}") for c in commits if git(
            "ls-tree", c, "--", relative).strip()}
        unknown = {checksum(t) for t in texts} - known - {migration.checksum}
        assert not unknown, (
            f"{migration.path.name} changed after it landed: restore the landed text and put the"
            " new behaviour in a new migration")


def test_cli_migrate_says_what_the_upgrade_did(tmp_path):
    database_before_checksums(tmp_path / "old.db", {5: earlier(5, "c22126c")}).close()
    result = subprocess.run(
        [sys.executable, "-m", "ejsync", "migrate", "--db", str(tmp_path / "old.db")],
        capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "0005_change_days.sql (коммит c22126c)" in result.stdout


def historical_folders() -> list[dict[int, str]]:
    """The migrations folder at commits that changed it: for each mix of texts of the migrations
    that had earlier texts, the folder with the most migrations."""
    earlier_versions, blobs = set(earlier_texts()), {}
    found: dict[tuple, dict[int, str]] = {}
    for commit in git("log", "--full-history", "--format=%H", "--", "db/migrations").split():
        listing = [line.split() for line in git("ls-tree", f"{commit}:db/migrations").splitlines()]
        files = {int(name[:4]): blob for _, kind, blob, name in listing
                 if kind == "blob" and re.match(r"^\d{4}_[a-z0-9_]+\.sql$", name)}
        mix = tuple(sorted((v, b) for v, b in files.items() if v in earlier_versions))
        if len(files) > len(found.get(mix, {})):
            found[mix] = {v: blobs.setdefault(b, git("cat-file", "blob", b))
                          for v, b in files.items()}
    return list(found.values())


@pytest.mark.skipif(not git_history_available(), reason="needs the repository's full history")
def test_a_database_made_at_any_commit_of_the_history_upgrades_to_todays_schema():
    upgraded = 0
    for texts in historical_folders():
        conn = sqlite3.connect(":memory:", isolation_level=None)
        conn.execute(OLD_VERSION_TABLE)
        try:
            for version, text in sorted(texts.items()):
                conn.execute("BEGIN")
                for statement in split_statements(text):
                    conn.execute(statement)
                conn.execute("INSERT INTO schema_migrations (version, name) VALUES (?, 'x')",
                             (version,))
                conn.execute("COMMIT")
        except sqlite3.OperationalError:  # that commit's folder never made a database
            conn.execute("ROLLBACK")
            continue
        migrate(conn)
        left = difference(schema_of(conn), todays_schema()).keys()
        old_staff_text = texts.get(100) == earlier(100, "da87f4b")
        assert left == ([("table", "lessons")] if old_staff_text else []), texts.keys()
        upgraded += 1
    assert upgraded >= 10
