"""The period journal PDF: contents equal the database, PDF/A, fonts, a real grid, R-PERIODS."""

from __future__ import annotations

import shutil
import sqlite3
from collections import Counter
from pathlib import Path

import pikepdf
import pytest
from PIL import Image

from ejsync.grading import format_average, weighted_average
from ejsync.printing.jobs import print_journals
from ejsync.printing.signing import load_signer
from tests.printing.conftest import Q2_DONE, after, run_ejsync
from tests.printing.pdf_text import page_texts, section_row_tokens
from tests.printing.school_rows import add_quarter_of_maths
from tests.tiny_school import (
    CLASS_5A,
    ENGLISH,
    GROUP_1,
    IVANOV,
    KUZNETSOVA,
    MATH,
    PETROVA,
    SIDOROV,
    TinySchool,
)

CURRENT = "NOT EXISTS (SELECT 1 FROM marks c WHERE c.corrects_id = m.id)"


def expected_cells(conn: sqlite3.Connection, student: int, subject: int, group: int | None):
    """What the grid must show for a student: marks (corrected flagged) and absence codes."""
    lessons = ("SELECT id FROM lessons WHERE class_id = ? AND subject_id = ?"
               " AND IFNULL(subgroup_id, 0) = ? AND date BETWEEN '2026-11-05' AND '2026-12-26'")
    args = (CLASS_5A, subject, group or 0)
    marks = [r[0] + ("*" if r[1] else "") for r in conn.execute(
        f"SELECT value, corrects_id FROM marks m WHERE kind = 'current' AND student_id = ?"
        f" AND lesson_id IN ({lessons}) AND {CURRENT}", (student, *args))]
    codes = [r[0] for r in conn.execute(
        f"SELECT code FROM attendance WHERE student_id = ? AND lesson_id IN ({lessons})",
        (student, *args))]
    weights = [(r[0], r[1]) for r in conn.execute(
        f"SELECT value, weight FROM marks m JOIN work_types w ON w.code = m.work_type"
        f" WHERE m.kind = 'current' AND student_id = ? AND lesson_id IN ({lessons})"
        f" AND {CURRENT}",
        (student, *args))]
    period = conn.execute(
        f"SELECT value, corrects_id FROM marks m JOIN periods p ON p.id = m.period_id"
        f" WHERE kind = 'period' AND p.code = 'Q2' AND student_id = ? AND subject_id = ?"
        f" AND {CURRENT}", (student, subject)).fetchone()
    final = period[0] + ("*" if period[1] else "") if period else "—"
    missed = sum(1 for c in codes if c != "О")
    return Counter(marks + codes), [final, format_average(weighted_average(weights)) or "—",
                                    str(missed)]


def print_journal(school, out: Path, klass: str = "5А", period: str = "Q2"):
    return run_ejsync("print", "journal", "--db", school.path, "--class", klass,
                      "--period", period, "--out", out)


@pytest.fixture(scope="module")
def printed(_tiny_school_template, school_key, tmp_path_factory) -> tuple[TinySchool, Path]:
    """One marked school and its 5А Q2 journal as the agent prints it on Q2's penultimate day,
    shared by the read-only tests of this module."""
    folder = tmp_path_factory.mktemp("journal")
    school = TinySchool(folder / "school.db")
    shutil.copyfile(_tiny_school_template, school.path)
    conn = school.connect()
    add_quarter_of_maths(conn)
    (edition,) = print_journals(conn, period_code="Q2", out=folder / "archive",
                                class_names=["5А"], signer=load_signer(school_key),
                                as_of=after(Q2_DONE))
    conn.close()
    assert not edition.preliminary
    return school, folder / "archive" / "2026-27" / "Q2" / "journal_5А" / "journal_5А_Q2.pdf"


@pytest.fixture
def marked_school(printed) -> TinySchool:
    return printed[0]


@pytest.fixture
def journal_pdf(printed) -> Path:
    return printed[1]


@pytest.mark.parametrize(("heading", "subject", "group", "students"), [
    ("Математика", MATH, None, ["Иванов Артём", "Петрова Алиса", "Сидоров Максим",
                                "Кузнецова Дарья"]),
    ("Английский язык, 1 группа", ENGLISH, GROUP_1, ["Иванов Артём", "Петрова Алиса"]),
])
def test_grid_text_equals_database(marked_school, journal_pdf, heading, subject, group, students):
    ids = {"Иванов Артём": IVANOV, "Петрова Алиса": PETROVA, "Сидоров Максим": SIDOROV,
           "Кузнецова Дарья": KUZNETSOVA}
    conn = marked_school.connect()
    for name in students:
        rows = section_row_tokens(journal_pdf, heading, name)
        assert rows, f"no grid row for {name} under {heading}"
        cells, tail = expected_cells(conn, ids[name], subject, group)
        printed = [token for row in rows for token in row]
        assert printed[-3:] == tail
        cell_tokens = Counter(printed[:-3])
        assert cell_tokens == cells, name
    assert sum(len(r) for r in section_row_tokens(journal_pdf, heading, "Нет Такого")) == 0


def test_subgroup_sheet_lists_only_its_members(journal_pdf):
    assert section_row_tokens(journal_pdf, "Английский язык, 1 группа", "Сидоров Максим") == []
    assert section_row_tokens(journal_pdf, "Английский язык, 2 группа", "Сидоров Максим")


def test_corrections_signatures_and_sheet_numbers(marked_school, journal_pdf):
    texts = page_texts(journal_pdf)
    whole = "\n".join(texts)
    assert "ошибка при вводе" in whole and "Исправленному верить" in whole
    assert "Завучева З. П." in whole
    for number, text in enumerate(texts, start=1):
        assert f"Лист {number} из {len(texts)}" in text
    pages = marked_school.connect().execute("SELECT pages FROM print_editions").fetchone()[0]
    assert pages == len(texts)
    assert "Классный руководитель" in texts[0] and "Директор" in texts[0] and "М. П." in texts[0]
    for teacher in ("Числова М. А.", "Буквин Р. О.", "Лингвова Е. В."):
        assert any(f"Учитель: {teacher}" in t.replace("\n", " ") or
                   ("Учитель:" in t and teacher in t) for t in texts), teacher
    topics = marked_school.connect().execute(
        "SELECT topic, homework FROM lessons WHERE class_id = ? AND date BETWEEN"
        " '2026-11-05' AND '2026-12-26'", (CLASS_5A,)).fetchall()
    for topic, homework in topics:
        assert topic in whole and homework in whole


def test_pdfa_identification_and_embedded_fonts(journal_pdf):
    with pikepdf.open(journal_pdf) as pdf:
        meta = pdf.open_metadata()
        assert meta.get("pdfaid:part") == "2" and meta.get("pdfaid:conformance") == "B"
        fonts = []
        for page in pdf.pages:
            for font in page.Resources.get("/Font", {}).values():
                descendants = font.get("/DescendantFonts", [font])
                for face in descendants:
                    fonts.append(face.FontDescriptor)
        assert fonts
        assert all("/FontFile2" in d or "/FontFile3" in d or "/FontFile" in d for d in fonts)
        assert all("DejaVu" in str(d.FontName) for d in fonts)


def test_grid_page_renders_ink_in_the_grid(journal_pdf, tmp_path):
    import subprocess

    subprocess.run(["pdftoppm", "-r", "50", "-png", "-f", "3", "-l", "3", journal_pdf,
                    tmp_path / "sheet"], check=True)
    image = Image.open(next(tmp_path.glob("sheet*.png"))).convert("L")
    width, height = image.size
    grid = image.crop((int(width * 0.2), int(height * 0.08), int(width * 0.9), int(height * 0.2)))
    dark = sum(grid.histogram()[:128])
    assert dark > 0.02 * grid.size[0] * grid.size[1]
    margin = image.crop((0, int(height * 0.75), width, int(height * 0.9)))
    assert sum(margin.histogram()[:128]) == 0


@pytest.mark.parametrize(("klass", "period", "allowed"), [("5А", "H1", "Q1"), ("10А", "Q2", "H1")])
def test_wrong_period_is_refused_in_russian(tiny_school, tmp_path, klass, period, allowed):
    conn = tiny_school.connect()
    before = conn.execute("SELECT COUNT(*) FROM print_editions").fetchone()[0]
    result = print_journal(tiny_school, tmp_path / "archive", klass, period)
    assert result.returncode == 2
    message = " ".join(result.stderr.split())
    assert "R-PERIODS" in message and klass in message and allowed in message
    assert conn.execute("SELECT COUNT(*) FROM print_editions").fetchone()[0] == before
    assert not (tmp_path / "archive").exists()


def test_half_year_journal_for_grade_ten(tiny_school, tmp_path, school_key):
    print_journals(tiny_school.connect(), period_code="H1", out=tmp_path / "archive",
                   class_names=["10А"], signer=load_signer(school_key), as_of=after(Q2_DONE))
    pdf = tmp_path / "archive" / "2026-27" / "H1" / "journal_10А" / "journal_10А_H1.pdf"
    assert "Тригонометрические уравнения" in "\n".join(page_texts(pdf))
    row = tiny_school.connect().execute(
        "SELECT e.kind, c.name, p.code FROM print_editions e JOIN classes c ON c.id = e.class_id"
        " JOIN periods p ON p.id = e.period_id").fetchone()
    assert tuple(row) == ("journal", "10А", "H1")


def test_period_results_sheet_equals_database(marked_school, journal_pdf):
    page = next(t for t in page_texts(journal_pdf) if t.startswith("Итоги: 2 четверть"))
    conn = marked_school.connect()
    for name, student in (("Иванов Артём", IVANOV), ("Кузнецова Дарья", KUZNETSOVA)):
        marks = [r[0] for r in conn.execute(
            f"SELECT value FROM marks m WHERE kind = 'period' AND student_id = ? AND {CURRENT}"
            " ORDER BY subject_id", (student,))]
        codes = Counter(r[0] for r in conn.execute(
            "SELECT a.code FROM attendance a JOIN lessons l ON l.id = a.lesson_id"
            " WHERE a.student_id = ? AND l.class_id = ?", (student, CLASS_5A)))
        missed = sum(n for code, n in codes.items() if code != "О")
        expected = " ".join([name, *marks, str(missed), str(codes["Б"])])
        assert any(line.split(" ", 1)[1] == expected for line in page.splitlines()
                   if line[:1].isdigit()), expected


def test_class_name_typed_in_latin_or_lower_case_is_found(tiny_school, tmp_path):
    result = print_journal(tiny_school, tmp_path / "archive", "5a", "Q1")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "archive" / "2026-27" / "Q1" / "journal_5А").is_dir()
    unknown = print_journal(tiny_school, tmp_path / "archive", "7Я", "Q2")
    assert unknown.returncode == 2 and "7Я" in unknown.stderr and "5Б" in unknown.stderr
