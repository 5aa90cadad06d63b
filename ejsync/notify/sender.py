"""The sender: queue immediate notices and the day's digests, then hand the due e-mails to the
relay, again and again (`ejsync notify run`; `ejsync up` starts it beside the agent)."""

from __future__ import annotations

import logging
import sqlite3
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta

from ejsync.notify import outbox
from ejsync.notify.digest import queue_digests
from ejsync.notify.notices import queue_notices
from ejsync.notify.quiet import Schedule
from ejsync.notify.relay import deliver, load_relay
from ejsync.store.clock import utc_now

log = logging.getLogger("ejsync.notify")
BATCH = 50  # e-mails per relay connection


@dataclass(frozen=True)
class SenderSettings:
    """The key of the relay password, the diary's address for links, how often to look and
    how long to wait after a failed try (doubling up to an hour)."""

    key: bytes | None
    base_url: str
    interval: float = 5.0
    retry_base: timedelta = timedelta(minutes=1)


@dataclass
class CycleReport:
    """What one cycle did."""

    notices: int = 0
    digests: int = 0
    sent: int = 0
    retry: int = 0
    failed: int = 0
    relay: bool = True

    def __str__(self) -> str:
        return (f"queued notices={self.notices} digests={self.digests}; sent={self.sent}"
                f" retry={self.retry} failed={self.failed}"
                + ("" if self.relay else " (почтовый сервер не настроен)"))


def cycle(conn: sqlite3.Connection, settings: SenderSettings,
          now: datetime | None = None) -> CycleReport:
    """One pass: queue what is new, then deliver everything due (in batches)."""
    now = now or utc_now()
    relay = load_relay(conn, settings.key)
    domain = relay.domain if relay else "ejsync.local"
    schedule = Schedule.of(conn)
    report = CycleReport(queue_notices(conn, now, settings.base_url, domain, schedule),
                         queue_digests(conn, now, settings.base_url, domain, schedule),
                         relay=relay is not None)
    if relay is None:
        return report
    while True:
        rows = outbox.claim(conn, now, BATCH)
        if not rows:
            return report
        outcomes = deliver(relay, [outbox.email_message(row, relay) for row in rows])
        counts = outbox.record(conn, rows, outcomes, now, settings.retry_base)
        report.sent += counts["sent"]
        report.retry += counts["retry"]
        report.failed += counts["failed"]
        if counts["retry"]:  # the relay is in trouble: leave the rest for a later cycle
            return report


def run(conn: sqlite3.Connection, settings: SenderSettings, stop: threading.Event) -> None:
    """Cycle every `interval` seconds until `stop` is set; a failing cycle is logged and retried."""
    log.info("notify sender started: every %.1f s, links to %s", settings.interval,
             settings.base_url)
    while not stop.is_set():
        try:
            report = cycle(conn, settings)
            if report.notices or report.digests or report.sent or report.retry or report.failed:
                log.info("notify %s", report)
        except Exception:  # noqa: BLE001 - one bad cycle must not stop the sender
            log.exception("notify cycle failed; retrying in %.1f s", settings.interval)
        stop.wait(settings.interval)
    log.info("notify sender stopped")
