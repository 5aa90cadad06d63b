"""«Мои уроки», the lesson page and substitution."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from datasette.utils.asgi import Response

from ejsync.staff import journal
from ejsync.staff.lesson_save import AlreadySaved, FormErrors, save_lesson
from ejsync.staff.pages.common import (
    day_param,
    done,
    form_token,
    has_role,
    login_redirect,
    not_saved,
    read,
    refused,
    render,
    wants_json,
    write,
)
from ejsync.store.clock import timezone_name

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
        "timezone": timezone_name(conn),
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


def _lesson_context(conn, staff_id: int, lesson_id: int | None, timetable_id, day) -> dict | None:
    if lesson_id is not None:
        header = journal.lesson_header(conn, lesson_id)
    else:
        header = journal.planned_header(conn, timetable_id, day)
        if header is not None:
            header["teacher_id"] = staff_id  # whoever writes a new lesson held it
    if header is None:
        return None
    return {
        "lesson": header,
        "students": journal.lesson_students(conn, header),
        "revision": journal.lesson_revision(conn, header["id"]),
        "student_revisions": journal.student_revisions(conn, header["id"]),
        "empty_revision": journal.EMPTY_STUDENT,
        "may_write": journal.may_write_lesson(conn, staff_id, header),
        "substituting": header["id"] is None and staff_id != header["scheduled_teacher_id"],
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


def _form_action(lesson_id: int | None, timetable_id, day: str) -> str:
    if lesson_id is not None:
        return f"/staff/lesson/{lesson_id}"
    return f"/staff/lesson?timetable={timetable_id}&date={day}"


@dataclass
class _Outcome:
    """What a refused save leaves for the re-rendered page."""

    lesson_id: int | None
    form: dict[str, str] = field(default_factory=dict)
    errors: FormErrors = field(default_factory=FormErrors)
    notice: str | None = None
    status: int = 200
    offers: dict[int, int] = field(default_factory=dict)  # student -> mark to ask to correct


CONFLICT_NOTICE = (
    "Урок сохранён, кроме отмеченных ниже полей: пока форма была открыта, их изменил другой "
    "пользователь. Проверьте их и сохраните ещё раз."
)


def _offers(fields: dict[str, str]) -> dict[int, int]:
    """Pull the «ask the deputy to correct» offers (student -> mark id) out of the errors."""
    return {int(key.removeprefix("offer_")): int(fields.pop(key))
            for key in [k for k in fields if k.startswith("offer_")]}


def _kept(form: dict[str, str], conflicts: dict[str, str]) -> dict[str, str]:
    """The typed values of the fields a conflict left unsaved, to show them again."""
    students = {key.removeprefix("mark_") for key in conflicts if key.startswith("mark_")}
    return {key: value for key, value in form.items()
            if key.rsplit("_", 1)[-1] in students and not key.startswith("rev_")}


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
    except AlreadySaved as saved_before:
        message = "Эта форма уже была сохранена; повторно ничего не записано."
        return await done(datasette, request, message, f"/staff/lesson/{saved_before.lesson_id}",
                          lesson_id=saved_before.lesson_id)
    except FormErrors as exc:
        offers = _offers(exc.fields)
        fields = dict(exc.fields, **{f"general_{i}": m for i, m in enumerate(exc.general)})
        answer = await not_saved(datasette, request, fields, action="lesson",
                                 target=f"lesson {lesson_id or ''} timetable {timetable_id or ''}")
        return answer or _Outcome(lesson_id, form, exc, status=400, offers=offers)
    if saved.conflicts:
        if wants_json(request):
            return Response.json({"ok": False, "lesson_id": saved.lesson_id,
                                  "errors": saved.conflicts}, status=409)
        return _Outcome(saved.lesson_id, _kept(form, saved.conflicts),
                        FormErrors(fields=saved.conflicts), CONFLICT_NOTICE, 409)
    return await done(datasette, request, "Урок сохранён.", f"/staff/lesson/{saved.lesson_id}",
                      lesson_id=saved.lesson_id)


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
    context = await read(
        datasette, _lesson_context, request.actor["staff_id"], outcome.lesson_id, timetable_id, day
    )
    if context is None:
        return await refused(datasette, request, "Такого урока нет в журнале или в расписании.")
    context.update(
        form=outcome.form,
        errors=outcome.errors.fields,
        general_errors=outcome.errors.general,
        notice=outcome.notice,
        offers=outcome.offers,
        form_token=form_token(),
        is_deputy=has_role(request.actor, "deputy", "admin"),
        action=_form_action(outcome.lesson_id, timetable_id, day),
    )
    if wants_json(request):
        return Response.json(_lesson_json(context), status=outcome.status)
    return await render(datasette, request, "ej_lesson.html", context, status=outcome.status)


def _lesson_json(context: dict) -> dict:
    """What an API client needs to save the lesson: its fields, the grid and the revision."""
    lesson = context["lesson"]
    return {
        "ok": True,
        "lesson": {key: lesson[key] for key in (
            "id", "class_name", "subject_name", "date", "slot", "topic", "homework",
            "control_type", "work_topic")},
        "students": [
            {"id": s["id"], "name": f"{s['last_name']} {s['first_name']}",
             "marks": [m["value"] for m in s["marks"]], "absence": s["absence"]}
            for s in context["students"]
        ],
        "revision": context["revision"],
        "student_revisions": context["student_revisions"],
        "form_token": context["form_token"],
        "may_write": context["may_write"],
    }


def _my_substitutions(conn, staff_id: int, day) -> list[dict]:
    return journal.rows(
        conn,
        "SELECT su.id, su.date, su.slot, su.reason, c.name AS class_name, s.name AS subject_name,"
        " g.name AS subgroup_name, a.last_name || ' ' || a.first_name AS absent_name,"
        " t.id AS timetable_id, l.id AS lesson_id"
        " FROM substitutions su JOIN classes c ON c.id = su.class_id"
        " JOIN subjects s ON s.id = su.subject_id LEFT JOIN subgroups g ON g.id = su.subgroup_id"
        " JOIN staff a ON a.id = su.absent_teacher_id"
        " LEFT JOIN timetable t ON t.class_id = su.class_id AND t.subgroup_id IS su.subgroup_id"
        "  AND t.subject_id = su.subject_id AND t.slot = su.slot"
        "  AND t.teacher_id = su.absent_teacher_id"
        "  AND t.weekday = CAST(strftime('%w', su.date) AS INTEGER)"
        "  AND t.valid_from <= su.date AND (t.valid_to IS NULL OR t.valid_to >= su.date)"
        " LEFT JOIN lessons l ON l.class_id = su.class_id"
        "  AND IFNULL(l.subgroup_id, 0) = IFNULL(su.subgroup_id, 0)"
        "  AND l.date = su.date AND l.slot = su.slot"
        " WHERE su.substitute_id = :staff AND su.cancelled_at IS NULL"
        "  AND su.date BETWEEN :from AND :to ORDER BY su.date, su.slot",
        {"staff": staff_id, "from": (day - timedelta(days=7)).isoformat(),
         "to": (day + timedelta(days=7)).isoformat()},
    )


async def substitute(datasette, request):
    """The teacher's substitutions the deputy recorded (a week either side of the date)."""
    if not request.actor:
        return login_redirect(request)
    day = await day_param(datasette, request)
    rows = await read(datasette, _my_substitutions, request.actor["staff_id"], day)
    return await render(datasette, request, "ej_substitute.html", {"day": day, "rows": rows})
