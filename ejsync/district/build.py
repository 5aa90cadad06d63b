"""Build and publish every school of the district, one after another, saying what it did."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from ejsync.diary import build_diaries, incremental_build, last_change_id
from ejsync.district.config import SchoolEntry
from ejsync.district.storage import school_settings
from ejsync.publishing.publish import publish
from ejsync.site.build import build_site
from ejsync.store import connect, migrate
from ejsync.store.clock import school_today


@dataclass(frozen=True)
class SchoolBuild:
    """What one school's build and publication did, and how long each took."""

    key: str
    students: int
    pages_written: int
    build_seconds: float
    files: int
    bytes: int
    publish_seconds: float
    release: str


def build_and_publish(entry: SchoolEntry, *, full: bool, jobs: int = 1,
                      say: Callable[[str], None] = lambda _: None) -> SchoolBuild:
    """Migrate, build the diaries (all or the changed ones) and the site, publish them."""
    settings = school_settings(entry)
    build = entry.folder / "build"
    conn = connect(entry.db)
    try:
        migrate(conn)
        today = school_today(conn)
        started = time.perf_counter()
        if full:
            report = build_diaries(conn, build / "diary", today=today,
                                   covers_change_id=last_change_id(conn), force=True,
                                   jobs=jobs, reason="полная сборка района")
        else:
            report = incremental_build(conn, build / "diary", today=today, jobs=jobs)
        build_site(conn, build / "site", today=today)
        built = time.perf_counter()
        published = publish(conn, settings, build, target=entry.publish)
    finally:
        conn.close()
    done = SchoolBuild(entry.key, report.students, report.pages_written, built - started,
                       published.files, published.bytes, time.perf_counter() - built,
                       published.release)
    say(f"{entry.key}: дневники {done.students} учеников ({done.pages_written} страниц "
        f"записано) и сайт за {done.build_seconds:.1f} с; опубликовано {done.files} файлов, "
        f"{done.bytes / 2**20:.1f} МБ за {done.publish_seconds:.1f} с → {entry.publish}/"
        f"releases/{done.release}")
    return done
