"""The one rebuild planner: what the pages on disk lack, for the agent and `ejsync build` alike.

The manifest says from which change-log position, day and templates the pages were built. A
new day or new templates change every page; a log that no longer holds that position (ids gone
backwards, or the same id marking another change) means the database was restored from a
backup or replaced: the pages may show what the database no longer has, so every page is
rebuilt. Otherwise the changes since that position name exactly the pages to rebuild."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import date

from ejsync.diary.affected import (
    Affected,
    affected_students,
    last_change_id,
    log_mark,
    read_changes,
)
from ejsync.diary.output import Manifest
from ejsync.diary.pages import templates_digest
from ejsync.diary.selection import EVERY_PAGE

MAX_MAPPED_CHANGES = 20_000  # a longer backlog rebuilds everyone instead of mapping each row

FIRST = "первая сборка"
NEW_DAY = "новый день или шаблоны"
RESTORED = "база восстановлена из копии или заменена: страницы собраны по другому журналу"
BACKLOG = "много изменений"
NOTHING_NEW = "изменений нет"
CHANGES = "изменения в журнале"


@dataclass(frozen=True)
class RebuildPlan:
    """Which pages to rebuild so that the output shows the database up to `until`."""

    until: int
    reason: str
    full: bool = False
    affected: Affected = field(default_factory=Affected)

    @property
    def needed(self) -> bool:
        """Whether any page is to be built."""
        return self.full or bool(self.affected)

    @property
    def replaced(self) -> bool:
        """Whether the database was restored or replaced under the pages."""
        return self.reason == RESTORED


def plan_rebuild(conn: sqlite3.Connection, manifest: Manifest, *, today: date,
                 until: int | None = None, since: int | None = None) -> RebuildPlan:
    """The pages to rebuild for the changes up to `until` (default: the newest) after `since`
    (default: the manifest's position; later when the pages of some are built already)."""
    until = last_change_id(conn) if until is None else until
    if manifest.change_id < 0:
        return RebuildPlan(until, FIRST, full=True)
    if until < manifest.change_id or log_mark(conn, manifest.change_id) != manifest.change_mark:
        return RebuildPlan(until, RESTORED, full=True)
    if manifest.as_of != today.isoformat() or manifest.templates != templates_digest():
        return RebuildPlan(until, NEW_DAY, full=True)
    since = manifest.change_id if since is None else since
    if until == since:
        return RebuildPlan(until, NOTHING_NEW)
    if until - since > MAX_MAPPED_CHANGES:
        return RebuildPlan(until, BACKLOG, full=True)
    affected = affected_students(conn, read_changes(conn, since, until))
    return RebuildPlan(until, CHANGES if affected else NOTHING_NEW, affected=affected)


def plan_selections(plan: RebuildPlan) -> dict:
    """The arguments of `build_diaries` carrying out `plan` (student ids and selections)."""
    if plan.full:
        return {"student_ids": None, "selections": {}, "default": EVERY_PAGE}
    affected = plan.affected
    everyone = bool(affected.everyone)
    return {"student_ids": None if everyone else affected.ids,
            "selections": affected.selections(), "default": affected.everyone}
