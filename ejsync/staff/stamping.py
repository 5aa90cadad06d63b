"""Stamp who wrote a row from the logged-in actor, for Datasette's JSON write API."""

from __future__ import annotations

import json
import re

from ejsync.store.clock import stamp

WRITE_API = re.compile(
    r"^/school/(?P<table>[^/]+)/(?:(?P<pk>[^/]+)/)?-/(?P<op>insert|upsert|update)$"
)
# (operation, table) -> columns set to the actor's staff id
STAMPED_COLUMNS = {
    ("insert", "lessons"): ("created_by",),
    ("insert", "marks"): ("created_by",),
    ("insert", "attendance"): ("created_by",),
    ("insert", "comments"): ("created_by",),
    ("insert", "support_requests"): ("recorded_by",),
}


def _stamp_row(row: dict, op: str, table: str, staff_id: int) -> dict:
    for column in STAMPED_COLUMNS.get((op, table), ()):
        row[column] = staff_id
    if op == "insert" and table == "lessons":
        row.setdefault("teacher_id", staff_id)
        row.setdefault("scheduled_teacher_id", row["teacher_id"])
    if op == "update" and table == "lessons":
        row["updated_at"] = stamp()
    if op == "update" and table == "attendance" and "code" in row:
        row["reason_set_by"] = staff_id
        row["reason_set_at"] = stamp()
    if op == "update" and table == "support_requests" and "answer" in row:
        row["answered_by"] = staff_id
    return row


def stamp_body(path: str, body: bytes, staff_id: int) -> bytes:
    """The JSON body of a write-API request with author columns set to `staff_id`."""
    match = WRITE_API.match(path)
    if not match:
        return body
    try:
        data = json.loads(body or b"{}")
    except ValueError:
        return body  # Datasette answers the malformed JSON itself
    if not isinstance(data, dict):
        return body
    op = "insert" if match["op"] in ("insert", "upsert") else "update"
    table = match["table"]
    if op == "insert":
        for key in ("row", "rows"):
            rows = data.get(key)
            for row in rows if isinstance(rows, list) else [rows]:
                if isinstance(row, dict):
                    _stamp_row(row, op, table, staff_id)
    elif isinstance(data.get("update"), dict):
        _stamp_row(data["update"], op, table, staff_id)
    return json.dumps(data, ensure_ascii=False).encode()
