"""Attendance: absence reasons and notifying families of failing or truant students."""

from __future__ import annotations

from collections.abc import Iterator

from ejsync.rules import labels
from ejsync.rules.context import CheckContext
from ejsync.rules.finding import Finding
from ejsync.rules.registry import rule


@rule("R-ABSENCE-REASON", "004 инструкция «КР а»; 002 п. 4.3.1, 4.3.8")
def absence_reason(ctx: CheckContext) -> Iterator[Finding]:
    """R-ABSENCE-REASON («КР а»; 002 4.3.1): the class teacher sets the reason of each absence."""
    days = ctx.profile["deadlines.absence_reason_days"]
    for row in ctx.query("absence_reason", days=days):
        yield ctx.finding(
            row, "R-ABSENCE-REASON", "warning",
            f"{row['student_name']}: пропуск урока {labels.lesson(row)} без причины дольше "
            f"{days} дн. Классному руководителю: укажите причину (Б, У, Н или О).",
        )


@rule("R-NOTIFY-FAILING", "002 п. 4.3.10")
def notify_failing(ctx: CheckContext) -> Iterator[Finding]:
    """R-NOTIFY-FAILING (002 4.3.10): families of failing or truant students are notified."""
    profile = ctx.profile
    rows = ctx.query(
        "notify_failing",
        failing_below=profile["families.failing_below"],
        unexcused=profile["families.unexcused_lessons"],
    )
    for row in rows:
        reasons = []
        if row["subjects"]:
            reasons.append(f"неуспевает по предметам: {row['subjects']}")
        if row["unexcused"] >= profile["families.unexcused_lessons"]:
            reasons.append(f"пропустил без уважительной причины {row['unexcused']} ур.")
        yield ctx.finding(
            row, "R-NOTIFY-FAILING", "warning",
            f"{row['student_name']} ({row['class_name']}), {row['period_title']}: "
            f"{'; '.join(reasons)}. Уведомите семью: запись для родителей в журнале "
            "(с отметкой «отправить родителям»).",
        )
