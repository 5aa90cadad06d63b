"""A real agent process over the tiny school, and helpers to wait for what it writes."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from ejsync.diary import diary_tokens
from tests.diary.conftest import TODAY, add_week_records
from tests.servers import ejsync_process


def wait_until(condition: Callable[[], object], timeout: float = 10.0, what: str = "") -> object:
    """Poll `condition` until it returns something true, or fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.05)
    raise AssertionError(f"timed out after {timeout} s waiting for {what or condition}")


def datasette_write(db: Path, sql: str, params: tuple = ()) -> None:
    """Write the way Datasette does: its own connection, one statement, commit."""
    conn = sqlite3.connect(db, timeout=10)
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute(sql, params)
        conn.commit()
    finally:
        conn.close()


def cursor_and_last(db: Path) -> tuple[int | None, int]:
    """The agent's cursor and the newest change id."""
    conn = sqlite3.connect(db, timeout=10)
    try:
        row = conn.execute("SELECT change_id FROM cursors WHERE name = 'agent'").fetchone()
        last = conn.execute("SELECT IFNULL(MAX(id), 0) FROM changes").fetchone()[0]
        return (row[0] if row else None), last
    finally:
        conn.close()


@dataclass
class RunningAgent:
    """Where the agent reads and writes."""

    db: Path
    out: Path
    log: Path
    tokens: dict[int, str]

    def page(self, student_id: int, name: str = "week-2026-11-16.html") -> str:
        """One page of a student as it is on disk now."""
        return (self.out / self.tokens[student_id] / name).read_text(encoding="utf-8")

    def files(self) -> dict[Path, bytes]:
        """Every file of the diary output but the manifest's."""
        return {p: p.read_bytes() for p in self.out.rglob("*")
                if p.is_file() and not p.parent.name.startswith(".")}

    def caught_up(self) -> bool:
        """Whether the cursor has reached the newest change."""
        cursor, last = cursor_and_last(self.db)
        return cursor == last

    def log_lines(self) -> list[str]:
        """The agent's log so far."""
        return self.log.read_text(encoding="utf-8").splitlines() if self.log.exists() else []


def agent_args(db: Path, out: Path) -> list[str]:
    """The command line of the agent under test (a fixed 'today' in the lesson week)."""
    return ["agent", "--db", str(db), "--out", str(out), "--today", TODAY.isoformat(),
            "--interval", "30", "--archive", str(out.parent / "archive")]


def prepared_school(tiny_school) -> tuple[Path, dict[int, str]]:
    """The tiny school with a week of records and diary tokens for every student."""
    conn = tiny_school.connect()
    add_week_records(conn)
    conn.close()
    return tiny_school.path, {}


@pytest.fixture
def running_agent(tiny_school, tmp_path: Path) -> Iterator[RunningAgent]:
    """The real `ejsync agent` process, after its first full build."""
    db, _ = prepared_school(tiny_school)
    out, log = tmp_path / "diary", tmp_path / "agent.log"
    with ejsync_process(agent_args(db, out), log=log) as process:
        agent = RunningAgent(db, out, log, {})
        wait_until(lambda: process.poll() is not None or agent.caught_up(), 20, "first build")
        assert process.poll() is None, log.read_text(encoding="utf-8")
        conn = sqlite3.connect(db)
        conn.row_factory = sqlite3.Row
        agent.tokens = diary_tokens(conn)
        conn.close()
        yield agent
