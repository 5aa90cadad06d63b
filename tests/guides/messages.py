"""Every message text the software can show: Python string constants, triggers, templates."""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

from ejsync.config import MIGRATIONS_DIR, PROJECT_ROOT, TEMPLATES_DIR

SPACES = re.compile(r"\s+")


def _squash(text: str) -> str:
    return SPACES.sub(" ", text).strip()


def _python_strings(path: Path) -> list[str]:
    """String literals, and the literal parts of f-strings, of one module."""
    strings = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            strings.append(_squash(node.value))
    return strings


@cache
def software_texts() -> tuple[str, ...]:
    """What the code, the migrations and the templates can show a user."""
    texts: list[str] = []
    for folder in (PROJECT_ROOT / "ejsync", PROJECT_ROOT / "plugins"):
        for path in folder.rglob("*.py"):
            texts.extend(_python_strings(path))
    for path in MIGRATIONS_DIR.glob("*.sql"):
        texts.append(_squash(path.read_text(encoding="utf-8")))
    for path in TEMPLATES_DIR.rglob("*.html"):
        texts.append(_squash(path.read_text(encoding="utf-8")))
    return tuple(texts)


def quoted_messages(body: str) -> list[str]:
    """The messages a guide quotes: its block quotes ('> …'), one per line."""
    return [_squash(line[1:]) for line in body.splitlines() if line.startswith(">")]


def missing_fragments(message: str) -> list[str]:
    """Parts of a quoted message ('…' stands for a variable part) found nowhere in the software."""
    texts = software_texts()
    fragments = [part.strip() for part in message.split("…") if part.strip()]
    return [part for part in fragments if not any(part in text for text in texts)]


QUOTE = re.compile(r"«([^«»]+)»")
STEP = re.compile(r"^(?:\d+\.|-) ")


def quoted_labels(body: str, skip_sections: set[str]) -> list[tuple[str, str]]:
    """(section id, «label») quoted in the steps of each task, outside `skip_sections`."""
    found, section = [], ""
    for line in body.splitlines():
        if line.startswith("## "):
            section = line.rsplit("{#", 1)[-1].rstrip("} ")
        elif STEP.match(line) and section not in skip_sections:
            found.extend((section, label) for label in QUOTE.findall(line))
    return found
