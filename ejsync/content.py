"""The public site's Markdown content that more than one part reads: where the guide pages are,
how a page shows a screenshot, where the screenshots are, and where `/help/<guide>` on the
staff server and the family gate sends the browser (the site publishes the guides,
`ejsync.help` prints them)."""

from __future__ import annotations

import os
import re
import sqlite3
from pathlib import Path

from ejsync.config import CONTENT_DIR, PROJECT_ROOT

HELP_CONTENT = CONTENT_DIR / "help"
# The guide of each role, in the order of the help index ("index" is the index itself).
GUIDES = ("teacher", "class-teacher", "deputy", "admin", "secretary", "family")
SCREENSHOTS_ENV = "EJSYNC_SCREENSHOTS"
# The screenshots shipped with ejsync: the site and the PDFs show them on a fresh install.
SHIPPED_SCREENSHOTS = HELP_CONTENT / "img"
# Where the browser tests take fresh ones, to compare with the shipped (tests/guides).
DEFAULT_SCREENSHOTS = PROJECT_ROOT / "build" / "screenshots"
IMAGE_LINE = re.compile(r"^!\[(?P<alt>[^\]]*)\]\(img/(?P<file>[\w.-]+\.png)\)\s*$")


def screenshots_dir() -> Path:
    """The screenshots the guides show: $EJSYNC_SCREENSHOTS (the browser tests' fresh ones)
    or those shipped in content/help/img."""
    return Path(os.environ.get(SCREENSHOTS_ENV) or SHIPPED_SCREENSHOTS)


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
