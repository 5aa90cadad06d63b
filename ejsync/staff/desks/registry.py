"""The desks' sections: what each role sees first after login, and the hook to add more.

A section is a title, the roles it is for, a loader that reads what it shows from the store
and a template under site_templates/staff/desk/. Other modules add their own with
`register_section` (e.g. a messages section with its unread count); the desk page shows every
registered section of the actor's roles, in `order`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from ejsync.store.rights import ROLE_TITLES

# The order of the desks when a person holds several roles.
DESK_ROLES = ("teacher", "class_teacher", "deputy", "director", "secretary", "admin")


@dataclass(frozen=True)
class DeskContext:
    """Who is looking, and the school's today and timezone."""

    staff_id: int
    roles: frozenset[str]
    today: date
    timezone: str


@dataclass(frozen=True)
class Section:
    """One block of a desk: `load(conn, ctx)` returns what `template` shows."""

    key: str
    role: str
    title: str
    template: str
    load: Callable[[sqlite3.Connection, DeskContext], dict]
    order: int = 50
    link: tuple[str, str] | None = None  # (href, label) of the page where the work is done


@dataclass
class LoadedSection:
    """A section with its data; `count` (if the loader gives one) is shown as a badge."""

    section: Section
    data: dict = field(default_factory=dict)

    @property
    def count(self) -> int | None:
        return self.data.get("count")


_SECTIONS: dict[str, Section] = {}


def register_section(section: Section) -> Section:
    """Add a section to the desk of `section.role` (a later one with the same key replaces it)."""
    if section.role not in ROLE_TITLES:
        raise ValueError(f"unknown role {section.role!r} for desk section {section.key!r}")
    _SECTIONS[section.key] = section
    return section


def sections_for(roles: set[str] | frozenset[str], role: str | None = None) -> list[Section]:
    """The sections of the actor's desks (or of one of them), desk by desk, in order."""
    wanted = [r for r in DESK_ROLES if r in roles and (role is None or r == role)]
    return [s for r in wanted for s in sorted(
        (s for s in _SECTIONS.values() if s.role == r), key=lambda s: (s.order, s.key))]


def desk_roles(roles: set[str] | frozenset[str]) -> list[tuple[str, str]]:
    """(role, Russian title) of each desk the actor has, for the switcher."""
    return [(r, ROLE_TITLES[r]) for r in DESK_ROLES if r in roles]


def load_desk(conn: sqlite3.Connection, ctx: DeskContext, role: str | None = None
              ) -> list[LoadedSection]:
    """Every section of the actor's desk(s) with its data, read on one connection."""
    return [LoadedSection(s, s.load(conn, ctx)) for s in sections_for(ctx.roles, role)]
