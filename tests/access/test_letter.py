"""The access letter: a one-page A4 PDF whose QR code decodes to the family's otpauth URI."""

from __future__ import annotations

import stat
import subprocess
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from pypdf import PdfReader

from ejsync.access import totp
from tests.access.conftest import issue_code, issue_in_process


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
