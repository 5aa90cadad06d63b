"""Where `/help/<guide>` on the staff server and the family gate sends the browser."""

from __future__ import annotations

import os
import sqlite3

from ejsync.help.guides import GUIDES

HELP_URL_ENV = "EJSYNC_HELP_URL"
WEBSITE_SQL = "SELECT website FROM school WHERE id = 1"
# `/help/staff` (the staff pages' "Руководство" link) opens the index of all guides.
ALIASES = {"staff": "index", "": "index", "index": "index"}
NO_HELP = (
    "Руководство не опубликовано: адрес сайта школы не задан. Администратору ЭЖ: укажите сайт "
    "школы (таблица school, поле website) или переменную EJSYNC_HELP_URL."
)


def help_redirect_url(website: str, guide: str) -> str | None:
    """The guide's page: under $EJSYNC_HELP_URL, else <school website>/help; None if unknown."""
    page = ALIASES.get(guide, guide if guide in GUIDES else None)
    base = os.environ.get(HELP_URL_ENV, "").strip() or (
        f"{website.strip().rstrip('/')}/help" if website.strip() else "")
    if page is None or not base:
        return None
    return f"{base.rstrip('/')}/{page}.html"


def school_website(conn: sqlite3.Connection) -> str:
    """The school's public site address ('' if not set)."""
    row = conn.execute(WEBSITE_SQL).fetchone()
    return row[0] if row else ""
