"""The change log's triggers in the migrations are the generator's output, and do what they say."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from ejsync.config import PROJECT_ROOT
from ejsync.store import changelog
from ejsync.store.migrate import available_migrations, split_statements
from tests.tiny_school import LESSON_DATE, READING_1A

LOG_STATEMENT = re.compile(r"^(CREATE|DROP) TRIGGER changes_")


def logged_statements(text: str) -> list[str]:
    """The change-log statements of a migration, comments before them left out."""
    found = []
    for statement in split_statements(text):
        code = "\n".join(line for line in statement.splitlines() if not line.startswith("--"))
        if LOG_STATEMENT.match(code.strip()):
            found.append(code.strip())
    return found


@pytest.mark.parametrize("migration", available_migrations(), ids=lambda m: m.path.name)
def test_every_change_log_trigger_in_the_migrations_is_the_generators(migration):
    in_file = logged_statements(migration.path.read_text(encoding="utf-8"))
    assert in_file == changelog.statements(migration.version), (
        f"{migration.path.name}: the change-log triggers differ from ejsync/store/changelog.py;"
        f" print them with `python -m ejsync.store.changelog {migration.version}`")


def test_the_first_change_log_is_all_generated():
    text = (PROJECT_ROOT / "db" / "migrations" / "0004_change_log.sql").read_text(encoding="utf-8")
    body = "\n".join(line for line in text.splitlines() if not line.startswith("--")).strip()
    assert body == "\n\n".join(changelog.statements(4))


def test_the_command_prints_a_migrations_statements():
    printed = subprocess.run(
        [sys.executable, "-m", "ejsync.store.changelog", "5"], capture_output=True, text=True,
        check=True, cwd=PROJECT_ROOT).stdout
    assert printed.strip() == "\n\n".join(changelog.statements(5))
    assert printed.count("DROP TRIGGER") == printed.count("CREATE TRIGGER") == 12


def test_todays_triggers_remade_are_the_ones_the_database_has(tiny_school):
    conn = tiny_school.connect()
    before = dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"))
    conn.execute("BEGIN")
    for table in ("lessons", "comments", "events"):
        for statement in changelog.current_triggers(table):
            conn.execute(statement)
    after = dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"))
    conn.execute("ROLLBACK")
    assert after == before


def test_a_moved_lesson_logs_the_day_it_left_and_the_day_it_went_to(tiny_school):
    conn = tiny_school.connect()
    last = conn.execute("SELECT max(id) FROM changes").fetchone()[0]
    conn.execute("UPDATE lessons SET topic = 'Сказки' WHERE id = ?", (READING_1A,))
    conn.execute("UPDATE lessons SET date = '2026-11-17' WHERE id = ?", (READING_1A,))
    days = [r[0] for r in conn.execute("SELECT day FROM changes WHERE id > ? ORDER BY id",
                                        (last,))]
    assert days == [LESSON_DATE, "2026-11-17", LESSON_DATE]
