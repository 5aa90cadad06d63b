"""Anchors of the staff user guides, one place for every "?" link of the staff pages."""

from __future__ import annotations

HELP_BASE = "/help"
# task -> (guide of the role that does it, section id in content/help/<guide>.md)
HELP_ANCHORS = {
    "login": ("teacher", "vhod"),
    "today": ("teacher", "moi-uroki"),
    "lesson": ("teacher", "urok"),
    "grid": ("teacher", "otmetki-i-propuski"),
    "substitute": ("teacher", "zamena"),
    "absences": ("class-teacher", "prichiny-propuskov"),
    "family_access": ("class-teacher", "kody-dostupa"),
    "correction": ("deputy", "ispravlenie-otmetki"),
    "support": ("admin", "obrashcheniya"),
    "accounts": ("admin", "uchetnye-zapisi"),
    "token": ("teacher", "api-token"),
}


def help_url(task: str) -> str:
    """The guide link for a task, e.g. '/help/teacher#urok'."""
    guide, anchor = HELP_ANCHORS[task]
    return f"{HELP_BASE}/{guide}#{anchor}"
