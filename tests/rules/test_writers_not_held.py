"""A running check does not hold teachers up: the rules are evaluated without the write lock."""

from __future__ import annotations

import sqlite3
import threading
from datetime import UTC, datetime

from ejsync.rules import engine
from ejsync.store import connect
from tests import tiny_school as t


def test_a_teacher_saves_while_the_full_check_evaluates(tiny_school, monkeypatch):
    evaluating, release = threading.Event(), threading.Event()
    real_evaluate = engine.evaluate

    def evaluate_slowly(ctx):
        found = real_evaluate(ctx)
        evaluating.set()
        assert release.wait(timeout=30)
        return found

    monkeypatch.setattr(engine, "evaluate", evaluate_slowly)
    results = []
    checker = threading.Thread(target=lambda: results.append(engine.run_checks(
        connect(tiny_school.path), as_of=datetime(2026, 11, 20, 9, tzinfo=UTC))))
    checker.start()
    try:
        assert evaluating.wait(timeout=30)
        teacher = connect(tiny_school.path)
        teacher.execute("PRAGMA busy_timeout = 0")  # a held write lock would fail at once
        teacher.execute("UPDATE lessons SET homework = 'Упр. 9' WHERE id = ?", (t.MATH_5A_MON,))
        assert teacher.execute("SELECT homework FROM lessons WHERE id = ?",
                               (t.MATH_5A_MON,)).fetchone()[0] == "Упр. 9"
    finally:
        release.set()
        checker.join(timeout=30)
    assert results and results[0].full
    stored = sqlite3.connect(tiny_school.path).execute(
        "SELECT count(*) FROM violations WHERE closed_at IS NULL").fetchone()[0]
    assert stored == len(results[0].violations) > 0
