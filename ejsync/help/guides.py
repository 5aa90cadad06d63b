"""The guide pages as data: metadata, body, the screenshots they show."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ejsync.content import DEFAULT_SCREENSHOTS as DEFAULT_SCREENSHOTS
from ejsync.content import GUIDES as GUIDES
from ejsync.content import HELP_CONTENT, IMAGE_LINE
from ejsync.content import SCREENSHOTS_ENV as SCREENSHOTS_ENV
from ejsync.content import SHIPPED_SCREENSHOTS as SHIPPED_SCREENSHOTS
from ejsync.content import screenshots_dir as screenshots_dir

SECTION_ID = re.compile(r"^#{2,3} .*\{#(?P<id>[\w-]+)\}\s*$")


@dataclass(frozen=True)
class Guide:
    """One guide page: its slug, Pelican metadata and Markdown body."""

    slug: str
    meta: dict[str, str]
    body: str

    @property
    def title(self) -> str:
        return self.meta["title"]

    def screenshots(self) -> list[str]:
        """File names of the screenshots the page shows, in order."""
        return [m["file"] for line in self.body.splitlines() if (m := IMAGE_LINE.match(line))]

    def anchors(self) -> set[str]:
        """The ids of its task sections (`## Title {#id}`)."""
        return {m["id"] for line in self.body.splitlines() if (m := SECTION_ID.match(line))}


def parse_guide(path: Path) -> Guide:
    """Split a Pelican Markdown file into metadata (lower-case keys) and body."""
    header, _, body = path.read_text(encoding="utf-8").partition("\n\n")
    meta = {}
    for line in header.splitlines():
        key, _, value = line.partition(":")
        meta[key.strip().lower()] = value.strip()
    return Guide(path.stem, meta, body)


def load_guides(content: Path = HELP_CONTENT, *, with_index: bool = False) -> list[Guide]:
    """Every role's guide (and the index page first when asked)."""
    slugs = (("index",) if with_index else ()) + GUIDES
    return [parse_guide(content / f"{slug}.md") for slug in slugs]
