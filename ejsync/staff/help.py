"""Anchors of the staff user guide, one place for every "?" link of the staff pages."""

from __future__ import annotations

HELP_BASE = "/help/staff"
HELP_ANCHORS = {
    "login": "vhod",
    "today": "moi-uroki",
    "lesson": "urok",
    "grid": "otmetki-i-propuski",
    "substitute": "zamena",
    "absences": "prichiny-propuskov",
    "correction": "ispravlenie-otmetki",
    "support": "obrashcheniya",
    "accounts": "uchetnye-zapisi",
    "token": "api-token",
}


def help_url(task: str) -> str:
    """The guide link for a task, e.g. '/help/staff#urok'."""
    return f"{HELP_BASE}#{HELP_ANCHORS[task]}"
