"""Honest dates (issue 15, P-PERIOD-PRINT): an edition of an unfinished period is refused, or
printed as preliminary when asked — stamped on every sheet and refused by the archive — and an
edition shows nothing entered, and no lesson dated, after its «копия от»."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from ejsync.errors import UserError
from ejsync.printing.jobs import print_journals
from ejsync.printing.schedule import run_due
from ejsync.printing.signing import load_signer
from tests.printing.conftest import Q2_DONE, after, run_ejsync
from tests.printing.pdf_text import page_texts
from tests.tiny_school import CLASS_5A, IVANOV, MATH, MATH_TEACHER

STAMP = "ПРЕДВАРИТЕЛЬНАЯ — не для архива"
BEFORE_END = "2026-12-01T12:00"  # school time; Q2 of the tiny school ends on 26 December


def text(result) -> str:
    return " ".join((result.stdout + result.stderr).split())


def editions(school) -> list[tuple]:
    return [tuple(r) for r in school.connect().execute(
        "SELECT id, preliminary, as_of, relpath FROM print_editions ORDER BY id")]


def test_unfinished_period_is_refused_and_nothing_is_printed(marked_school, tmp_path):
    result = run_ejsync("print", "journal", "--db", marked_school.path, "--class", "5А",
                        "--period", "Q2", "--as-of", BEFORE_END, "--out", tmp_path / "archive")
    assert result.returncode == 2
    message = text(result)
    assert "P-PERIOD-PRINT" in message and "2 четверть" in message
    assert "25 декабря 2026" in message and "--preliminary" in message
    assert editions(marked_school) == [] and not (tmp_path / "archive").exists()


def test_forced_preliminary_edition_is_stamped_and_refused_by_the_archive(marked_school,
                                                                          tmp_path):
    printed = run_ejsync("print", "journal", "--db", marked_school.path, "--class", "5А",
                         "--period", "Q2", "--as-of", BEFORE_END, "--preliminary",
                         "--out", tmp_path / "archive")
    assert printed.returncode == 0, text(printed)
    ((edition_id, preliminary, as_of, relpath),) = editions(marked_school)
    assert preliminary == 1 and as_of == "2026-12-01T09:00:00Z"
    assert relpath.startswith("preliminary/2026-27/Q2/journal_5А")
    pages = page_texts(next((tmp_path / "archive" / relpath).glob("*.pdf")))
    assert pages and all(STAMP in " ".join(page.split()) for page in pages)
    assert "по состоянию на 1 декабря 2026, 12:00" in " ".join(pages[0].split())

    media = [tmp_path / "disk1", tmp_path / "disk2"]
    copied = run_ejsync("archive", "copy", "--db", marked_school.path,
                        "--to", media[0], "--to", media[1])
    assert copied.returncode == 0, text(copied)
    assert "Скопировано изданий: 0" in text(copied) and "Не для архива" in text(copied)
    assert not any(m.joinpath(relpath).exists() for m in media)
    registered = run_ejsync("archive", "register", "--db", marked_school.path, str(edition_id),
                            "--by", "7")
    assert registered.returncode == 2 and "P-PERIOD-PRINT" in text(registered)
    assert marked_school.connect().execute(
        "SELECT register_no FROM print_editions").fetchone()[0] is None


def test_as_of_in_the_future_is_refused(marked_school, tmp_path):
    result = run_ejsync("print", "journal", "--db", marked_school.path, "--class", "5А",
                        "--period", "Q1", "--as-of", "2099-01-01", "--out", tmp_path / "archive")
    assert result.returncode == 2 and "ещё не наступила" in text(result)
    assert editions(marked_school) == []


def test_nothing_after_the_as_of_instant_is_printed(marked_school, tmp_path, school_key):
    conn = marked_school.connect()
    lesson = conn.execute("SELECT id FROM lessons WHERE class_id = ? AND subject_id = ?"
                          " AND date = '2026-11-23'", (CLASS_5A, MATH)).fetchone()[0]
    # the lessons were entered on their days; one mark before the as-of instant, one after
    conn.execute("UPDATE lessons SET created_at = date || 'T10:00:00Z'")
    for work, entered in (("project", "2026-11-23T12:00:00Z"), ("quiz", "2026-12-01T10:00:00Z")):
        conn.execute("INSERT INTO marks (student_id, subject_id, lesson_id, value, work_type,"
                     " created_by, created_at) VALUES (?, ?, ?, '5', ?, ?, ?)",
                     (IVANOV, MATH, lesson, work, MATH_TEACHER, entered))
    as_of = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    (edition,) = print_journals(conn, period_code="Q2", class_names=["5А"],
                                out=tmp_path / "archive", signer=load_signer(school_key),
                                as_of=as_of, preliminary=True)
    texts = page_texts(next(edition.directory.glob("*.pdf")))
    whole = "\n".join(texts)
    assert "Тема урока 2026-11-30" in whole  # entered before, dated before: printed
    assert "Тема урока 2026-12-02" not in whole and "Тема урока 2026-12-25" not in whole
    maths = [t for t in texts if "Математика — учитель" in t]
    assert any("Проект" in t for t in maths)  # the project mark entered on 23 November
    assert not any("Тест" in t for t in maths)  # the quiz mark entered at 10:00 UTC
    later = print_journals(conn, period_code="Q2", class_names=["5А"],
                           out=tmp_path / "archive", signer=load_signer(school_key),
                           as_of=after(Q2_DONE))[0]
    assert "Тема урока 2026-12-25" in "\n".join(page_texts(next(later.directory.glob("*.pdf"))))


def test_the_api_refuses_an_unfinished_period_unless_asked(marked_school, tmp_path, school_key):
    with pytest.raises(UserError, match="P-PERIOD-PRINT"):
        print_journals(marked_school.connect(), period_code="Q2", class_names=["5А"],
                       out=tmp_path / "archive", signer=load_signer(school_key),
                       as_of=datetime(2026, 12, 24, 12, tzinfo=UTC))


def test_a_preliminary_print_does_not_stand_for_the_agents_edition(marked_school, tmp_path,
                                                                   school_key):
    conn = marked_school.connect()
    print_journals(conn, period_code="Q2", class_names=["5А"], out=tmp_path / "archive",
                   signer=load_signer(school_key), as_of=datetime(2026, 12, 1, tzinfo=UTC),
                   preliminary=True)
    # The register only grows: the same preliminary edition as if printed on 25 December.
    conn.execute(
        "INSERT INTO print_editions (kind, class_id, period_id, path, relpath, manifest_sha256,"
        " source_sha256, generated_at, as_of, preliminary) SELECT kind, class_id, period_id,"
        " path, relpath, manifest_sha256, source_sha256, '2026-12-25T07:00:00Z', as_of,"
        " preliminary FROM print_editions")
    runs = run_due(conn, today=date(2026, 12, 25), out_dir=tmp_path / "archive",
                   signer=load_signer(school_key))
    journal = next(r for r in runs if r.key == "journal:2026-27:Q2:5А")
    assert journal.status == "done"
    assert conn.execute("SELECT preliminary FROM print_editions WHERE id = ?",
                        (journal.edition_id,)).fetchone()[0] == 0
