"""Make a school ready to serve: database, demo accounts, a demo family's letter, the site."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ejsync.access.paths import DEFAULT_LETTER_DIR
from ejsync.demo.database import create_demo_database
from ejsync.demo.generator import DemoSummary
from ejsync.diary import incremental_build
from ejsync.family_codes import codes, queries
from ejsync.family_codes.letter import write_letter
from ejsync.keyfile import key_file_path
from ejsync.printing.signing import default_key_path, generate_key
from ejsync.services import Layout
from ejsync.site.build import build_site
from ejsync.staff.accounts import DemoLogin, create_demo_accounts
from ejsync.store import connect, migrate
from ejsync.store.clock import school_today

# A demo family with two children in graded classes, so the family home shows a choice.
DEMO_FAMILY_SQL = """
SELECT f.id, f.login, f.title FROM families f
JOIN students s ON s.family_id = f.id
JOIN enrollments e ON e.student_id = s.id AND e.to_date IS NULL
JOIN classes c ON c.id = e.class_id AND c.grade >= 2
WHERE f.electronic_access = 1
GROUP BY f.id HAVING COUNT(DISTINCT s.id) >= 2
ORDER BY f.id LIMIT 1
"""


@dataclass(frozen=True)
class FamilyLetter:
    """The demo family and where its access letter is."""

    family_id: int
    login: str
    title: str
    letter: Path


@dataclass(frozen=True)
class Prepared:
    """What `prepare_school` made or found."""

    created: DemoSummary | None
    demo: bool
    logins: list[DemoLogin]
    family: FamilyLetter | None
    site_pages: int


def is_demo(conn: sqlite3.Connection) -> bool:
    """Whether this database is the generated demo school (never a real one)."""
    row = conn.execute("SELECT value FROM settings WHERE key = 'demo'").fetchone()
    return row is not None and row[0] == "1"


def demo_family_letter(
    conn: sqlite3.Connection, diary_url: str, letters: Path = DEFAULT_LETTER_DIR
) -> FamilyLetter | None:
    """Reuse the demo family's letter, or issue its code and write one; None if no family fits."""
    family = conn.execute(DEMO_FAMILY_SQL).fetchone()
    if family is None:
        return None
    current = queries.unrevoked_code(conn, family["id"])
    if current is not None:
        existing = letters / f"family-{family['id']}-v{current['version']}.pdf"
        if existing.exists():
            return FamilyLetter(family["id"], family["login"], family["title"], existing)
    operation = codes.issue if current is None else codes.reissue
    issued = operation(conn, key_file_path(None), family["id"])
    letter = write_letter(conn, issued, letters, diary_url)
    return FamilyLetter(family["id"], family["login"], family["title"], letter)


def prepare_school(
    layout: Layout, diary_url: str, say: Callable[[str], None]
) -> Prepared:
    """Create the demo school when there is no database, migrate, and ready the demo extras."""
    created = None
    if not layout.db.exists():
        say(f"Базы {layout.db} нет: создаю демонстрационную школу.")
        created = create_demo_database(layout.db)
    conn = connect(layout.db)
    try:
        for migration in migrate(conn):
            say(f"применена миграция {migration.version:04d} {migration.name}")
        demo = is_demo(conn)
        logins = create_demo_accounts(conn) if demo else []
        family = demo_family_letter(conn, diary_url) if demo else None
        if demo and not default_key_path().exists():
            say(f"Создаю ключ подписи архива демонстрационной школы: {default_key_path()}")
            generate_key(default_key_path())
        today = school_today(conn)
        say("Собираю дневники…")
        diaries = incremental_build(conn, layout.diary, today=today)
        say(f"дневники: {diaries.students} учеников, страниц записано {diaries.pages_written}, "
            f"без изменений {diaries.pages_unchanged}")
        say("Собираю сайт школы…")
        site = build_site(conn, layout.site, today=today)
    finally:
        conn.close()
    return Prepared(created, demo, logins, family, site.pages)
