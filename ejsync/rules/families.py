"""Families: printouts for offline families, diary checks and acknowledgements, informing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from ejsync.rules import labels
from ejsync.rules.context import CheckContext
from ejsync.rules.finding import Finding
from ejsync.rules.registry import rule
from ejsync.store.clock import stamp


@rule("R-OFFLINE-FAMILY", "003 §2; 002 п. 4.3.5; 004 служба сопровождения §1")
def offline_family(ctx: CheckContext) -> Iterator[Finding]:
    """R-OFFLINE-FAMILY (003 §2; 002 4.3.5; 004): offline families get printouts every N days."""
    days = ctx.profile["families.offline_printout_days"]
    for row in ctx.query("offline_family", days=days):
        yield ctx.finding(
            row, "R-OFFLINE-FAMILY", "warning",
            f"{row['student_name']} ({row['class_name']}): семья без электронного доступа не "
            f"получала распечатку результатов с {labels.day(row['since'])} (нужно не реже раза "
            f"в {days} дн.). Классному руководителю: выдайте распечатку и отметьте выдачу.",
        )


@rule("R-PARENT-CHECK", "003 §6; 004 служба сопровождения §5")
def parent_check(ctx: CheckContext) -> Iterator[Finding]:
    """R-PARENT-CHECK (003 §6; 004 §5): the diary is read twice a week, final marks acknowledged."""
    per_week = ctx.profile["families.parent_check_per_week"]
    week_ago = stamp(ctx.as_of - timedelta(days=7))
    rows = ctx.query(
        "parent_check", per_week=per_week, week_ago=week_ago,
        from_grade=ctx.profile["marks.from_grade"],
    )
    for row in rows:
        if row["period_id"] is None:
            text = (f"{row['student_name']} ({row['class_name']}): семья открывала дневник "
                    f"{row['views']} раз за 7 дней, а должна не реже {per_week} раз в неделю. "
                    "Классному руководителю: напомните семье.")
        else:
            text = (f"{row['student_name']} ({row['class_name']}): семья не подтвердила "
                    f"ознакомление с итоговыми отметками за {row['period_title']}. "
                    "Классному руководителю: напомните семье.")
        yield ctx.finding(row, "R-PARENT-CHECK", "info", text)


@rule("R-INFORM-FAMILIES", "004 инструкция «КР в»")
def inform_families(ctx: CheckContext) -> Iterator[Finding]:
    """R-INFORM-FAMILIES (004 «КР в»): the class teacher informs families every N days."""
    days = ctx.profile["families.inform_days"]
    for row in ctx.query("inform_families", days=days):
        yield ctx.finding(
            row, "R-INFORM-FAMILIES", "info",
            f"{row['student_name']} ({row['class_name']}): классный руководитель не сообщал "
            f"семье об успеваемости и посещаемости с {labels.day(row['since'])} (нужно раз в "
            f"{days} дн.). Отправьте семье запись или распечатку отчёта.",
        )
