"""Reading a printed PDF's sheets as a person checks them before signing: text lines with their
positions (poppler's pdftotext), font sizes (the content streams, through pikepdf), which lines are signature fields, what breaks the rules of
issue 15, and a PDF/A-2b validation (page, a validator that passes the veraPDF corpus)."""

from __future__ import annotations

import html
import re
import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import page as pdfa
import pikepdf

MIN_SIZE = 7.0  # pt: no text under this size
MIN_CONTENT_LINES = 3  # a sheet carries at least this many lines besides heads and signatures
MM = 72 / 25.4
TOP_MARGIN, BOTTOM_MARGIN = 13 * MM, 12 * MM
SIGNATURE = re.compile(
    r"\(подпись\)|«_|_{4,}|^М\. П\.$|20_+ ?г\.|^(Учитель|Классный руководитель|Заместитель"
    r" директора|Директор|Медицинский работник|Выдал|Получил\(а\)|С отметками ознакомлен)")
SHEET_NUMBER = re.compile(r"(Лист|стр\.) \d+")
PAGE = re.compile(r'<page width="[\d.]+" height="([\d.]+)">(.*?)</page>', re.DOTALL)
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">'
                  r"(.*?)</word>")
IDENTITY = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0]


@dataclass(frozen=True)
class Line:
    """One text line of a sheet: its text, smallest font size and vertical place."""

    text: str
    size: float
    top: float
    bottom: float

    @property
    def signature(self) -> bool:
        """A signature field: a role to sign, the line, «(подпись)», the date blank, «М. П.»."""
        return bool(SIGNATURE.search(self.text))


@dataclass(frozen=True)
class Sheet:
    """One page: its body lines (no running head, no footer) and the whole text."""

    number: int
    lines: list[Line]
    head: list[Line]
    height: float
    text: str

    @property
    def flat(self) -> str:
        """The sheet's text on one line, single-spaced (for phrases a layout wraps)."""
        return " ".join(self.text.split())

    @property
    def body(self) -> str:
        """The body lines as text, without running head and footer."""
        return "\n".join(line.text for line in self.lines)

    @property
    def content(self) -> list[Line]:
        """Body lines that are not signature fields."""
        return [line for line in self.lines if not line.signature]


@cache
def sheets(pdf: Path) -> list[Sheet]:
    """Every page of `pdf` as text lines (poppler's words grouped by baseline) with the smallest
    font size set on the page, split into head (top and bottom margins) and body."""
    words = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True,
                           text=True, check=True).stdout
    smallest = smallest_sizes(pdf)
    found = []
    for number, (height, body) in enumerate(PAGE.findall(words), start=1):
        rows: dict[int, list[tuple[float, float, float, str]]] = {}
        for x_min, y_min, y_max, text in WORD.findall(body):
            rows.setdefault(round(float(y_max)), []).append(
                (float(x_min), float(y_min), float(y_max), html.unescape(text)))
        lines = []
        for key in sorted(rows):
            row = sorted(rows[key])
            text = " ".join(w[3] for w in row).replace("\u2060", "").strip()
            lines.append(Line(text, smallest[number - 1],
                              min(w[1] for w in row), max(w[2] for w in row)))
        page_height = float(height)
        head = [ln for ln in lines if ln.bottom <= TOP_MARGIN
                or ln.top >= page_height - BOTTOM_MARGIN]
        found.append(Sheet(number, [ln for ln in lines if ln not in head], head, page_height,
                           "\n".join(ln.text for ln in lines)))
    return found


def smallest_sizes(pdf: Path) -> list[float]:
    """The smallest effective font size (Tf size times the text and page matrices) each page
    shows text in, from its content stream."""
    sizes = []
    with pikepdf.open(pdf) as document:
        for page in document.pages:
            ctm, stack, matrix, size, smallest = IDENTITY, [], IDENTITY, 0.0, float("inf")
            for operands, operator in pikepdf.parse_content_stream(page):
                name = str(operator)
                if name == "q":
                    stack.append(ctm)
                elif name == "Q":
                    ctm = stack.pop()
                elif name == "cm":
                    ctm = _times([float(x) for x in operands], ctm)
                elif name == "BT":
                    matrix = IDENTITY
                elif name == "Tm":
                    matrix = [float(x) for x in operands]
                elif name == "Tf":
                    size = float(operands[1])
                elif name in ("Tj", "TJ", "'", '"'):
                    m = _times(matrix, ctm)
                    smallest = min(smallest, size * abs(m[0] * m[3] - m[1] * m[2]) ** 0.5)
            sizes.append(round(smallest, 2))
    return sizes


def _times(a: list[float], b: list[float]) -> list[float]:
    """The product of two PDF matrices [a b c d e f]."""
    return [a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3],
            a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3],
            a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5]]


def problems(pdf: Path, *, min_content: int = MIN_CONTENT_LINES) -> list[str]:
    """What a signer would object to on each sheet: text under 7 pt, text off the sheet or in the
    footer, a sheet of only signature fields, a signature field that starts a sheet, a sheet with
    fewer than `min_content` lines of content, a sheet without its number."""
    found = []
    for sheet in sheets(pdf):
        where = f"{pdf.name}, лист {sheet.number}"
        small = sorted({ln.size for ln in sheet.lines + sheet.head if ln.size < MIN_SIZE - 0.01})
        if small:
            found.append(f"{where}: текст мельче 7 pt ({small})")
        # a line's box includes its descent, which Typst hangs below the text area: 3 pt slack
        if any(ln.bottom > sheet.height - BOTTOM_MARGIN + 3 for ln in sheet.lines):
            found.append(f"{where}: текст заходит на поле внизу листа")
        if not any(SHEET_NUMBER.search(ln.text) for ln in sheet.head):
            found.append(f"{where}: нет номера листа")
        if sheet.lines and not sheet.content:
            found.append(f"{where}: на листе одни подписи")
        elif sheet.lines and sheet.lines[0].signature:
            found.append(f"{where}: лист начинается с подписи «{sheet.lines[0].text}»")
        if len(sheet.content) < min_content:
            found.append(f"{where}: на листе {len(sheet.content)} строк(и) содержания")
    return found


def pdfa_failures(pdf: Path) -> list[str]:
    """PDF/A-2b findings of the validator, less its false alarm on a stream whose compressed
    bytes end in CR before the EOL: such a stream is checked here against ISO 19005-2 6.1.7.1
    (its /Length counts exactly the bytes between `stream` EOL and the EOL before `endstream`)."""
    report = pdfa.validate_pdf(pdf, profile=pdfa.ValidationProfile.PDF_A_2B)
    failures = [f"{f.rule_id}: {f.message}" for f in report.failures]
    if any(f.rule_id == "PDFA2B-STREAM-LENGTH-001" for f in report.failures):
        failures = [f for f in failures if not f.startswith("PDFA2B-STREAM-LENGTH-001")]
        failures += _stream_lengths(pdf)
    return failures


def _stream_lengths(pdf: Path) -> list[str]:
    """Streams whose /Length is not the count of bytes between `stream\\n` and `\\nendstream`."""
    data = pdf.read_bytes()
    wrong = []
    with pikepdf.open(pdf) as document:
        for obj in document.objects:
            if not isinstance(obj, pikepdf.Stream) or obj.objgen == (0, 0):
                continue
            start = re.search(rb"\n%d %d obj\b" % obj.objgen, data)
            if start is None:
                continue  # inside an object stream: no /Length of its own in the file
            begin = data.index(b"stream\n", start.end()) + len(b"stream\n")
            end = data.index(b"endstream", begin)
            length = int(obj.stream_dict.Length)
            if data[begin + length:end] != b"\n":
                wrong.append(f"{obj.objgen}: /Length {length} ≠ {end - begin - 1}")
    return wrong
