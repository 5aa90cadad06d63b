"""Every kind of edition of the whole demo school, checked by machine as a signer checks it on
paper (issue 15): no text under 7 pt, no sheet of only signatures, no signature starting a sheet,
no sheet of one or two orphan lines, sheet budgets kept, PDF/A-2b valid."""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from ejsync.config import PROJECT_ROOT
from ejsync.printing.jobs import print_family_week, print_journals, print_summary
from ejsync.printing.signing import load_signer
from ejsync.profiles import PROFILE_DIR_ENV
from ejsync.store import connect
from tests.printing.conftest import Q2_DONE, YEAR_DONE, after
from tests.printing.layout import pdfa_failures, problems, sheets

WEEK = date(2026, 11, 16)


@pytest.fixture(scope="module")
def demo(tmp_path_factory, school_key) -> dict:
    """The issue's demo school (200 students, seed 7) keeping a health sheet, and every edition
    of it: Q2 and H1 journals, the year summary, one- and two-week family printouts."""
    folder = tmp_path_factory.mktemp("layout")
    db = folder / "school.db"
    subprocess.run([sys.executable, "-m", "ejsync", "demo", "--students", "200", "--seed", "7",
                    "--until", "2026-12-26", "--db", str(db)], check=True, cwd=PROJECT_ROOT,
                   capture_output=True, timeout=300)
    profiles = folder / "profiles"
    profiles.mkdir()
    (profiles / "health.toml").write_text(
        'extends = "default"\ntitle = "С листком здоровья"\n[print]\nhealth_sheet = true\n',
        encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(PROFILE_DIR_ENV, str(profiles))
        conn = connect(db)
        conn.execute("UPDATE settings SET value = 'health' WHERE key = 'profile'")
        signer, out = load_signer(school_key), folder / "archive"
        journals = [*print_journals(conn, period_code="Q2", out=out, signer=signer,
                                    as_of=after(Q2_DONE)),
                    *print_journals(conn, period_code="H1", out=out, signer=signer,
                                    as_of=after(Q2_DONE))]
        summary = print_summary(conn, start_year=2026, out=out, signer=signer,
                                as_of=after(YEAR_DONE))
        weekly = print_family_week(conn, week=WEEK, out=out, signer=signer, weeks=1)
        fortnight = print_family_week(conn, week=WEEK, out=out, signer=signer, weeks=2)
    return {"conn": conn, "journals": journals, "summary": summary, "weekly": weekly,
            "fortnight": fortnight}


def pdf_of(edition) -> Path:
    return next(edition.directory.glob("*.pdf"))


def all_pdfs(demo) -> list[Path]:
    editions = [*demo["journals"], demo["summary"], demo["weekly"], demo["fortnight"]]
    return [pdf_of(e) for e in editions]


def test_every_sheet_of_every_edition_keeps_the_rules(demo):
    found = [problem for pdf in all_pdfs(demo) for problem in problems(pdf)]
    assert found == []
    assert len(demo["journals"]) == 11 and not any(e.preliminary for e in demo["journals"])


def test_every_edition_is_valid_pdfa_2b(demo):
    assert {pdf.name: pdfa_failures(pdf) for pdf in all_pdfs(demo)} == {
        pdf.name: [] for pdf in all_pdfs(demo)}


def test_title_page_holds_the_class_list_and_its_certification(demo):
    conn = demo["conn"]
    for edition in demo["journals"]:
        first = sheets(pdf_of(edition))[0].flat
        klass, code = edition.relpath.rsplit("_", 1)[1], edition.relpath.split("/")[1]
        names = [f"{r[0]} {r[1]}" for r in conn.execute(
            "SELECT s.last_name, s.first_name FROM students s JOIN enrollments e"
            " ON e.student_id = s.id JOIN classes c ON c.id = e.class_id JOIN periods p"
            " ON p.code = ? WHERE c.name = ? AND e.from_date <= p.ends_on"
            " AND IFNULL(e.to_date, '9999-12-31') >= p.starts_on", (code, klass))]
        assert names and all(name in first for name in names), klass
        for field in ("Классный руководитель", "Заместитель директора", "Директор", "М. П.",
                      "(подпись)"):
            assert field in first, (klass, field)


def _parts(pdf: Path) -> dict[str, list]:
    """Sheets by the part their running head names ('Математика — учитель Числова М. А.')."""
    parts: dict[str, list] = {}
    for sheet in sheets(pdf):
        head = next((ln.text for ln in sheet.head if "класс ·" in ln.text), None)
        if head:
            parts.setdefault(re.sub(r" \d+[А-Я] класс ·.*$", "", head), []).append(sheet)
    return parts


def test_every_subject_sheet_names_its_teacher_and_the_last_one_is_signed(demo):
    for edition in demo["journals"]:
        subject_sheets = 0
        for head, part in _parts(pdf_of(edition)).items():
            if " — учитель " not in head:
                continue
            subject_sheets += len(part)
            teacher = head.split(" — учитель ", 1)[1]
            last = part[-1].flat
            assert "Учитель:" in last and "(подпись)" in last and " г." in last, head
            assert teacher in last.split("Учитель:")[-1], head
        assert subject_sheets > 0, edition.relpath


def test_contents_point_at_the_sheets_where_parts_begin(demo):
    pdf = pdf_of(demo["journals"][4])
    pages = sheets(pdf)
    contents = pages[1].body
    assert contents.startswith("Содержание")
    entries = re.findall(r"^(.+?)[ .]+(\d+)$", contents, re.MULTILINE)
    assert len(entries) >= 10
    for title, number in entries:
        assert title.strip(" .") in pages[int(number) - 1].flat, (title, number)


def test_two_lessons_on_one_date_have_their_own_columns(demo):
    conn = demo["conn"]
    conn.row_factory = sqlite3.Row
    double = conn.execute(
        "SELECT c.name AS class_name, s.name AS subject, l.date FROM lessons l"
        " JOIN classes c ON c.id = l.class_id JOIN subjects s ON s.id = l.subject_id"
        " WHERE l.subgroup_id IS NULL AND l.date BETWEEN '2026-11-05' AND '2026-12-24'"
        " AND c.grade <= 9 GROUP BY l.class_id, l.subject_id, l.date HAVING COUNT(*) > 1"
        " ORDER BY c.grade LIMIT 1").fetchone()
    assert double is not None
    slots = [r[0] for r in conn.execute(
        "SELECT l.slot FROM lessons l JOIN classes c ON c.id = l.class_id JOIN subjects s"
        " ON s.id = l.subject_id WHERE c.name = ? AND s.name = ? AND l.date = ?"
        " ORDER BY l.slot", (double["class_name"], double["subject"], double["date"]))]
    edition = next(e for e in demo["journals"] if e.relpath.endswith(double["class_name"]))
    day = f"{double['date'][8:10]}.{double['date'][5:7]}"
    heads = [sheet for head, part in _parts(pdf_of(edition)).items()
             if head.startswith(double["subject"] + " —") for sheet in part]
    labels = set()
    for sheet in heads:
        lines = [ln.text.split() for ln in sheet.lines]
        for dates, under in zip(lines, lines[1:], strict=False):
            if day in dates and "ур." in under:
                numbers = [t for t in under if t.isdigit()]
                labels |= {numbers[i] for i, d in enumerate(dates) if d == day}
    assert labels == {str(s) for s in slots}


def test_hours_planned_and_given_under_each_subject(demo):
    conn = demo["conn"]
    edition = next(e for e in demo["journals"] if e.relpath.endswith("_5А"))
    text = " ".join(s.flat for s in sheets(pdf_of(edition)))
    given = conn.execute(
        "SELECT COUNT(*) FROM lessons l JOIN classes c ON c.id = l.class_id JOIN subjects s"
        " ON s.id = l.subject_id WHERE c.name = '5А' AND s.name = 'Математика'"
        " AND l.date BETWEEN '2026-11-05' AND '2026-12-25'").fetchone()[0]
    assert given > 0
    found = re.findall(r"По расписанию на период — (\d+) ч, дано — (\d+) ч", text)
    assert len(found) >= 10 and str(given) in {g for _, g in found}


def test_health_remarks_and_legend_sheets(demo):
    for edition in demo["journals"]:
        pages = sheets(pdf_of(edition))
        assert pages[2].body.startswith("Листок здоровья"), edition.relpath
        assert "Медицинский работник:" in pages[2].flat
        assert pages[-1].body.startswith("Замечания по ведению журнала")
        assert "Заместитель директора:" in pages[-1].flat
        legend = [p for p in pages if "Обозначения" in p.flat and "Виды работ:" in p.flat]
        assert len(legend) == 1 and "исправленная отметка" in legend[0].flat


def test_summary_is_one_sheet_per_class(demo):
    conn = demo["conn"]
    classes = [r[0] for r in conn.execute("SELECT name FROM classes ORDER BY grade, name")]
    pages = sheets(pdf_of(demo["summary"]))
    assert len(pages) == len(classes) == demo["summary"].pages
    for page, name in zip(pages, classes, strict=True):
        assert f"{name} класс" in page.flat and "М. П." in page.flat and "Директор" in page.flat


@pytest.mark.parametrize(("key", "weeks"), [("weekly", 1), ("fortnight", 2)])
def test_family_printout_is_one_sheet_per_child_and_week(demo, key, weeks):
    edition = demo[key]
    conn = demo["conn"]
    students = conn.execute("SELECT COUNT(*) FROM family_printouts WHERE edition_id = ?",
                            (edition.id,)).fetchone()[0]
    pages = sheets(pdf_of(edition))
    assert students >= 10
    assert students <= len(pages) <= students * weeks
    for page in pages:
        assert "С отметками ознакомлен(а)" in page.flat and "родитель" in page.flat
        assert "Классный руководитель:" in page.flat
    names = [re.search(r"Обучающийся: (.+?) Класс", p.flat).group(1) for p in pages]
    assert max(names.count(n) for n in names) <= weeks


BAD_SHEETS = """#set page(paper: "a4", margin: (x: 12mm, top: 13mm, bottom: 12mm),
  footer: context [Лист #counter(page).get().first()])
#text(size: 6pt)[Мелкий текст: первая строка] \\
Вторая строка \\
Третья строка
#pagebreak()
Директор: Иванов И. И. #box(width: 30mm, repeat[\\_]) (подпись)
"""


def test_the_checker_catches_the_defects_of_issue_15(tmp_path):
    """Not a rubber stamp: 6 pt text, a sheet of only a signature and a file that is not
    PDF/A are each reported."""
    import typst

    pdf = tmp_path / "bad.pdf"
    pdf.write_bytes(typst.compile(BAD_SHEETS.encode(), ignore_system_fonts=True,
                                  font_paths=["/usr/share/fonts/truetype/dejavu"]))
    found = problems(pdf)
    assert any("лист 1: текст мельче 7 pt" in p for p in found)
    assert any("лист 2: на листе одни подписи" in p for p in found)
    assert any("лист 2: на листе 0 строк" in p for p in found)
    assert not any("лист 1: на листе" in p for p in found)
    assert any("PDFA2B-ID-SCHEMA" in f for f in pdfa_failures(pdf))
