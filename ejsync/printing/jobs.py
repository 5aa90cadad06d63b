"""The print jobs behind `ejsync print …` and the schedule: data -> published editions.

Every job reads one snapshot as of one instant (the edition's «копия от»). An edition of a
period that has not reached its penultimate day is refused, or printed as preliminary when
asked: stamped on every sheet and kept out of the archive (P-PERIOD-PRINT)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

from ejsync.errors import UserError
from ejsync.printing.calendar import (
    classes_of_period,
    find_class,
    period_by_code,
    period_ended,
    period_for_class,
    refuse_unfinished,
    school_year,
)
from ejsync.printing.editions import Document, Edition, publish
from ejsync.printing.family import build_family_printouts, printout_weeks, span_bounds
from ejsync.printing.journal import build_journal
from ejsync.printing.signing import Signer
from ejsync.printing.snapshot import Snapshot, take_snapshot
from ejsync.printing.summary import build_summary
from ejsync.render import ru_date
from ejsync.render_pdf import render_many, render_pdf
from ejsync.store import transaction
from ejsync.store.clock import stamp, utc_now
from ejsync.store.periods import Period

Progress = Callable[[str], None]
SATURDAY = 5


def _quiet(_: str) -> None:
    pass


def _stamping(snapshot: Snapshot, preliminary: bool) -> dict:
    """What every template prints about the edition's date and standing."""
    return {"as_of": snapshot.as_of, "preliminary": preliminary}


def _checked(what: str, period: Period, snapshot: Snapshot, preliminary: bool) -> bool:
    """Whether the edition is preliminary; refused when it would be and was not asked to be."""
    if period_ended(period, snapshot.as_of_day):
        return False
    if not preliminary:
        raise refuse_unfinished(what, period, snapshot.as_of_day)
    return True


def publish_journals(
    conn: sqlite3.Connection, snapshot: Snapshot, targets: list[tuple[sqlite3.Row, Period]], *,
    out: Path, signer: Signer, preliminary: bool = False,
) -> Iterator[Edition]:
    """Print each (class, period) journal as its own edition (P-PERIOD-PRINT), in order;
    the PDFs render in parallel processes."""
    generated_at = stamp()
    flags = [_checked(f"журнал {klass['name']}", period, snapshot, preliminary)
             for klass, period in targets]
    datas = [build_journal(snapshot.conn, klass, period, generated_at=generated_at,
                           **_stamping(snapshot, flag))
             for (klass, period), flag in zip(targets, flags, strict=True)]
    pdfs = render_many([("print/journal", data, generated_at) for data in datas])
    for (klass, period), flag, data, pdf in zip(targets, flags, datas, pdfs, strict=True):
        name = f"journal_{klass['name']}_{period.code}"
        yield publish(
            conn, root=out, relpath=f"{period.year_slug}/{period.code}/journal_{klass['name']}",
            documents=[Document(f"{name}.pdf", pdf)],
            edition={"kind": "journal", "class": klass["name"], "period": period.code,
                     "period_title": period.title, "year": period.year_name,
                     "students": len(data["students"]), "subjects": len(data["sections"])},
            source_sha256=snapshot.sha256, school=data["school"]["short_name"],
            generated_at=generated_at, as_of=snapshot.as_of, preliminary=flag,
            class_id=klass["id"], period_id=period.id, signer=signer,
        )


def print_journals(
    conn: sqlite3.Connection, *, period_code: str, out: Path, class_names: list[str] | None = None,
    signer: Signer, progress: Progress = _quiet, as_of: datetime | None = None,
    preliminary: bool = False,
) -> list[Edition]:
    """Journals of the named classes (all classes of the period when None) from one snapshot
    as of `as_of` (now when None)."""
    snapshot = take_snapshot(conn, as_of or utc_now())
    if class_names:
        classes = [find_class(snapshot.conn, name) for name in class_names]
        targets = [(k, period_for_class(snapshot.conn, k, period_code)) for k in classes]
    else:
        period = period_by_code(snapshot.conn, period_code)
        targets = [(k, period) for k in classes_of_period(snapshot.conn, period)]
    editions = []
    for edition in publish_journals(conn, snapshot, targets, out=out, signer=signer,
                                    preliminary=preliminary):
        progress(f"{edition.relpath}: {edition.pages} л. → {edition.directory}")
        editions.append(edition)
    return editions


def print_summary(
    conn: sqlite3.Connection, *, start_year: int, out: Path, signer: Signer,
    as_of: datetime | None = None, preliminary: bool = False,
) -> Edition:
    """The year summary sheet of every class (P-SUMMARY) as one edition."""
    snapshot = take_snapshot(conn, as_of or utc_now())
    year = school_year(snapshot.conn, start_year)
    flag = _checked(f"сводная ведомость {year.year_name}", year, snapshot, preliminary)
    classes = classes_of_period(snapshot.conn, year)
    generated_at = stamp()
    data = build_summary(snapshot.conn, year, classes, generated_at=generated_at,
                         **_stamping(snapshot, flag))
    return publish(
        conn, root=out, relpath=f"{year.year_slug}/Y/summary",
        documents=[Document(f"summary_{year.year_slug}.pdf",
                            render_pdf("print/summary", data, generated_at))],
        edition={"kind": "summary", "year": year.year_name, "period": "Y",
                 "classes": [c["name"] for c in classes]},
        source_sha256=snapshot.sha256, school=data["school"]["short_name"],
        generated_at=generated_at, as_of=snapshot.as_of, preliminary=flag, period_id=year.id,
        signer=signer,
    )


def family_span_done_on(week: date, weeks: int) -> date:
    """The Saturday of the span's last week: from then on its printout is final."""
    monday = date.fromisoformat(span_bounds(week, weeks)[0])
    return monday + timedelta(days=7 * (weeks - 1) + SATURDAY)


def print_family_week(
    conn: sqlite3.Connection, *, week: date, out: Path, signer: Signer, weeks: int | None = None,
    as_of: datetime | None = None, preliminary: bool = False,
) -> Edition | None:
    """Printouts for offline families (R-OFFLINE-FAMILY) from the week of `week`, for `weeks`
    weeks (the profile setting when None), one sheet per student and week; None when there is
    nobody to print for."""
    snapshot = take_snapshot(conn, as_of or utc_now())
    generated_at = stamp()
    weeks = weeks or printout_weeks(snapshot.conn)
    done_on = family_span_done_on(week, weeks)
    flag = snapshot.as_of_day < done_on
    if flag and not preliminary:
        raise UserError(
            f"R-OFFLINE-FAMILY: распечатка за неделю с {ru_date(span_bounds(week, weeks)[0])}"
            f" печатается с субботы {ru_date(done_on)}, когда неделя закончена (данные на"
            f" {ru_date(snapshot.as_of_day)}). Добавьте --preliminary, чтобы напечатать её"
            " заранее с пометкой «ПРЕДВАРИТЕЛЬНАЯ — не для архива». Ничего не напечатано."
        )
    data = build_family_printouts(snapshot.conn, week, weeks=weeks, generated_at=generated_at,
                                  **_stamping(snapshot, flag))
    if not data["pages"]:
        return None
    monday = data["week_of"]
    year = snapshot.conn.execute(
        "SELECT name FROM academic_years WHERE ? BETWEEN starts_on AND ends_on", (monday,)
    ).fetchone()
    folder = year[0].replace("/", "-") if year else monday[:4]
    edition = publish(
        conn, root=out, relpath=f"{folder}/weeks/family_{monday}",
        documents=[Document(f"family_{monday}.pdf",
                            render_pdf("print/family", data, generated_at))],
        edition={"kind": "family", "week_of": monday, "weeks": weeks,
                 "students": len(data["students"])},
        source_sha256=snapshot.sha256, school=data["school"]["short_name"],
        generated_at=generated_at, as_of=snapshot.as_of, preliminary=flag, week_of=monday,
        signer=signer,
    )
    with transaction(conn):
        conn.executemany(
            "INSERT INTO family_printouts (family_id, student_id, week_of, printed_at, edition_id)"
            " VALUES (?, ?, ?, ?, ?)",
            [(family, student, monday, generated_at, edition.id)
             for family, student in data["students"]],
        )
    return edition
