"""Lesson records: topic, same-day entry, homework deadline, work topics, language, КТП hours."""

from __future__ import annotations

from collections.abc import Iterator

from ejsync.rules import labels
from ejsync.rules.context import CheckContext
from ejsync.rules.finding import Finding
from ejsync.rules.registry import rule


@rule("R-LESSON-FIELDS", "000 (справочный регламент ЭлЖур): заполнение полей урока")
def lesson_fields(ctx: CheckContext) -> Iterator[Finding]:
    """R-LESSON-FIELDS (000): a held lesson has its topic by the end of the lesson day."""
    for row in ctx.query("lesson_fields"):
        yield ctx.finding(
            row, "R-LESSON-FIELDS", "error",
            f"Урок {labels.lesson(row)}: не записана тема урока. Запишите тему по КТП.",
        )


@rule("R-LESSON-SAMEDAY", "004 §2.1; 004 инструкция «Учитель а»")
def lesson_same_day(ctx: CheckContext) -> Iterator[Finding]:
    """R-LESSON-SAMEDAY (004 §2.1, «Учитель а»): a lesson and its absences are in that day."""
    if not ctx.profile["deadlines.lesson_same_day"]:
        return
    for row in ctx.query("lesson_sameday"):
        parts = []
        if row["created_at"] >= row["next_day_at"]:
            parts.append(f"урок записан {labels.moment(row['created_at'], ctx.timezone)}")
        if row["late_absences"]:
            parts.append(f"пропуски отмечены позже ({row['late_absences']})")
        yield ctx.finding(
            row, "R-LESSON-SAMEDAY", "warning",
            f"Урок {labels.lesson(row)}: {', '.join(parts)}, а вносить нужно в день урока. "
            "Вносите урок и пропуски в день урока; если причина уважительная, "
            "сообщите заместителю директора.",
        )


@rule("R-HW-DEADLINE", "004 §2.2")
def homework_deadline(ctx: CheckContext) -> Iterator[Finding]:
    """R-HW-DEADLINE (004 §2.2): homework is entered by N hours after the class's last lesson."""
    minutes = round(ctx.profile["deadlines.homework_hours"] * 60)
    rows = ctx.query(
        "hw_deadline", minutes=minutes, from_grade=ctx.profile["deadlines.homework_from_grade"]
    )
    for row in rows:
        due = labels.moment(row["due_at"], ctx.timezone)
        if row["missing"]:
            message = (f"Урок {labels.lesson(row)}: домашнее задание не записано (срок — {due}). "
                       "Запишите задание или «не задано».")
        else:
            entered = labels.moment(row["entered_at"], ctx.timezone)
            message = (f"Урок {labels.lesson(row)}: домашнее задание записано {entered}, "
                       f"позже срока {due}. Записывайте задание в день урока.")
        yield ctx.finding(row, "R-HW-DEADLINE", "warning", message)


@rule("R-TOPIC-WORKS", "002 п. 4.4.5")
def topic_works(ctx: CheckContext) -> Iterator[Finding]:
    """R-TOPIC-WORKS (002 4.4.5): a test, laboratory or practical work states its own topic."""
    for row in ctx.query("topic_works"):
        yield ctx.finding(
            row, "R-TOPIC-WORKS", "warning",
            f"Урок {labels.lesson(row)}: у работы «{row['work_title']}» не указана её тема. "
            "Заполните поле «Тема работы».",
        )


@rule("R-LANGUAGE", "002 п. 4.4.5")
def language(ctx: CheckContext) -> Iterator[Finding]:
    """R-LANGUAGE (002 4.4.5): records are in Russian, foreign-language lessons included."""
    if not ctx.profile["language.check"]:
        return
    fields = {"bad_topic": "тема", "bad_work_topic": "тема работы", "bad_homework": "задание"}
    for row in ctx.query("language"):
        named = ", ".join(title for key, title in fields.items() if row[key])
        yield ctx.finding(
            row, "R-LANGUAGE", "warning",
            f"Урок {labels.lesson(row)}: записи ({named}) сделаны не по-русски. Журнал ведётся "
            "на русском языке, в том числе на уроках иностранного языка: перепишите по-русски.",
        )


@rule("R-KTP-HOURS", "002 п. 4.4.4; 004 план 2.2")
def ktp_hours(ctx: CheckContext) -> Iterator[Finding]:
    """R-KTP-HOURS (002 4.4.4; 004 plan 2.2): the КТП has as many hours as the curriculum."""
    for row in ctx.query("ktp_hours"):
        who = f"{row['subject_name']}, {row['class_name']}"
        if row["group_name"]:
            who += f" ({row['group_name']})"
        planned, expected = _hours(row["planned"]), _hours(row["expected"])
        if row["planned"] == 0:
            message = (f"{who}: КТП не загружен, по учебному плану {expected} ч. "
                       "Загрузите календарно-тематическое планирование.")
        else:
            message = (f"{who}: в КТП {planned} ч, а по учебному плану {expected} ч. "
                       "Приведите КТП в соответствие с учебным планом.")
        yield ctx.finding(row, "R-KTP-HOURS", "warning", message)


def _hours(value: float) -> str:
    return f"{value:g}".replace(".", ",")
