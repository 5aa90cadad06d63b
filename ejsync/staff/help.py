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
    "substitutions": ("deputy", "zameny"),
    "families": ("class-teacher", "semi-i-kontakty"),
    "register": ("secretary", "registraciya"),
    "plan": ("teacher", "ktp"),
    "violations": ("deputy", "kontrol"),
    "absences": ("class-teacher", "prichiny-propuskov"),
    "family_access": ("class-teacher", "kody-dostupa"),
    "correction": ("deputy", "ispravlenie-otmetki"),
    "support": ("admin", "obrashcheniya"),
    "accounts": ("admin", "uchetnye-zapisi"),
    "token": ("teacher", "api-token"),
    "messages": ("teacher", "soobshcheniya"),
    "desk": ("index", "rabochiy-stol"),
    "reports": ("deputy", "otchety"),
    "movements": ("secretary", "dvizhenie"),
    "consultations": ("secretary", "konsultacii"),
    "events": ("secretary", "sobytiya"),
    "doctor": ("admin", "proverka-ustanovki"),
}

# Datasette table (or view) -> (guide, section) for the «?» on its page and its row pages.
TABLE_HELP = {
    "families": ("class-teacher", "spisok-klassa"),
    "guardians": ("class-teacher", "spisok-klassa"),
    "students": ("class-teacher", "spisok-klassa"),
    "enrollments": ("class-teacher", "spisok-klassa"),
    "family_access_codes": ("class-teacher", "kody-dostupa"),
    "staff_roles": ("admin", "roli"),
    "classes": ("admin", "roli"),
    "subgroup_members": ("admin", "podgruppy"),
    "support_requests": ("admin", "obrashcheniya"),
    "backup_log": ("secretary", "zhurnal-kopiy"),
    "archive_register": ("secretary", "reestr"),
    "marks": ("deputy", "ispravlenie-otmetki"),
    "lessons": ("teacher", "urok"),
    "attendance": ("teacher", "otmetki-i-propuski"),
}


def help_url(task: str) -> str:
    """The guide link for a task, e.g. '/help/teacher#urok'."""
    guide, anchor = HELP_ANCHORS[task]
    return f"{HELP_BASE}/{guide}#{anchor}"


def table_help_url(table: str | None) -> str | None:
    """The guide link for a table's page, or None when no guide covers that table."""
    if table not in TABLE_HELP:
        return None
    guide, anchor = TABLE_HELP[table]
    return f"{HELP_BASE}/{guide}#{anchor}"
