"""Reading printed editions back: text rows of a subject's sheets, from the PDF itself."""

from __future__ import annotations

import re
from pathlib import Path

import pypdf


def page_texts(pdf: Path) -> list[str]:
    """The extracted text of every page."""
    return [page.extract_text() for page in pypdf.PdfReader(pdf).pages]


def section_row_tokens(pdf: Path, heading: str, student: str) -> list[list[str]]:
    """Tokens after the student's name on each grid sheet headed `heading` (a subject line)."""
    rows = []
    pattern = re.compile(rf"^\d+ {re.escape(student)} ?(.*)$")
    for text in page_texts(pdf):
        lines = text.splitlines()
        if not lines or not lines[0].startswith(f"{heading} "):
            continue
        for line in lines[1:]:
            match = pattern.match(line)
            if match:
                rows.append(match.group(1).split())
    return rows
