"""A lesson's comment sent to the family as a message (R-COMMENT, 004 §2.4: «отправить
сообщение родителям»), inside the transaction that saves the comment."""

from __future__ import annotations

import sqlite3

from ejsync.render import ru_date

KIND_TITLES = {"remark": "Замечание", "praise": "Благодарность", "note": "Заметка"}

COMMENT = """
SELECT c.id, c.student_id, c.kind, c.text, c.created_by, s.family_id, l.date,
       sj.name AS subject_name,
       EXISTS (SELECT 1 FROM enrollments e JOIN classes k ON k.id = e.class_id
               WHERE e.student_id = c.student_id AND e.to_date IS NULL
                 AND k.class_teacher_id = c.created_by) AS by_class_teacher,
       EXISTS (SELECT 1 FROM staff_roles r WHERE r.staff_id = c.created_by
               AND r.role IN ('deputy', 'director')) AS by_office
FROM comments c JOIN students s ON s.id = c.student_id
LEFT JOIN lessons l ON l.id = c.lesson_id LEFT JOIN subjects sj ON sj.id = l.subject_id
WHERE c.id = ?
"""


def _thread_for(conn: sqlite3.Connection, comment: sqlite3.Row) -> int:
    """The thread of the comment's author with the family about the child (made if missing)."""
    if comment["by_class_teacher"]:
        kind, staff_id = "class_teacher", comment["created_by"]
        topic = "Записи классного руководителя"
    elif comment["subject_name"] or not comment["by_office"]:
        kind, staff_id = "teacher", comment["created_by"]
        topic = f"Записи на уроках: {comment['subject_name'] or 'учитель'}"
    else:
        kind, staff_id, topic = "reception", None, "Записи администрации"
    found = conn.execute(
        "SELECT id FROM message_threads WHERE family_id = ? AND student_id = ? AND kind = ?"
        " AND staff_id IS ? AND topic = ? ORDER BY id LIMIT 1",
        (comment["family_id"], comment["student_id"], kind, staff_id, topic),
    ).fetchone()
    if found:
        return found[0]
    return conn.execute(
        "INSERT INTO message_threads (family_id, student_id, kind, staff_id, topic, started_by)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (comment["family_id"], comment["student_id"], kind, staff_id, topic,
         comment["created_by"]),
    ).lastrowid


def send_comment(conn: sqlite3.Connection, comment_id: int) -> int | None:
    """Post the comment as a message from its author to the child's family; returns the
    message id (None when the child has no family to write to)."""
    comment = conn.execute(COMMENT, (comment_id,)).fetchone()
    if comment is None or comment["family_id"] is None:
        return None
    lesson = (f"\n\nУрок: {comment['subject_name']}, {ru_date(comment['date'])}."
              if comment["date"] else "")
    body = f"{KIND_TITLES.get(comment['kind'], 'Заметка')}: {comment['text']}{lesson}"
    thread_id = _thread_for(conn, comment)
    cursor = conn.execute(
        "INSERT INTO messages (thread_id, author_staff_id, body, comment_id) VALUES (?, ?, ?, ?)",
        (thread_id, comment["created_by"], body, comment_id),
    )
    conn.execute(
        "INSERT INTO message_reads (thread_id, reader, last_read_id) VALUES (?, ?, ?)"
        " ON CONFLICT (thread_id, reader) DO UPDATE SET last_read_id = excluded.last_read_id",
        (thread_id, comment["created_by"], cursor.lastrowid),
    )
    return cursor.lastrowid
