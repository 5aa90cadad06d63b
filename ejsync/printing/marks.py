"""Mark chains as paper shows them: the current mark, flagged when it was corrected."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from ejsync.printing.people import short_name
from ejsync.render import ru_date, ru_datetime

# Short column labels of the work types (R-MARK-DATE); the legend prints the full titles.
WORK_TYPE_LABELS = {
    "answer": "Отв", "homework": "ДЗ", "independent": "С/р", "test": "К/р", "check": "Пров",
    "lab": "Л/р", "practical": "Пр/р", "dictation": "Дикт", "essay": "Соч", "exposition": "Изл",
    "quiz": "Тест", "project": "Проект", "notebook": "Тетр",
}
CORRECTION_FLAG = "*"


def work_label(code: str | None, title: str = "") -> str:
    """The short label of a work type for a column header."""
    if not code:
        return ""
    return WORK_TYPE_LABELS.get(code, title[:4] or code)


@dataclass(frozen=True)
class PrintedMark:
    """The current mark of a chain; `history` holds the earlier values when corrected."""

    row: sqlite3.Row
    history: tuple[sqlite3.Row, ...]

    @property
    def corrected(self) -> bool:
        return bool(self.history)

    @property
    def text(self) -> str:
        """The value as printed: '4', or '4*' when it replaced an earlier mark."""
        return self.row["value"] + (CORRECTION_FLAG if self.corrected else "")


def current_marks(rows: list[sqlite3.Row]) -> list[PrintedMark]:
    """The current mark of every chain among `rows` (all rows of the chains), with history."""
    by_id = {r["id"]: r for r in rows}
    corrected_ids = {r["corrects_id"] for r in rows if r["corrects_id"] is not None}
    printed = []
    for row in rows:
        if row["id"] in corrected_ids:
            continue
        history, earlier = [], row["corrects_id"]
        while earlier is not None and earlier in by_id:
            history.append(by_id[earlier])
            earlier = by_id[earlier]["corrects_id"]
        printed.append(PrintedMark(row, tuple(reversed(history))))
    return printed


def correction_note(
    conn: sqlite3.Connection, mark: PrintedMark, student: str, when: str, timezone: str
) -> str:
    """One line of the corrections list: who, what, from what to what, why, by whom, when."""
    values = " → ".join(f"«{r['value']}»" for r in (*mark.history, mark.row))
    author = conn.execute("SELECT * FROM staff WHERE id = ?", (mark.row["created_by"],)).fetchone()
    return (
        f"{student}, {when}: {values}. Причина: {mark.row['correction_reason']}."
        f" Исправил(а) {short_name(author)}, {ru_datetime(mark.row['created_at'], timezone)}."
    )


def short_date(iso: str) -> str:
    """'16.11' for a column header."""
    return ru_date(iso, "dd.MM")
