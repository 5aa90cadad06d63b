"""«Мои уроки», the lesson page and substitution."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from datasette.utils.asgi import Response

from ejsync.staff import journal
from ejsync.staff.lesson_save import AlreadySaved, FormErrors, StaleForm, save_lesson
from ejsync.staff.pages.common import (
    day_param,
    form_token,
    has_role,
    login_redirect,
    read,
    refused,
    render,
    write,
)

WEEKDAYS = ("Понедельник", "Вторник", "Среда", "Четверг", "Пятница", "Суббота")


def _week(conn, staff_id: int, day) -> dict:
    monday = journal.week_start(day)
    days = [
        {
            "date": monday + timedelta(days=i),
            "title": WEEKDAYS[i],
            "slots": journal.slots_of_day(conn, staff_id, monday + timedelta(days=i)),
        }
        for i in range(6)
    ]
    return {
        "days": days,
        "today": next(d for d in days if d["date"] == day) if day.weekday() < 6 else None,
        "violations": journal.open_violations(conn, staff_id),
        "monday": monday,
    }


async def today(datasette, request):
    """Today's and this week's lessons with what is missing, and open violations."""
    if not request.actor:
        return login_redirect(request)
    day = await day_param(datasette, request)
    data = await read(datasette, _week, request.actor["staff_id"], day)
    data.update(
        day=day,
        prev_week=(data["monday"] - timedelta(days=7)).isoformat(),
        next_week=(data["monday"] + timedelta(days=7)).isoformat(),
    )
    return await render(datasette, request, "ej_today.html", data)


def _lesson_context(
    conn, staff_id: int, lesson_id: int | None, timetable_id, day, substituting: bool
) -> dict | None:
    if lesson_id is not None:
        header = journal.lesson_header(conn, lesson_id)
    else:
        header = journal.planned_header(conn, timetable_id, day)
    if header is None:
        return None
    return {
        "lesson": header,
        "students": journal.lesson_students(conn, header),
        "revision": journal.lesson_revision(conn, header["id"]),
        "may_write": substituting or journal.teaches_lesson(conn, staff_id, header),
        "substituting": substituting and staff_id != header["teacher_id"],
        **journal.choice_lists(conn),
    }


def _existing_lesson_id(conn, timetable_id: int, day: str) -> int | None:
    header = journal.planned_header(conn, timetable_id, day)
    if header is None:
        return None
    found = journal.one(
        conn,
        journal.LESSON_KEY_SQL,
        (header["class_id"], header["subgroup_id"], day, header["slot"]),
    )
    return found["id"] if found else None


def _form_action(lesson_id: int | None, timetable_id, day: str, substituting: bool) -> str:
    if lesson_id is not None:
        return f"/staff/lesson/{lesson_id}"
    return f"/staff/lesson?timetable={timetable_id}&date={day}&substitute={int(substituting)}"


@dataclass
class _Outcome:
    """What a refused save leaves for the re-rendered page."""

    lesson_id: int | None
    form: dict[str, str] = field(default_factory=dict)
    errors: FormErrors = field(default_factory=FormErrors)
    notice: str | None = None
    status: int = 200


STALE_NOTICE = (
    "Пока форма была открыта, урок сохранил другой пользователь. Ваши изменения НЕ "
    "сохранены: ниже показано то, что сейчас в журнале; введите свои данные заново."
)


async def _save(datasette, request, lesson_id, timetable_id, day) -> Response | _Outcome:
    """Save the posted form; a redirect when saved (or saved before), else what to show."""
    form = dict(await request.post_vars())
    staff_id = request.actor["staff_id"]
    try:
        saved = await write(
            datasette,
            request,
            lambda conn: save_lesson(
                conn, staff_id, form, lesson_id=lesson_id, timetable_id=timetable_id, day=day
            ),
        )
    except AlreadySaved as done:
        message = "Эта форма уже была сохранена; повторно ничего не записано."
        datasette.add_message(request, message, datasette.WARNING)
        return Response.redirect(f"/staff/lesson/{done.lesson_id}")
    except StaleForm as stale:
        return _Outcome(stale.lesson_id or lesson_id, notice=STALE_NOTICE, status=409)
    except FormErrors as exc:
        return _Outcome(lesson_id, form, exc, status=400)
    datasette.add_message(request, "Урок сохранён.", datasette.INFO)
    return Response.redirect(f"/staff/lesson/{saved}")


async def lesson(datasette, request):
    """The lesson page: topic, homework, control type and the class grid, saved at once."""
    if not request.actor:
        return login_redirect(request)
    lesson_id = int(request.url_vars["lesson_id"]) if request.url_vars.get("lesson_id") else None
    timetable_id = int(request.args.get("timetable") or 0) or None
    day = (await day_param(datasette, request)).isoformat()
    if lesson_id is None:
        if timetable_id is None:
            return Response.redirect("/staff/today")
        existing = await read(datasette, _existing_lesson_id, timetable_id, day)
        if existing:
            return Response.redirect(f"/staff/lesson/{existing}")
    outcome = _Outcome(lesson_id)
    if request.method == "POST":
        result = await _save(datasette, request, lesson_id, timetable_id, day)
        if isinstance(result, Response):
            return result
        outcome = result
    substituting = (
        outcome.lesson_id is None
        and request.args.get("substitute") == "1"
        and has_role(request.actor, "teacher")
    )
    context = await read(
        datasette,
        _lesson_context,
        request.actor["staff_id"],
        outcome.lesson_id,
        timetable_id,
        day,
        substituting,
    )
    if context is None:
        return await refused(datasette, request, "Такого урока нет в журнале или в расписании.")
    context.update(
        form=outcome.form,
        errors=outcome.errors.fields,
        general_errors=outcome.errors.general,
        notice=outcome.notice,
        form_token=form_token(),
        is_deputy=has_role(request.actor, "deputy", "admin"),
        action=_form_action(outcome.lesson_id, timetable_id, day, substituting),
    )
    return await render(datasette, request, "ej_lesson.html", context, status=outcome.status)


def _others_slots(conn, staff_id: int, day) -> list[dict]:
    return journal.rows(
        conn,
        "SELECT t.id AS timetable_id, t.slot, c.name AS class_name, s.name AS subject_name,"
        " g.name AS subgroup_name, st.last_name || ' ' || st.first_name AS teacher_name,"
        " l.id AS lesson_id, l.teacher_id"
        " FROM timetable t JOIN classes c ON c.id = t.class_id"
        " JOIN subjects s ON s.id = t.subject_id"
        " LEFT JOIN subgroups g ON g.id = t.subgroup_id JOIN staff st ON st.id = t.teacher_id"
        " LEFT JOIN lessons l ON l.class_id = t.class_id"
        "  AND IFNULL(l.subgroup_id, 0) = IFNULL(t.subgroup_id, 0) AND l.date = :day"
        "  AND l.slot = t.slot"
        " WHERE t.teacher_id <> :staff AND t.weekday = :weekday AND t.valid_from <= :day"
        "  AND (t.valid_to IS NULL OR t.valid_to >= :day)"
        " ORDER BY t.slot, c.grade, c.name",
        {"day": day.isoformat(), "staff": staff_id, "weekday": day.isoweekday()},
    )


def _claim(conn, staff_id: int, lesson_id: int) -> None:
    conn.execute(
        "UPDATE lessons SET teacher_id = ?, updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"
        " WHERE id = ?",
        (staff_id, lesson_id),
    )


async def substitute(datasette, request):
    """Record a lesson held for a colleague: pick their timetable slot on a day."""
    if not request.actor:
        return login_redirect(request)
    staff_id = request.actor["staff_id"]
    day = await day_param(datasette, request)
    error = None
    if request.method == "POST":
        form = await request.post_vars()
        lesson_id = int(form.get("lesson_id") or 0)
        if lesson_id:
            try:
                await write(datasette, request, _claim, staff_id, lesson_id)
                return Response.redirect(f"/staff/lesson/{lesson_id}")
            except Exception as exc:  # noqa: BLE001 - a trigger message for the user
                error = str(exc)
        else:
            timetable_id = int(form.get("timetable_id") or 0)
            return Response.redirect(
                f"/staff/lesson?timetable={timetable_id}&date={day}&substitute=1"
            )
    slots = await read(datasette, _others_slots, staff_id, day)
    return await render(
        datasette, request, "ej_substitute.html", {"day": day, "slots": slots, "error": error}
    )
