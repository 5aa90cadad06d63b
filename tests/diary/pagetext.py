"""Read diary pages the way a test needs: rows of the week view, visible text."""

from __future__ import annotations

from dataclasses import dataclass

import lxml.html


@dataclass
class LessonRow:
    """What one row of the week view shows."""

    day: str
    subject: str
    work: str
    marks: str


def visible_text(html: str) -> str:
    """The text a reader sees, whitespace collapsed."""
    return " ".join(" ".join(lxml.html.fromstring(html).itertext()).split())


def lesson_rows(html: str) -> list[LessonRow]:
    """Every lesson row of a week page with its day id, subject, work and marks cells."""
    tree = lxml.html.fromstring(html)
    rows = []
    for section in tree.xpath("//section[contains(@class, 'day')]"):
        for row in section.xpath(".//table[@class='lessons']/tbody/tr"):
            rows.append(LessonRow(
                day=section.get("id")[1:],
                subject=(row.xpath("./th")[0].text or "").strip(),
                work=_text(row, "work"),
                marks=_text(row, "marks"),
            ))
    return rows


def _text(row, cls: str) -> str:
    return " ".join(row.xpath(f"./td[@class='{cls}']")[0].text_content().split())
