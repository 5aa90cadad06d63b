"""Period, year and final marks: the deadline, the justification, the forecast."""

from __future__ import annotations

from collections.abc import Iterator

from ejsync.grading import format_average
from ejsync.rules import labels
from ejsync.rules.context import CheckContext
from ejsync.rules.finding import Finding
from ejsync.rules.registry import rule


@rule("R-FINAL-DEADLINE", "002 §5.3; 003 §4")
def final_deadline(ctx: CheckContext) -> Iterator[Finding]:
    """R-FINAL-DEADLINE (002 §5.3; 003 §4): period marks are in N days before the period ends."""
    days = ctx.profile["deadlines.final_days_before_end"]
    for row in ctx.query("final_deadline", final_days=days):
        what = "годовая отметка" if row["code"] == "Y" else "отметка за период"
        head = (f"{row['student_name']} ({row['class_name']}), {row['subject_name']}, "
                f"{row['period_title']}")
        if row["entered_on"] is None:
            yield ctx.finding(
                row, "R-FINAL-DEADLINE", "error",
                f"{head}: не выставлена {what}; срок — {labels.day(row['last_day'])} "
                f"(за {days} дн. до конца периода). Выставьте отметку.",
            )
        else:
            yield ctx.finding(
                row, "R-FINAL-DEADLINE", "warning",
                f"{head}: {what} выставлена {labels.day(row['entered_on'])}, позже срока "
                f"{labels.day(row['last_day'])}. Выставляйте итоговые отметки в срок.",
            )


@rule("R-FINAL-JUSTIFIED", "002 §5.1")
def final_justified(ctx: CheckContext) -> Iterator[Finding]:
    """R-FINAL-JUSTIFIED (002 §5.1): a period mark follows from the weighted current marks."""
    tolerance = ctx.profile["final.justified_tolerance"]
    for row in ctx.query("final_justified", tolerance=tolerance):
        head = (f"{row['student_name']} ({row['class_name']}), {row['subject_name']}, "
                f"{row['period_title']}: отметка за период {row['mark']}")
        if row["average"] is None:
            reason = "при отсутствии текущих отметок"
        else:
            reason = (f"при средневзвешенном {format_average(row['average'])} "
                      f"(допустимое расхождение {format_average(tolerance)})")
        yield ctx.finding(
            row, "R-FINAL-JUSTIFIED", "warning",
            f"{head} {reason}. Обоснуйте отметку заместителю директора или исправьте её "
            "через заместителя директора.",
        )


@rule("R-FORECAST", "003 §3; 004 служба сопровождения §2; 004 инструкция «КР г»")
def forecast(ctx: CheckContext) -> Iterator[Finding]:
    """R-FORECAST (003 §3; 004): families learn the forecast period mark 2 weeks before the end."""
    days = ctx.profile["deadlines.forecast_days_before_end"]
    for row in ctx.query("forecast", days=days):
        yield ctx.finding(
            row, "R-FORECAST", "warning",
            f"{row['student_name']} ({row['class_name']}), {row['subject_name']}, "
            f"{row['period_title']}: нет ни одной текущей отметки, прогноз отметки за период "
            f"семье сообщить нельзя (срок — за {days} дн. до конца периода). "
            "Выставьте текущие отметки.",
        )
