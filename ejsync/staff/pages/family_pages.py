"""«Семьи и контакты»: guardians' contacts as each role's work needs them (R-PERSONAL-DATA),
contact edits by the class teacher, family links by the secretary (R-CLASS-LIST)."""

from __future__ import annotations

import sqlite3

from ejsync.importer.families import family_title
from ejsync.staff import journal
from ejsync.staff.pages.common import (
    done,
    has_role,
    login_redirect,
    not_saved,
    read,
    refused,
    render,
    write,
)
from ejsync.store.families import unused_family_login
from ejsync.store.rights import may, visible_sql

NO_CLASS = (
    "R-PERSONAL-DATA: контакты семей видит учитель — своих учеников, классный руководитель —"
    " своего класса, администрация — все. У вас нет классов с учениками."
)
GUARDIAN_FIELDS = ("last_name", "first_name", "middle_name", "relation", "phone", "email")
YEAR = "(SELECT id FROM academic_years ORDER BY starts_on DESC LIMIT 1)"


def _classes(conn, staff_id: int) -> list[dict]:
    """Classes with at least one family whose contacts the actor may see."""
    return journal.rows(
        conn,
        f"SELECT c.id, c.name FROM classes c WHERE c.year_id = {YEAR} AND EXISTS ("
        " SELECT 1 FROM enrollments e JOIN students s ON s.id = e.student_id"
        " JOIN guardians g ON g.family_id = s.family_id"
        f" WHERE e.class_id = c.id AND e.to_date IS NULL AND {visible_sql('guardians', 'g')})"
        " ORDER BY c.grade, c.name",
        {"me": staff_id},
    )


def _families(conn, staff_id: int, class_id: int) -> list[dict]:
    """The class's students with their family and the guardians the actor may see."""
    students = journal.rows(
        conn,
        "SELECT s.id, s.last_name, s.first_name, s.family_id, f.title AS family_title,"
        " f.login AS family_login, f.electronic_access, f.address"
        " FROM enrollments e JOIN students s ON s.id = e.student_id"
        " LEFT JOIN families f ON f.id = s.family_id"
        " WHERE e.class_id = ? AND e.to_date IS NULL ORDER BY s.last_name, s.first_name",
        (class_id,),
    )
    guardians: dict[int, list[dict]] = {}
    for guardian in journal.rows(
        conn,
        "SELECT g.* FROM guardians g WHERE g.family_id IN (SELECT s.family_id FROM enrollments e"
        " JOIN students s ON s.id = e.student_id WHERE e.class_id = :class AND e.to_date IS NULL)"
        f" AND {visible_sql('guardians', 'g')} ORDER BY g.id",
        {"class": class_id, "me": staff_id},
    ):
        guardian["may_edit"] = may(conn, staff_id, "guardians", "update", row_id=guardian["id"])
        guardians.setdefault(guardian["family_id"], []).append(guardian)
    visible = []
    for student in students:
        student["guardians"] = guardians.get(student["family_id"], [])
        if student["guardians"] or may(conn, staff_id, "students", "link", row_id=student["id"]):
            student["may_link"] = may(conn, staff_id, "students", "link", row_id=student["id"])
            student["may_add_guardian"] = student["family_id"] is not None and may(
                conn, staff_id, "guardians", "insert", values={"family_id": student["family_id"]}
            )
            visible.append(student)
    return visible


def _save_contact(conn, form: dict) -> None:
    values = {name: (form.get(name) or "").strip() for name in GUARDIAN_FIELDS}
    if not values["last_name"] or not values["first_name"]:
        raise sqlite3.IntegrityError("R-CLASS-LIST: укажите фамилию и имя родителя.")
    conn.execute(
        "UPDATE guardians SET " + ", ".join(f"{name} = :{name}" for name in GUARDIAN_FIELDS)
        + " WHERE id = :id",
        dict(values, id=int(form.get("guardian_id") or 0)),
    )


def _add_guardian(conn, form: dict) -> None:
    values = {name: (form.get(name) or "").strip() for name in GUARDIAN_FIELDS}
    if not values["last_name"] or not values["first_name"]:
        raise sqlite3.IntegrityError("R-CLASS-LIST: укажите фамилию и имя родителя.")
    conn.execute(
        "INSERT INTO guardians (family_id, " + ", ".join(GUARDIAN_FIELDS) + ") VALUES (:family, "
        + ", ".join(f":{name}" for name in GUARDIAN_FIELDS) + ")",
        dict(values, family=int(form.get("family_id") or 0)),
    )


def _link(conn, form: dict) -> str:
    """Move a student to the family with the given login, or to a new family."""
    student = journal.one(conn, "SELECT * FROM students WHERE id = ?",
                          (int(form.get("student_id") or 0),))
    if student is None:
        raise sqlite3.IntegrityError("R-CLASS-LIST: такого ученика нет.")
    login = (form.get("family_login") or "").strip().lower()
    if form.get("new_family"):
        taken = {row[0] for row in conn.execute("SELECT login FROM families")}
        cursor = conn.execute(
            "INSERT INTO families (title, login) VALUES (?, ?)",
            (family_title(student["last_name"]), unused_family_login(taken)),
        )
        family_id = cursor.lastrowid
    else:
        family = journal.one(conn, "SELECT id FROM families WHERE login = ?", (login,))
        if family is None:
            raise sqlite3.IntegrityError(
                f"R-CLASS-LIST: семьи с логином «{login}» нет. Проверьте логин по письму семьи"
                " или создайте новую семью."
            )
        family_id = family["id"]
    conn.execute("UPDATE students SET family_id = ? WHERE id = ?", (family_id, student["id"]))
    return f"Ученик {student['last_name']} {student['first_name']} привязан к семье."


async def families(datasette, request):
    """The class's families: contacts by need, edits and links by right (the store checks)."""
    if not request.actor:
        return login_redirect(request)
    staff_id = request.actor["staff_id"]
    classes = await read(datasette, _classes, staff_id)
    if not classes and not has_role(request.actor, "secretary", "admin"):
        return await refused(datasette, request, NO_CLASS, action="families")
    if not classes:
        classes = await read(datasette, lambda conn: journal.rows(
            conn, f"SELECT id, name FROM classes WHERE year_id = {YEAR} ORDER BY grade, name"))
    class_id = int(request.args.get("class") or (classes[0]["id"] if classes else 0))
    if class_id not in {c["id"] for c in classes}:
        return await refused(datasette, request, NO_CLASS, action="families")
    errors: dict[str, str] = {}
    if request.method == "POST":
        form = dict(await request.post_vars())
        action = form.get("action", "")
        steps = {"contact": (_save_contact, "Контакты сохранены."),
                 "guardian": (_add_guardian, "Родитель добавлен."),
                 "link": (_link, None)}
        if action not in steps:
            return await refused(datasette, request, "Неизвестное действие.", action="families")
        step, message = steps[action]
        try:
            result = await write(datasette, request, step, form)
            return await done(datasette, request, message or result,
                              f"/staff/families?class={class_id}")
        except sqlite3.IntegrityError as exc:
            errors[action] = str(exc)
            answer = await not_saved(datasette, request, errors, action=f"families:{action}",
                                     target=str(form.get("student_id") or form.get("guardian_id")
                                                or form.get("family_id") or ""))
            if answer:
                return answer
    context = {
        "classes": classes,
        "class_id": class_id,
        "students": await read(datasette, _families, staff_id, class_id),
        "errors": errors,
        "fields": GUARDIAN_FIELDS,
    }
    return await render(datasette, request, "ej_families.html", context,
                        status=400 if errors else 200)
