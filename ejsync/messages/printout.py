"""What the weekly printout of a family without electronic access lists (R-OFFLINE-FAMILY):
the messages of its threads in the printout's span."""

from __future__ import annotations

import sqlite3

from ejsync.render import ru_datetime
from ejsync.store.clock import timezone_name

PRINTED = """
SELECT m.body, m.created_at, m.author_staff_id, t.topic,
       st.last_name || ' ' || substr(st.first_name, 1, 1) || '. '
       || substr(st.middle_name, 1, 1) || '.' AS author
FROM messages m JOIN message_threads t ON t.id = m.thread_id
LEFT JOIN staff st ON st.id = m.author_staff_id
WHERE t.family_id = :family AND t.student_id = :student AND m.withdrawn_at IS NULL
  AND m.created_at >= :a AND m.created_at < date(:b, '+1 day')
ORDER BY m.id
"""


def printed_messages(conn: sqlite3.Connection, family_id: int, student_id: int,
                     monday: str, sunday: str) -> list[str]:
    """One line per message about the child between `monday` and `sunday` (inclusive)."""
    tz = timezone_name(conn)
    lines = []
    for row in conn.execute(PRINTED, {"family": family_id, "student": student_id,
                                      "a": monday, "b": sunday}):
        who = row["author"] if row["author_staff_id"] else "семья"
        text = " ".join(row["body"].split())
        lines.append(f"{ru_datetime(row['created_at'], tz)}, {who} («{row['topic']}»): {text}")
    return lines
