"""The diary shows a child the events of its class and of the school for its grade only."""

from __future__ import annotations

from ejsync.diary.build import build_diaries
from ejsync.diary.queries import class_events
from ejsync.diary.tokens import diary_tokens
from tests.access.conftest import DIARY_DAY
from tests.tiny_school import CLASS_1A, CLASS_5A, CLASS_10A, LEBEDEV, VOLKOV

EVENTS = """
INSERT INTO events (date, title, grade_from, grade_to, class_id) VALUES
    ('2026-11-19', 'Итоговое сочинение для 11 классов', 11, 11, NULL),
    ('2026-11-19', 'Пробный экзамен 10–11 классов', 10, 11, NULL),
    ('2026-11-19', 'Концерт для всей школы', NULL, NULL, NULL),
    ('2026-11-19', 'Экскурсия 5А', NULL, NULL, 2)
"""


def titles(conn, class_id: int) -> set[str]:
    return {e["title"] for e in class_events(conn, class_id, "2026-11-01", "2026-11-30")}


def test_events_are_filtered_to_the_class_and_its_grade(tiny_school, tmp_path):
    conn = tiny_school.connect()
    conn.executescript(EVENTS)
    assert titles(conn, CLASS_1A) == {"Концерт для всей школы"}
    assert titles(conn, CLASS_5A) == {"Концерт для всей школы", "Экскурсия 5А"}
    assert titles(conn, CLASS_10A) == {"Концерт для всей школы", "Пробный экзамен 10–11 классов"}
    build_diaries(conn, tmp_path / "diary", today=DIARY_DAY)
    tokens = diary_tokens(conn)
    first_grader = (tmp_path / "diary" / tokens[LEBEDEV] / "events.html").read_text()
    tenth_grader = (tmp_path / "diary" / tokens[VOLKOV] / "events.html").read_text()
    assert "Концерт для всей школы" in first_grader and "Итоговое сочинение" not in first_grader
    assert "Пробный экзамен" in tenth_grader and "Итоговое сочинение" not in tenth_grader
    week = (tmp_path / "diary" / tokens[LEBEDEV] / "index.html").read_text()
    assert "Пробный экзамен" not in week
    for page in (first_grader, week):
        assert 'href="/">Все дети</a>' in page and 'href="/logout">Выйти</a>' in page
