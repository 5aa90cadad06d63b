"""Resolve a help link against the built help pages: the page exists and has the section."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import lxml.html


def section_ids(page: Path) -> set[str]:
    """Every id in the page's article (the guide's task sections)."""
    tree = lxml.html.parse(str(page)).getroot()
    return set(tree.xpath("//article//@id"))


def resolve(site_root: Path, site_url: str, location: str, fragment: str) -> Path:
    """The built page a redirect `location` points to; asserts the #fragment section exists."""
    parts = urlsplit(location)
    assert location.startswith(site_url), f"{location} is not on the school site {site_url}"
    page = site_root / parts.path.lstrip("/")
    assert page.is_file(), f"help page {parts.path} was not built"
    if fragment:
        assert fragment in section_ids(page), f"{parts.path} has no section #{fragment}"
    return page
