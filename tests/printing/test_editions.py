"""The year summary, the offline families' weekly printouts and the print schedule."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from ejsync.printing.jobs import print_journals, print_summary
from ejsync.printing.schedule import run_due
from ejsync.printing.signing import load_signer
from tests.printing.conftest import Q2_DONE, YEAR_DONE, after, run_ejsync
from tests.printing.pdf_text import page_texts
from tests.tiny_school import (
    DEPUTY,
    IVANOV,
    KUZNETSOVA,
    MATH,
    MATH_TEACHER,
    PETROVA,
    RUSSIAN,
    RUSSIAN_TEACHER,
    SIDOROV,
)


def text(result) -> str:
    return " ".join((result.stdout + result.stderr).split())


@pytest.fixture
def year_marks(marked_school):
    conn = marked_school.connect()
    year = conn.execute("SELECT id FROM periods WHERE code = 'Y'").fetchone()[0]
    marks = {IVANOV: ("5", "4"), PETROVA: ("4", "4"), SIDOROV: ("3", "3"), KUZNETSOVA: ("4", "5")}
    conn.execute("BEGIN")
    for student, (maths, russian) in marks.items():
        conn.execute("INSERT INTO marks (student_id, subject_id, kind, period_id, value,"
                     " created_by) VALUES (?, ?, 'year', ?, ?, ?)",
                     (student, MATH, year, maths, MATH_TEACHER))
        conn.execute("INSERT INTO marks (student_id, subject_id, kind, period_id, value,"
                     " created_by) VALUES (?, ?, 'year', ?, ?, ?)",
                     (student, RUSSIAN, year, russian, RUSSIAN_TEACHER))
    first = conn.execute("SELECT id FROM marks WHERE kind = 'year' AND student_id = ?"
                         " AND subject_id = ?", (SIDOROV, RUSSIAN)).fetchone()[0]
    conn.execute("INSERT INTO marks (student_id, subject_id, kind, period_id, value, corrects_id,"
                 " correction_reason, created_by) VALUES (?, ?, 'year', ?, '4', ?,"
                 " 'пересчёт после апелляции', ?)", (SIDOROV, RUSSIAN, year, first, DEPUTY))
    conn.execute("COMMIT")
    return marked_school


def test_year_summary_lists_year_marks_and_attendance(year_marks, tmp_path, school_key):
    print_summary(year_marks.connect(), start_year=2026, out=tmp_path / "archive",
                  signer=load_signer(school_key), as_of=after(YEAR_DONE))
    pdf = tmp_path / "archive" / "2026-27" / "Y" / "summary" / "summary_2026-27.pdf"
    texts = page_texts(pdf)
    page = next(t for t in texts if "5А класс" in t)
    lines = page.splitlines()
    expected = {IVANOV: ("Иванов Артём", "5 4"), PETROVA: ("Петрова Алиса", "4 4"),
                SIDOROV: ("Сидоров Максим", "3 4*"), KUZNETSOVA: ("Кузнецова Дарья", "4 5")}
    conn = year_marks.connect()
    for student, (name, marks) in expected.items():
        codes = Counter(dict(conn.execute(
            "SELECT code, COUNT(*) FROM attendance WHERE student_id = ? GROUP BY code",
            (student,))))
        missed = sum(n for c, n in codes.items() if c != "О")
        attendance = " ".join(map(str, [missed, *(codes[c] for c in ("Б", "У", "Н", "н")),
                                        codes["О"]]))
        assert any(line.endswith(f"{name} {marks} {attendance}") for line in lines), name
    assert "Директор" in page and "М. П." in page
    assert len(texts) == 4 and all(f"из {len(texts)}" in t for t in texts)


def test_summary_for_an_unknown_year_is_refused(tiny_school, tmp_path):
    result = run_ejsync("print", "summary", "--db", tiny_school.path, "--year", "2031",
                        "--out", tmp_path / "archive")
    assert result.returncode == 2 and "2031" in text(result) and "--year" in text(result)
    assert not (tmp_path / "archive").exists()


def test_family_printouts_one_page_per_offline_student_by_class(marked_school, tmp_path):
    conn = marked_school.connect()
    conn.execute("UPDATE families SET electronic_access = 0 WHERE title = 'Семья Смирновых'")
    result = run_ejsync("print", "family", "--db", marked_school.path, "--week", "2026-11-18",
                        "--out", tmp_path / "archive")
    assert result.returncode == 0, text(result)
    pdf = tmp_path / "archive" / "2026-27" / "weeks" / "family_2026-11-16" / \
        "family_2026-11-16.pdf"
    texts = page_texts(pdf)
    assert [t.split("Обучающийся: ")[1].split("\n")[0].split(" Класс")[0] for t in texts] == [
        "Лебедев Тимур Ильич", "Сидоров Максим Олегович", "Смирнов Лев Павлович"]
    sidorov = texts[1]
    assert "Иванов" not in sidorov and "Петрова" not in sidorov
    marks = conn.execute(
        "SELECT m.value FROM marks m JOIN lessons l ON l.id = m.lesson_id WHERE m.student_id = ?"
        " AND l.date BETWEEN '2026-11-16' AND '2026-11-22' AND NOT EXISTS"
        " (SELECT 1 FROM marks c WHERE c.corrects_id = m.id)", (SIDOROV,)).fetchall()
    assert marks
    printed = [line for line in sidorov.splitlines() if "(" in line and ")" in line]
    assert sum(line.count("(") for line in printed) >= len(marks)
    for homework, in conn.execute(
        "SELECT homework FROM lessons WHERE class_id = 2 AND subgroup_id IS NULL"
        " AND date BETWEEN '2026-11-16' AND '2026-11-22'"):
        assert homework in sidorov
    rows = conn.execute("SELECT student_id, week_of, edition_id FROM family_printouts"
                        " ORDER BY student_id").fetchall()
    assert [r[0] for r in rows] == [SIDOROV, 5, 9] and {r[1] for r in rows} == {"2026-11-16"}
    assert rows[0][2] == conn.execute("SELECT id FROM print_editions WHERE kind = 'family'"
                                      ).fetchone()[0]


def test_schedule_prints_due_journals_and_week_once(marked_school, tmp_path):
    conn = marked_school.connect()
    runs = run_due(conn, today=date(2026, 12, 25), out_dir=tmp_path / "archive")
    assert sorted(r.key for r in runs) == [
        "family:2026-12-14", "journal:2026-27:H1:10А", "journal:2026-27:Q2:1А",
        "journal:2026-27:Q2:5А", "journal:2026-27:Q2:5Б"]
    assert all(r.status == "done" and r.path.is_dir() for r in runs)
    editions = conn.execute("SELECT COUNT(*) FROM print_editions").fetchone()[0]
    assert run_due(conn, today=date(2026, 12, 25), out_dir=tmp_path / "archive") == []
    assert conn.execute("SELECT COUNT(*) FROM print_editions").fetchone()[0] == editions
    saturday = run_due(conn, today=date(2026, 12, 26), out_dir=tmp_path / "archive")
    assert [(r.key, r.status) for r in saturday] == [("family:2026-12-21", "done")]
    assert run_due(conn, today=date(2026, 12, 26), out_dir=tmp_path / "archive") == []
    assert conn.execute("SELECT COUNT(*) FROM print_runs").fetchone()[0] == 6
    assert conn.execute("SELECT COUNT(*) FROM family_printouts").fetchone()[0] == 2


def test_schedule_without_key_fails_loudly_then_retries(marked_school, tmp_path, monkeypatch,
                                                        school_key):
    conn = marked_school.connect()
    monkeypatch.setenv("EJSYNC_ARCHIVE_KEY", str(tmp_path / "missing.key"))
    runs = run_due(conn, today=date(2026, 11, 23), out_dir=tmp_path / "archive")
    assert [(r.key, r.status) for r in runs] == [("family:2026-11-16", "failed")]
    assert "ejsync archive keygen" in runs[0].message
    assert conn.execute("SELECT COUNT(*) FROM print_editions").fetchone()[0] == 0
    again = run_due(conn, today=date(2026, 11, 23), out_dir=tmp_path / "archive",
                    signer=load_signer(school_key))
    assert [(r.key, r.status) for r in again] == [("family:2026-11-16", "done")]
    assert [tuple(r) for r in conn.execute("SELECT status FROM print_runs")] == [("done",)]


def test_schedule_skips_a_journal_already_printed_by_hand(marked_school, tmp_path, school_key):
    conn = marked_school.connect()
    print_journals(conn, period_code="Q2", class_names=["5А"], out=tmp_path / "archive",
                   signer=load_signer(school_key), as_of=after(Q2_DONE))
    # The register only grows: the same edition as if printed by hand on 25 December.
    conn.execute(
        "INSERT INTO print_editions (kind, class_id, period_id, path, relpath, manifest_sha256,"
        " source_sha256, generated_at, as_of, preliminary) SELECT kind, class_id, period_id,"
        " path, relpath, manifest_sha256, source_sha256, '2026-12-25T07:00:00Z', as_of,"
        " preliminary FROM print_editions")
    runs = run_due(conn, today=date(2026, 12, 25), out_dir=tmp_path / "archive")
    assert "journal:2026-27:Q2:5А" not in {r.key for r in runs}
    assert "journal:2026-27:Q2:5Б" in {r.key for r in runs}


def test_two_week_printouts_when_the_school_chooses_them(marked_school, tmp_path):
    conn = marked_school.connect()
    conn.execute("UPDATE settings SET value = '2' WHERE key = 'offline_printout_weeks'")
    runs = run_due(conn, today=date(2026, 11, 23), out_dir=tmp_path / "archive")
    family = [r for r in runs if r.job == "family"]
    assert [(r.key, r.status) for r in family] == [("family:2026-11-09:2w", "done")]
    texts = page_texts(next(family[0].path.glob("*.pdf")))
    sheets = [t for t in texts if "Сидоров Максим" in t]
    assert len(sheets) == 2  # one sheet a week
    sidorov = "\n".join(sheets)
    assert "за две недели" in sidorov and "9 ноября — 22 ноября 2026" in sidorov
    assert "Задачи к 2026-11-10" in sidorov and "Задачи к 2026-11-20" in sidorov
    assert "Задачи к 2026-11-23" not in sidorov
    assert run_due(conn, today=date(2026, 11, 30), out_dir=tmp_path / "archive") == []
    saturday = run_due(conn, today=date(2026, 12, 5), out_dir=tmp_path / "archive")
    assert [r.key for r in saturday if r.job == "family"] == ["family:2026-11-23:2w"]
