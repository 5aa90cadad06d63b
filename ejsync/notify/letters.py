"""The e-mails in Russian, plain text plus HTML, from site_templates/notify/."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from ejsync.render import environment


@dataclass(frozen=True)
class Text:
    """A composed e-mail: subject, plain text, HTML."""

    subject: str
    text: str
    html: str


def school_name(conn: sqlite3.Connection) -> str:
    """The school's short name for the sender line and the signature."""
    row = conn.execute("SELECT short_name FROM school WHERE id = 1").fetchone()
    return row[0] if row else "Школа"


def compose(kind: str, subject: str, **context) -> Text:
    """Render `notify/<kind>.txt` and `notify/<kind>.html` with the same context."""
    env = environment()
    context = {"subject": subject, **context}
    return Text(subject, env.get_template(f"notify/{kind}.txt").render(**context).strip() + "\n",
                env.get_template(f"notify/{kind}.html").render(**context))
