"""One agent cycle over the real tiny school: the cursor moves only when every step succeeded."""

from __future__ import annotations

from ejsync.agent import Agent, DiaryStep, read_cursor
from ejsync.diary import last_change_id
from tests.diary.conftest import TODAY


def test_a_failing_step_keeps_the_cursor_and_delays_the_retry(tiny_school, tmp_path):
    seen = []

    def failing(cycle):
        seen.append((cycle.since_change_id, cycle.until_change_id))
        raise RuntimeError("disk full")

    agent = Agent(tiny_school.path, [DiaryStep(tmp_path / "diary", TODAY), failing])
    last = last_change_id(agent.conn)
    assert agent.cycle(timer=False) is False
    assert read_cursor(agent.conn) is None and agent.failures == 1 and agent.hold_until > 0
    assert seen == [(0, last)]
    assert (tmp_path / "diary" / ".manifest.db").exists()  # the diaries were built anyway

    agent.steps = [DiaryStep(tmp_path / "diary", TODAY)]
    assert agent.cycle(timer=False) is True
    assert read_cursor(agent.conn) == last_change_id(agent.conn) > last  # with the new tokens
    assert agent.failures == 0
    assert agent.cycle(timer=False) is False  # nothing new: no cycle, no log line
