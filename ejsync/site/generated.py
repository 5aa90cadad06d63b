"""Pages of the public site generated from the database (H-SCHEDULE, H-SUPPORT-INFO, events)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ejsync.render import environment

WEEKDAYS = {1: "Понедельник", 2: "Вторник", 3: "Среда", 4: "Четверг", 5: "Пятница", 6: "Суббота"}
GENERATED_PAGES = ("consultations", "support", "access", "events")


@dataclass
class SiteData:
    """What the generated pages show."""

    school: sqlite3.Row | None
    consultations: list[dict]
    admins: list[dict]
    answered: list[sqlite3.Row]
    upcoming: list[dict]
    past: list[dict]
    today: date


def _person(row: sqlite3.Row) -> str:
    return " ".join(p for p in (row["last_name"], row["first_name"], row["middle_name"]) if p)


def load_site_data(conn: sqlite3.Connection, today: date) -> SiteData:
    """Read the consultation schedule, support contacts, answered questions and public events."""
    consultations = [
        {"weekday": WEEKDAYS[r["weekday"]], "time": f"{r['starts_at']}–{r['ends_at']}",
         "room": r["room"], "who": _person(r), "position": r["position"], "topics": r["topics"]}
        for r in conn.execute(
            "SELECT c.*, s.last_name, s.first_name, s.middle_name, s.position"
            " FROM consultations c JOIN staff s ON s.id = c.staff_id"
            " ORDER BY c.weekday, c.starts_at, s.last_name")
    ]
    admins = [
        {"name": _person(r), "position": r["position"], "email": r["email"], "phone": r["phone"]}
        for r in conn.execute(
            "SELECT s.* FROM staff s JOIN staff_roles r ON r.staff_id = s.id"
            " WHERE r.role = 'admin' AND s.active = 1 ORDER BY s.last_name")
    ]
    answered = conn.execute(
        "SELECT asked_on, role, question, answer FROM support_requests"
        " WHERE trim(answer) <> '' ORDER BY asked_on DESC, id DESC LIMIT 50"
    ).fetchall()
    events = [
        {"date": r["date"], "time": r["starts_at"], "title": r["title"],
         "description": r["description"], "place": r["place"], "class_name": r["class_name"]}
        for r in conn.execute(
            "SELECT e.*, c.name AS class_name FROM events e"
            " LEFT JOIN classes c ON c.id = e.class_id"
            " WHERE e.public = 1 ORDER BY e.date, e.starts_at, e.id")
    ]
    iso = today.isoformat()
    return SiteData(
        school=conn.execute("SELECT * FROM school WHERE id = 1").fetchone(),
        consultations=consultations,
        admins=admins,
        answered=answered,
        upcoming=[e for e in events if e["date"] >= iso],
        past=[e for e in reversed(events) if e["date"] < iso][:30],
        today=today,
    )


def write_generated_pages(data: SiteData, target: Path) -> list[Path]:
    """Render each generated page as Pelican Markdown into `target`."""
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name in GENERATED_PAGES:
        template = environment().get_template(f"site/generated/{name}.md.j2")
        path = target / f"{name}.md"
        path.write_text(template.render(data=data, school=data.school), encoding="utf-8")
        written.append(path)
    return written
