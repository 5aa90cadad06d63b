"""The access letter: a one-page A4 PDF/A whose QR code decodes to the family's otpauth URI,
for families of one to four children (issue 15)."""

from __future__ import annotations

import re
import stat
import subprocess
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from pypdf import PdfReader

from ejsync.family_codes import totp
from ejsync.store import transaction
from tests.access.conftest import issue_code, issue_in_process
from tests.printing.layout import pdfa_failures, problems, sheets
from tests.tiny_school import CLASS_10A, TinySchool


def _decode_qr(pdf: Path, workdir: Path) -> str:
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", str(pdf),
                    str(workdir / "page")], check=True)
    result = subprocess.run(["zbarimg", "--raw", "-q", str(workdir / "page.png")],
                            capture_output=True, text=True, check=True)
    return result.stdout.strip()


def test_letter_qr_decodes_to_the_uri_and_the_text_covers_everything(
    tiny_school, key_file, tmp_path
):
    record = issue_code(tiny_school, key_file, 1, letter_dir=tmp_path / "letters")
    letter = Path(record["letter"])
    assert letter.name == "family-1-v1.pdf"
    assert stat.S_IMODE(letter.stat().st_mode) == 0o600
    assert _decode_qr(letter, tmp_path) == record["otpauth_uri"]

    reader = PdfReader(letter)
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    text = subprocess.run(["pdftotext", "-layout", str(letter), "-"],
                          capture_output=True, text=True, check=True).stdout
    secret = parse_qs(urlparse(record["otpauth_uri"]).query)["secret"][0]
    for expected in ("Семья Ивановых", "ivanovy", "Иванов Артём Сергеевич, 5А класс",
                     "Попова Ева Романовна, 5Б класс", totp.grouped(secret),
                     "МБОУ СШ № 7", "Если телефон потерян", "аутентификатор"):
        assert expected in text, expected
    fonts = subprocess.run(["pdffonts", str(letter)], capture_output=True, text=True).stdout
    assert "DejaVuSans" in fonts
    assert all(line.split()[-5] == "yes" for line in fonts.splitlines()[2:])


def test_reissue_writes_a_new_letter_with_the_new_uri(tiny_school, key_file, tmp_path):
    first = issue_in_process(tiny_school, key_file, 2)
    second = issue_code(tiny_school, key_file, 2, "reissue", letter_dir=tmp_path / "letters")
    assert Path(second["letter"]).name == "family-2-v2.pdf"
    decoded = _decode_qr(Path(second["letter"]), tmp_path)
    assert decoded == second["otpauth_uri"] != first.uri


@pytest.fixture
def four_children(tiny_school) -> TinySchool:
    """The Ivanov family with two more children (four in all) and a long diary address."""
    conn = tiny_school.connect()
    with transaction(conn):
        for student, (last, first, middle) in enumerate(
                [("Иванова", "Василиса", "Сергеевна"), ("Иванов", "Константин", "Сергеевич")],
                start=901):
            conn.execute("INSERT INTO students (id, last_name, first_name, middle_name, gender,"
                         " family_id) VALUES (?, ?, ?, ?, '', 1)", (student, last, first, middle))
            conn.execute("INSERT INTO enrollments (student_id, class_id, from_date)"
                         " VALUES (?, ?, '2026-09-01')", (student, CLASS_10A))
        conn.execute("UPDATE school SET diary_url = ?", (LONG_URL,))
    conn.close()
    return tiny_school


LONG_URL = "https://dnevnik.municipal-school-number-seven.example.ru/diary/"


@pytest.mark.parametrize("children", [1, 2, 3, 4])
def test_letter_for_up_to_four_children_is_one_valid_page(four_children, key_file, tmp_path,
                                                          children):
    conn = four_children.connect()
    with transaction(conn):
        keep = [r[0] for r in conn.execute(
            "SELECT id FROM students WHERE family_id = 1 ORDER BY id")][:children]
        conn.execute(f"UPDATE students SET family_id = NULL WHERE family_id = 1 AND id NOT IN"
                     f" ({','.join('?' * len(keep))})", keep)
    conn.close()
    record = issue_code(four_children, key_file, 1, letter_dir=tmp_path / "letters")
    letter = Path(record["letter"])
    assert len(PdfReader(letter).pages) == 1
    assert problems(letter, min_content=10) == []
    assert pdfa_failures(letter) == []
    assert _decode_qr(letter, tmp_path) == record["otpauth_uri"]
    (sheet,) = sheets(letter)
    assert any(LONG_URL in line.text for line in sheet.lines)  # never broken inside
    assert "Выдал:" in sheet.flat and "Получил(а):" in sheet.flat
    assert sum(1 for line in sheet.lines if re.search(r", \d{1,2}[А-Я] класс", line.text)) \
        == children
