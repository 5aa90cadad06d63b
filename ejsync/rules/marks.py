"""Marks: oral and written deadlines, the date column, back-dating, and the count for a period."""

from __future__ import annotations

import json
from collections.abc import Iterator

from ejsync.rules import labels
from ejsync.rules.context import CheckContext
from ejsync.rules.finding import Finding
from ejsync.rules.registry import rule


@rule("R-MARK-ORAL", "004 §2.3")
def mark_oral(ctx: CheckContext) -> Iterator[Finding]:
    """R-MARK-ORAL (004 §2.3): an oral answer is marked within N days (profile, default 1)."""
    days = ctx.profile["deadlines.oral_days"]
    for row in ctx.query("mark_oral", days=days, from_grade=ctx.profile["marks.from_grade"]):
        yield ctx.finding(
            row, "R-MARK-ORAL", "warning",
            f"{row['student_name']}: отметка за устный ответ на уроке {labels.lesson(row)} "
            f"выставлена {labels.day(row['entered_on'])}, а срок — {days} дн. после урока. "
            "Выставляйте отметки за устный ответ вовремя.",
        )


@rule("R-MARK-WRITTEN", "004 §2.3; 004 инструкция «Учитель г»")
def mark_written(ctx: CheckContext) -> Iterator[Finding]:
    """R-MARK-WRITTEN (004 §2.3 vs «Учитель г»): written works are marked within N days by grade."""
    for row in ctx.query("mark_written", from_grade=ctx.profile["marks.from_grade"]):
        days = row["days"]
        if row["record_table"] == "lessons":
            yield ctx.finding(
                row, "R-MARK-WRITTEN", "error",
                f"Урок {labels.lesson(row)}: за работу «{row['work_title']}» нет отметок, "
                f"а проверить её нужно за {days} дн. — до {labels.day(row['last_day'])} "
                "включительно. Выставьте отметки за работу.",
            )
        else:
            yield ctx.finding(
                row, "R-MARK-WRITTEN", "warning",
                f"{row['student_name']}: отметка за работу «{row['work_title']}» "
                f"({labels.lesson(row)}) выставлена {labels.day(row['entered_on'])}, "
                f"позже срока проверки {days} дн. Проверяйте письменные работы в срок.",
            )


@rule("R-MARK-DATE", "004 инструкция «Учитель ж»")
def mark_date(ctx: CheckContext) -> Iterator[Finding]:
    """R-MARK-DATE (004 «Учитель ж»): a mark goes into the column of the day the work was done."""
    for row in ctx.query("mark_date"):
        yield ctx.finding(
            row, "R-MARK-DATE", "warning",
            f"{row['student_name']}: отметка стоит в колонке урока {labels.lesson(row)}, "
            "но выставлена до начала этого урока. Проверьте дату: отметка ставится в колонку "
            "дня, когда был ответ или работа; исправление оформляет заместитель директора.",
        )


@rule("R-NO-BACKDATE", "004 инструкция «Учитель ж»")
def no_backdate(ctx: CheckContext) -> Iterator[Finding]:
    """R-NO-BACKDATE (004 «Учитель ж»): no marks «задним числом» after the period has ended."""
    for row in ctx.query("no_backdate"):
        yield ctx.finding(
            row, "R-NO-BACKDATE", "error",
            f"{row['student_name']}: отметка за урок {labels.lesson(row)} выставлена "
            f"{labels.day(row['entered_on'])}, после окончания периода «{row['period_title']}» "
            "(задним числом). Это запрещено: объясните причину заместителю директора.",
        )


@rule("R-MARK-COUNT", "002 §5.2; 004 инструкция «Учитель д»")
def mark_count(ctx: CheckContext) -> Iterator[Finding]:
    """R-MARK-COUNT (002 §5.2; «Учитель д»): enough current marks, a written one among them."""
    rows = ctx.query(
        "mark_count",
        final_days=ctx.profile["deadlines.final_days_before_end"],
        require_written=ctx.profile["mark_count.require_written"],
        no_written=json.dumps(ctx.profile["mark_count.written_not_required"], ensure_ascii=False),
    )
    for row in rows:
        problems = []
        if row["n"] < row["needed"]:
            problems.append(f"текущих отметок {row['n']}, а нужно не меньше {row['needed']}")
        if row["needs_written"] and row["n_written"] == 0:
            problems.append(
                "нет ни одной отметки за письменную (лабораторную, практическую) работу"
            )
        severity = "error" if row["has_period_mark"] else "warning"
        advice = ("Отметка за период выставлена без достаточного основания: сообщите заместителю "
                  "директора." if row["has_period_mark"] else
                  "Накопите отметки до выставления отметки за период.")
        yield ctx.finding(
            row, "R-MARK-COUNT", severity,
            f"{row['student_name']} ({row['class_name']}), {row['subject_name']}, "
            f"{row['period_title']}: {'; '.join(problems)}. {advice}",
        )
