"""Save the lesson form in one transaction: the lesson, marks, absences and comments."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field

from ejsync.messages.notices import send_comment
from ejsync.staff.journal import (
    EMPTY_STUDENT,
    LESSON_KEY_SQL,
    lesson_header,
    lesson_revision,
    may_write_lesson,
    one,
    planned_header,
    rows,
    student_revisions,
    substitutes_lesson,
)

STUDENT_FIELD = re.compile(r"^(mark|work|absence|comment|comment_kind|notice)_(\d+)$")
LESSON_FIELDS = ("topic", "homework", "control_type", "work_topic")
TEACHER_ABSENCE_CODES = ("", "н", "О")
COMMENT_KINDS = ("note", "remark", "praise")


@dataclass
class FormErrors(Exception):
    """Messages by form field (e.g. 'mark_12', 'topic'); nothing was saved."""

    fields: dict[str, str] = field(default_factory=dict)
    general: list[str] = field(default_factory=list)


@dataclass
class AlreadySaved(Exception):
    """This form (its token) was saved before; `lesson_id` is what it saved."""

    lesson_id: int


@dataclass
class Saved:
    """What a save wrote: the lesson, and the fields it left alone because someone else
    changed them after the form was opened (by field: the student's mark, or the topic)."""

    lesson_id: int
    conflicts: dict[str, str] = field(default_factory=dict)


STUDENT_CONFLICT = (
    "Пока форма была открыта, записи этого ученика на уроке изменил другой пользователь: "
    "ваши изменения для него НЕ сохранены. Ниже — то, что сейчас в журнале; проверьте и "
    "сохраните ещё раз."
)
LESSON_CONFLICT = (
    "Пока форма была открыта, тему, задание или вид контроля изменил другой пользователь: "
    "ваши изменения этих полей НЕ сохранены; проверьте и сохраните ещё раз."
)
NOT_YOURS = (
    "R-TEACHER-RIGHTS: этот урок записывает учитель класса (подгруппы) и предмета по нагрузке "
    "или заменяющий учитель, которого записал заместитель директора."
)
CHANGED_MARK = (
    "R-NO-CORRECTION: у ученика уже есть отметка {old} за «{work}» на этом уроке. "
    "Выставленную отметку изменяет только заместитель директора — исправлением с причиной; "
    "вы можете попросить его об этом."
)


def _attach_lesson_error(errors: dict[str, str]) -> None:
    """Move the lesson's trigger message next to the field it concerns."""
    message = errors.pop("lesson")
    if message.startswith("R-LESSON-FIELDS"):
        errors["control_type"] = message
    elif message.startswith("R-PERIODS"):
        errors["date"] = message
    else:
        errors["lesson"] = message


def _try(conn: sqlite3.Connection, errors: dict[str, str], key: str, sql: str, params) -> bool:
    try:
        conn.execute(sql, params)
    except sqlite3.IntegrityError as exc:
        errors[key] = str(exc)
        return False
    return True


def _lesson_values(form: dict[str, str]) -> dict[str, str]:
    return {name: (form.get(name) or "").strip() for name in LESSON_FIELDS}


def _write_lesson(
    conn: sqlite3.Connection, staff_id: int, header: dict, form: dict[str, str], errors: dict
) -> int | None:
    values = _lesson_values(form)
    if header["id"] is None:
        ok = _try(
            conn,
            errors,
            "lesson",
            "INSERT INTO lessons (class_id, subgroup_id, subject_id, date, slot,"
            " scheduled_teacher_id, teacher_id, topic, homework, control_type, work_topic,"
            " created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                header["class_id"],
                header["subgroup_id"],
                header["subject_id"],
                header["date"],
                header["slot"],
                header["scheduled_teacher_id"],
                staff_id,
                values["topic"],
                values["homework"],
                values["control_type"],
                values["work_topic"],
                staff_id,
            ),
        )
        if not ok:
            _attach_lesson_error(errors)
            return None
        return conn.execute("SELECT last_insert_rowid()").fetchone()[0]
    # A recorded substitute who writes the lesson becomes the one who held it (R-LESSON-FIELDS).
    teacher_id = staff_id if header["teacher_id"] != staff_id and substitutes_lesson(
        conn, staff_id, header) else header["teacher_id"]
    if teacher_id == header["teacher_id"] and all(
            values[name] == (header[name] or "") for name in LESSON_FIELDS):
        return header["id"]
    ok = _try(
        conn,
        errors,
        "lesson",
        "UPDATE lessons SET topic = :topic, homework = :homework, control_type = :control_type,"
        " work_topic = :work_topic, teacher_id = :teacher WHERE id = :id",  # the store stamps
        dict(values, id=header["id"], teacher=teacher_id),  # the entry times itself
    )
    if not ok:
        _attach_lesson_error(errors)
        return None
    return header["id"]


def _student_ids(form: dict[str, str]) -> list[int]:
    found = {int(m.group(2)) for key in form if (m := STUDENT_FIELD.match(key))}
    return sorted(found)


def _write_student(
    conn: sqlite3.Connection,
    staff_id: int,
    lesson: dict,
    absences: dict[int, dict],
    student_id: int,
    form: dict[str, str],
    errors: dict[str, str],
) -> None:
    value = (form.get(f"mark_{student_id}") or "").strip()
    if value:
        work = form.get(f"work_{student_id}") or lesson["control_type"] or "answer"
        earlier = _current_mark(conn, lesson["id"], student_id, work)
        if earlier and earlier["value"] != value:
            errors[f"mark_{student_id}"] = CHANGED_MARK.format(
                old=earlier["value"], work=earlier["work_title"] or work)
            errors[f"offer_{student_id}"] = str(earlier["id"])
            return
        _try(
            conn,
            errors,
            f"mark_{student_id}",
            "INSERT INTO marks (student_id, subject_id, kind, lesson_id, value, work_type,"
            " created_by) VALUES (?, ?, 'current', ?, ?, ?, ?)",
            (student_id, lesson["subject_id"], lesson["id"], value, work, staff_id),
        )
    wanted = (form.get(f"absence_{student_id}") or "").strip()
    existing = absences.get(student_id)
    key = f"absence_{student_id}"
    if wanted not in TEACHER_ABSENCE_CODES:
        errors[key] = (
            "R-ABSENCE-MARK: на уроке отмечают только «н» (отсутствовал) или «О» (опоздал)."
        )
    elif existing is None and wanted:
        _try(
            conn,
            errors,
            key,
            "INSERT INTO attendance (lesson_id, student_id, code, created_by) VALUES (?, ?, ?, ?)",
            (lesson["id"], student_id, wanted, staff_id),
        )
    elif existing is not None and existing["code"] in TEACHER_ABSENCE_CODES:
        if not wanted:
            _try(conn, errors, key, "DELETE FROM attendance WHERE id = ?", (existing["id"],))
        elif wanted != existing["code"]:
            _try(
                conn,
                errors,
                key,
                "UPDATE attendance SET code = ? WHERE id = ?",  # the store stamps who and when
                (wanted, existing["id"]),
            )
    text = (form.get(f"comment_{student_id}") or "").strip()
    if text:
        kind = form.get(f"comment_kind_{student_id}") or "note"
        saved = _try(
            conn,
            errors,
            f"comment_{student_id}",
            "INSERT INTO comments (student_id, lesson_id, kind, text, to_family, created_by)"
            " VALUES (?, ?, ?, ?, 1, ?)",
            (student_id, lesson["id"], kind if kind in COMMENT_KINDS else "note", text, staff_id),
        )
        if saved and form.get(f"notice_{student_id}"):  # «отправить сообщение родителям»
            comment_id = conn.execute("SELECT last_insert_rowid()").fetchone()[0]
            try:
                send_comment(conn, comment_id)
            except sqlite3.IntegrityError as exc:
                errors[f"comment_{student_id}"] = str(exc)


def _current_mark(conn: sqlite3.Connection, lesson_id: int, student_id: int,
                  work: str) -> dict | None:
    """The student's current (not corrected) mark of this work type on the lesson."""
    return one(
        conn,
        "SELECT m.id, m.value, w.title AS work_title FROM marks m"
        " LEFT JOIN work_types w ON w.code = m.work_type WHERE m.lesson_id = ?"
        " AND m.student_id = ? AND m.work_type = ? AND NOT EXISTS (SELECT 1 FROM marks n"
        " WHERE n.corrects_id = m.id) ORDER BY m.id DESC LIMIT 1",
        (lesson_id, student_id, work),
    )


def _wants_change(form: dict[str, str], student_id: int, absence: dict | None) -> bool:
    """Whether the form asks to write anything for this student."""
    if (form.get(f"mark_{student_id}") or "").strip():
        return True
    if (form.get(f"comment_{student_id}") or "").strip():
        return True
    wanted = (form.get(f"absence_{student_id}") or "").strip()
    return wanted != (absence["code"] if absence else "") and f"absence_{student_id}" in form


def save_lesson(
    conn: sqlite3.Connection,
    staff_id: int,
    form: dict[str, str],
    *,
    lesson_id: int | None = None,
    timetable_id: int | None = None,
    day: str | None = None,
) -> Saved:
    """Save everything the form holds, or nothing when the store refuses any of it; what
    someone else changed meanwhile (a student's records, the lesson's fields) is left out
    and named in `Saved.conflicts`, the rest is saved."""
    token = (form.get("form_token") or "").strip()
    if not token:
        raise FormErrors(general=["Форма устарела: обновите страницу и введите данные заново."])
    done = one(conn, "SELECT record_id FROM form_submissions WHERE token = ?", (token,))
    if done:
        raise AlreadySaved(done["record_id"])
    if lesson_id is not None:
        header = lesson_header(conn, lesson_id)
    else:
        header = planned_header(conn, timetable_id or 0, day or "")
        if header is not None:  # someone may have recorded it since the form was opened
            found = one(conn, LESSON_KEY_SQL,
                        (header["class_id"], header["subgroup_id"], header["date"], header["slot"]))
            header = lesson_header(conn, found["id"]) if found else header
    if header is None:
        raise FormErrors(general=["Такого урока нет в журнале или в расписании."])
    if not may_write_lesson(conn, staff_id, header):  # the store would refuse the rows anyway;
        raise FormErrors(general=[NOT_YOURS])  # say so before comparing what changed meanwhile
    conflicts: dict[str, str] = {}
    if lesson_revision(conn, header["id"]) != form.get("revision") and any(
            _lesson_values(form)[name] != (header[name] or "") for name in LESSON_FIELDS):
        conflicts["topic"] = LESSON_CONFLICT
        form = dict(form, **{name: header[name] or "" for name in LESSON_FIELDS})
    errors: dict[str, str] = {}
    saved_id = _write_lesson(conn, staff_id, header, form, errors)
    if saved_id is None:
        raise FormErrors(fields=errors)
    lesson = dict(header, id=saved_id, control_type=_lesson_values(form)["control_type"])
    absences = {
        row["student_id"]: row
        for row in rows(
            conn, "SELECT id, student_id, code FROM attendance WHERE lesson_id = ?", (saved_id,)
        )
    }
    seen = student_revisions(conn, header["id"])
    for student_id in _student_ids(form):
        if seen.get(student_id, EMPTY_STUDENT) != form.get(f"rev_{student_id}", EMPTY_STUDENT) \
                and _wants_change(form, student_id, absences.get(student_id)):
            conflicts[f"mark_{student_id}"] = STUDENT_CONFLICT
            continue
        _write_student(conn, staff_id, lesson, absences, student_id, form, errors)
    if errors:
        raise FormErrors(fields=errors)
    conn.execute(
        "INSERT INTO form_submissions (token, staff_id, record_table, record_id)"
        " VALUES (?, ?, 'lessons', ?)",
        (token, staff_id, saved_id),
    )
    return Saved(saved_id, conflicts)
