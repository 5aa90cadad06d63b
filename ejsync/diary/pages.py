"""Render page models with the shared Jinja2 environment (templates in site_templates/diary/)."""

from __future__ import annotations

import hashlib
from functools import cache

from jinja2 import Template

from ejsync.config import TEMPLATES_DIR
from ejsync.diary.model import (
    AttendancePage,
    EventsPage,
    InfoPage,
    ReportCardPage,
    SubjectsPage,
    WeekPage,
)
from ejsync.diary.output import content_hash
from ejsync.render import environment

TEMPLATE_OF = {
    WeekPage: "diary/week.html",
    SubjectsPage: "diary/subjects.html",
    ReportCardPage: "diary/results.html",
    AttendancePage: "diary/attendance.html",
    EventsPage: "diary/events.html",
    InfoPage: "diary/info.html",
}
STYLESHEET = "diary.css"


@cache
def template(name: str) -> Template:
    """A diary template, loaded once per process."""
    return environment().get_template(name)


def render_page(model: object) -> bytes:
    """The HTML of one page model."""
    return template(TEMPLATE_OF[type(model)]).render(page=model, header=model.header).encode()


@cache
def stylesheet() -> bytes:
    """The diary's stylesheet, copied into each student's folder (no inline styles: CSP)."""
    return (TEMPLATES_DIR / "diary" / STYLESHEET).read_bytes()


@cache
def stylesheet_hash() -> str:
    """The content hash of the stylesheet."""
    return content_hash(stylesheet())


@cache
def templates_digest() -> str:
    """A hash of every diary template: a changed template means every page is rebuilt."""
    digest = hashlib.sha256()
    for path in sorted((TEMPLATES_DIR / "diary").iterdir()):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()
