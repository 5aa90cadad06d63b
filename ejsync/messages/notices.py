"""A lesson's comment sent to the family as a message (R-COMMENT, 004 §2.4: «отправить
сообщение родителям»), inside the transaction that saves the comment. The store does it
(the `comment_notices` view of migration 0900), so the staff server's connections, which may
not read the correspondence themselves, can send it."""

from __future__ import annotations

import sqlite3


def send_comment(conn: sqlite3.Connection, comment_id: int) -> int | None:
    """Post the comment as a message from its author to the child's family; returns the
    message id (None when the child has no family to write to)."""
    conn.execute("INSERT INTO comment_notices (comment_id) VALUES (?)", (comment_id,))
    found = conn.execute("SELECT message_id FROM comment_notices WHERE comment_id = ?",
                         (comment_id,)).fetchone()
    return found[0] if found else None
