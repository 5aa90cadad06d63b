"""The class grid the deputy picks a mark to correct from (R-NO-CORRECTION): a class, a
subject, four weeks of lessons, every current mark a link to its correction."""

from __future__ import annotations

from datetime import timedelta

from ejsync.staff import journal
from ejsync.staff.pages.common import (
    day_param,
    has_role,
    login_redirect,
    read,
    refused,
    render,
)

REFUSAL = "R-NO-CORRECTION: исправлять отметки может заместитель директора или администратор ЭЖ."
WEEKS = 4


def _int(value) -> int | None:
    return int(value) if str(value or "").isdigit() else None


def _grid(conn, class_id: int | None, subject_id: int | None, until) -> dict:
    classes = journal.rows(conn, "SELECT id, name FROM classes ORDER BY grade, name")
    class_id = class_id or (classes[0]["id"] if classes else None)
    subjects = journal.rows(
        conn, "SELECT DISTINCT s.id, s.name FROM teaching_assignments t"
        " JOIN subjects s ON s.id = t.subject_id WHERE t.class_id = ? ORDER BY s.name",
        (class_id,))
    if subject_id not in {s["id"] for s in subjects}:
        subject_id = subjects[0]["id"] if subjects else None
    since = until - timedelta(weeks=WEEKS)
    lessons = journal.rows(
        conn, "SELECT l.id, l.date, l.slot, g.name AS subgroup_name FROM lessons l"
        " LEFT JOIN subgroups g ON g.id = l.subgroup_id WHERE l.class_id = ? AND l.subject_id = ?"
        " AND l.date BETWEEN ? AND ? ORDER BY l.date, l.slot",
        (class_id, subject_id, since.isoformat(), until.isoformat()))
    students = journal.rows(
        conn, "SELECT st.id, st.last_name || ' ' || st.first_name AS name FROM enrollments e"
        " JOIN students st ON st.id = e.student_id WHERE e.class_id = ? AND e.from_date <= ?"
        " AND (e.to_date IS NULL OR e.to_date >= ?) ORDER BY st.last_name, st.first_name",
        (class_id, until.isoformat(), since.isoformat()))
    marks: dict[tuple[int, int], list[dict]] = {}
    for mark in journal.rows(
        conn, "SELECT m.id, m.student_id, m.lesson_id, m.value, m.corrects_id FROM marks m"
        " JOIN lessons l ON l.id = m.lesson_id WHERE l.class_id = ? AND l.subject_id = ?"
        " AND l.date BETWEEN ? AND ? AND NOT EXISTS (SELECT 1 FROM marks n"
        " WHERE n.corrects_id = m.id) ORDER BY m.id",
        (class_id, subject_id, since.isoformat(), until.isoformat()),
    ):
        marks.setdefault((mark["student_id"], mark["lesson_id"]), []).append(mark)
    return {"classes": classes, "subjects": subjects, "class_id": class_id,
            "subject_id": subject_id, "lessons": lessons, "students": students, "marks": marks,
            "since": since, "until": until}


async def grid(datasette, request):
    """Pick a class and subject; click a mark to correct it."""
    if not request.actor:
        return login_redirect(request)
    if not has_role(request.actor, "deputy", "admin"):
        return await refused(datasette, request, REFUSAL)
    until = await day_param(datasette, request, "until")
    data = await read(datasette, _grid, _int(request.args.get("class")),
                      _int(request.args.get("subject")), until)
    data.update(prev=(until - timedelta(weeks=WEEKS)).isoformat(),
                next=(until + timedelta(weeks=WEEKS)).isoformat())
    return await render(datasette, request, "ej_grid.html", data)
