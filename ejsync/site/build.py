"""Build the public site with Pelican: our theme, settings generated here, atomic output."""

from __future__ import annotations

import contextlib
import io
import logging
import os
import shutil
import sqlite3
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pelican import Pelican
from pelican.settings import read_settings

from ejsync.config import CONTENT_DIR, TEMPLATES_DIR
from ejsync.render import ru_date
from ejsync.site.generated import load_site_data, write_generated_pages
from ejsync.site.help_pages import (
    HELP_FOLDER,
    copy_help_content,
    help_settings,
    publish_screenshots,
)
from ejsync.store.clock import timezone_name

THEME_DIR = TEMPLATES_DIR / "site"
CONTENT_FOLDERS = ("regulations", "pages")
GENERATED_FOLDER = "generated"


@dataclass
class SiteReport:
    """What a site build produced."""

    pages: int
    seconds: float


def pelican_settings(school: sqlite3.Row | None, content: Path, output: Path,
                     timezone: str) -> dict:
    """The Pelican settings of the school site (no blog: pages only, relative links)."""
    name = school["short_name"] if school else "Школа"
    return {
        "PATH": str(content),
        "OUTPUT_PATH": str(output),
        "THEME": str(THEME_DIR),
        "SITENAME": name,
        "SITEURL": "",
        "RELATIVE_URLS": True,
        "TIMEZONE": timezone,
        "DEFAULT_LANG": "ru",
        "LOCALE": ("ru_RU.UTF-8", "C.UTF-8", ""),
        "PAGE_PATHS": [*CONTENT_FOLDERS, GENERATED_FOLDER, HELP_FOLDER],
        "ARTICLE_PATHS": [],
        "STATIC_PATHS": [],
        "PAGE_URL": "{slug}.html",
        "PAGE_SAVE_AS": "{slug}.html",
        "DIRECT_TEMPLATES": ["index"],
        "PAGE_ORDER_BY": "order",
        "ARTICLE_SAVE_AS": "", "ARTICLE_LANG_SAVE_AS": "", "PAGE_LANG_SAVE_AS": "",
        "DRAFT_SAVE_AS": "", "DRAFT_PAGE_SAVE_AS": "",
        "AUTHOR_SAVE_AS": "", "AUTHORS_SAVE_AS": "", "CATEGORY_SAVE_AS": "",
        "CATEGORIES_SAVE_AS": "", "TAG_SAVE_AS": "", "TAGS_SAVE_AS": "", "ARCHIVES_SAVE_AS": "",
        "FEED_ALL_ATOM": None, "FEED_ALL_RSS": None, "CATEGORY_FEED_ATOM": None,
        "TRANSLATION_FEED_ATOM": None, "AUTHOR_FEED_ATOM": None, "AUTHOR_FEED_RSS": None,
        "DEFAULT_PAGINATION": False,
        "CACHE_CONTENT": False, "LOAD_CONTENT_CACHE": False,
        "SLUGIFY_SOURCE": "basename",
        "MARKDOWN": {
            "extension_configs": {
                "markdown.extensions.extra": {},
                "markdown.extensions.toc": {"permalink": False},
                "markdown.extensions.smarty": {"substitutions": {
                    "left-double-quote": "«", "right-double-quote": "»"}},
            },
            "output_format": "html5",
        },
        "JINJA_FILTERS": {"ru_date": ru_date},
        "SCHOOL_NAME": school["name"] if school else name,
        "SCHOOL_ADDRESS": school["address"] if school else "",
        "SCHOOL_PHONE": school["phone"] if school else "",
        "SCHOOL_EMAIL": school["email"] if school else "",
        "DIARY_URL": school["diary_url"] if school else "",
    }


def build_site(conn: sqlite3.Connection, out_dir: Path, *, today: date,
               content_dir: Path = CONTENT_DIR) -> SiteReport:
    """Generate the DB-driven pages, run Pelican into a fresh folder, swap it into `out_dir`."""
    started = time.perf_counter()
    data = load_site_data(conn, today)
    timezone = timezone_name(conn)
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".site-", dir=out_dir.parent) as work:
        content = Path(work) / "content"
        for folder in CONTENT_FOLDERS:
            if (content_dir / folder).is_dir():
                shutil.copytree(content_dir / folder, content / folder)
        write_generated_pages(data, content / GENERATED_FOLDER)
        screenshots = copy_help_content(content / HELP_FOLDER)
        staging = Path(work) / "output"
        settings = read_settings(override=pelican_settings(
            data.school, content, staging, timezone,
        ) | help_settings(data.consultations, data.admins))
        logging.getLogger("pelican").setLevel(logging.WARNING)
        with contextlib.redirect_stdout(io.StringIO()):  # Pelican's English "Done: Processed…";
            Pelican(settings).run()  # the command prints its own Russian summary
        publish_screenshots(screenshots, staging)
        pages = sum(1 for _ in staging.rglob("*.html"))
        _swap_into_place(staging, out_dir)
    return SiteReport(pages, time.perf_counter() - started)


def _swap_into_place(new: Path, target: Path) -> None:
    """Replace `target` by `new` with renames, so readers never see a half-built site."""
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    if target.exists():
        os.replace(target, old)
    os.replace(new, target)
    shutil.rmtree(old, ignore_errors=True)
