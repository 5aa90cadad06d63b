"""Carry out a rebuild plan: the landing pages first when every page changes, then the rest."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ejsync.diary.affected import log_mark
from ejsync.diary.build import BuildReport, PendingBuild, Progress, build_diaries, start_build
from ejsync.diary.output import DiaryOutput
from ejsync.diary.plan import RebuildPlan, plan_rebuild, plan_selections
from ejsync.workers import Workers


@dataclass
class RebuildReport:
    """The plan, the landing pass (when there was one) and the build."""

    plan: RebuildPlan
    build: BuildReport
    landing: BuildReport | None = None

    def __str__(self) -> str:
        landing = ""
        if self.landing is not None:
            landing = (f"landing_pages={self.landing.pages_written}"
                       f" landing_ms={self.landing.seconds * 1000:.0f} ")
        build = self.build
        return (f"{landing}students={build.students} pages_rendered={build.pages_rendered}"
                f" pages_written={build.pages_written} pages_unchanged={build.pages_unchanged}"
                + (" restored=1" if self.plan.replaced else ""))


def rebuild(conn: sqlite3.Connection, output: DiaryOutput, plan: RebuildPlan, *, today: date,
            workers: Workers | None = None, jobs: int = 1, landing_first: bool = False,
            progress: Progress | None = None) -> RebuildReport:
    """Build what `plan` names and wait for it (see `start_rebuild`)."""
    return start_rebuild(conn, output, plan, today=today, workers=workers, jobs=jobs,
                         landing_first=landing_first, progress=progress).finish()


def start_rebuild(conn: sqlite3.Connection, output: DiaryOutput, plan: RebuildPlan, *,
                  today: date, workers: Workers | None = None, jobs: int = 1,
                  landing_first: bool = False, covers: bool = True,
                  progress: Progress | None = None) -> PendingRebuild:
    """Start building what `plan` names; with `landing_first`, a rebuild of every student's
    week pages makes each one's current week (what families open) before anything else.
    Without `covers` the manifest's position stays (older changes still have pages to make)."""
    if not plan.needed:
        manifest = output.manifest
        if covers and manifest.change_id != plan.until:  # changes no page shows: covered too
            manifest.change_id, manifest.change_mark = plan.until, log_mark(conn, plan.until)
            output.save_manifest()
        report = BuildReport(change_id=plan.until, reason=plan.reason)
        return PendingRebuild(plan, None, report)
    landing = None
    if landing_first and (plan.full or plan.affected.everyone.weeks is None):
        landing = build_diaries(conn, output.root, today=today, output=output, workers=workers,
                                jobs=jobs, landing_only=True)
    pending = start_build(conn, output.root, today=today, output=output, workers=workers,
                          jobs=jobs, covers_change_id=plan.until if covers else None,
                          reason=plan.reason,
                          progress=progress, **plan_selections(plan))
    return PendingRebuild(plan, pending, landing=landing)


@dataclass
class PendingRebuild:
    """A started rebuild; `finish()` waits for its pages."""

    plan: RebuildPlan
    pending: PendingBuild | None
    done: BuildReport | None = None
    landing: BuildReport | None = None

    def finish(self) -> RebuildReport:
        """Wait for the pages and write the manifest."""
        build = self.done if self.pending is None else self.pending.finish()
        return RebuildReport(self.plan, build, self.landing)


def incremental_build(conn: sqlite3.Connection, out_dir: Path, *, today: date,
                      progress: Progress | None = None, jobs: int = 1) -> BuildReport:
    """Rebuild only what changed since the pages were built (all of it after a restore)."""
    output = DiaryOutput(out_dir)
    plan = plan_rebuild(conn, output.manifest, today=today)
    return rebuild(conn, output, plan, today=today, jobs=jobs, progress=progress).build
