"""Read the demo's data files (names, curriculum, topics) shipped in `ejsync/demo/data/`."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


def lines(name: str) -> list[str]:
    """Non-empty, non-comment lines of `data/<name>`."""
    text = (DATA_DIR / name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


@cache
def curriculum() -> dict:
    """The parsed `curriculum.toml`."""
    with (DATA_DIR / "curriculum.toml").open("rb") as file:
        return tomllib.load(file)


@cache
def topic_lists() -> dict[tuple[str, int, int], list[str]]:
    """Topic lists keyed by (subject key, first grade, last grade) from `topics.txt`."""
    lists: dict[tuple[str, int, int], list[str]] = {}
    current: list[str] = []
    for line in lines("topics.txt"):
        if line.startswith("[") and line.endswith("]"):
            key, _, grades = line[1:-1].partition(":")
            first, _, last = (grades or "1-11").partition("-")
            current = lists.setdefault((key, int(first), int(last or first)), [])
        else:
            current.append(line)
    return lists


def topics_for(subject_key: str, grade: int) -> list[str]:
    """The topic list of a subject for a grade."""
    for (key, first, last), topics in topic_lists().items():
        if key == subject_key and first <= grade <= last:
            return topics
    raise KeyError(f"no topics for {subject_key} in grade {grade}")
