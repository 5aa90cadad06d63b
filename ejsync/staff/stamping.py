"""Datasette's JSON write API (the admin's tool): who wrote is the logged-in admin, and the
store's clock says when — whatever the body says. The store's triggers check the same."""

from __future__ import annotations

import json
import re

WRITE_API = re.compile(
    r"^/school/(?P<table>[^/]+)/(?:(?P<pk>[^/]+)/)?-/(?P<op>insert|upsert|update|delete)$"
)
# table -> columns naming who wrote a new row
AUTHOR_COLUMNS = {
    "lessons": ("created_by",),
    "marks": ("created_by",),
    "attendance": ("created_by",),
    "comments": ("created_by",),
    "support_requests": ("recorded_by",),
    "substitutions": ("recorded_by",),
    "edition_registrations": ("registered_by",),
    "violation_waivers": ("waived_by",),
}
# Columns only the store writes (its clock, or who changed what later): dropped from bodies.
STORE_COLUMNS = frozenset({
    "created_at", "topic_entered_at", "homework_entered_at", "updated_at", "reason_set_by",
    "reason_set_at", "answered_by", "recorded_at", "registered_at", "waived_at", "cancelled_by",
    "cancelled_at",
})


def _stamp_row(row: dict, table: str, staff_id: int, *, new: bool) -> None:
    for column in STORE_COLUMNS & row.keys():
        del row[column]
    for column in AUTHOR_COLUMNS.get(table, ()):
        if new:
            row[column] = staff_id
        else:
            row.pop(column, None)
    if new and table == "lessons":
        row.setdefault("teacher_id", staff_id)
        row.setdefault("scheduled_teacher_id", row["teacher_id"])


def stamp_body(path: str, body: bytes, staff_id: int) -> bytes:
    """The JSON body of a write-API request with who/when columns set by the server."""
    match = WRITE_API.match(path)
    if not match or match["op"] == "delete":
        return body
    try:
        data = json.loads(body or b"{}")
    except ValueError:
        return body  # Datasette answers the malformed JSON itself
    if not isinstance(data, dict):
        return body
    table = match["table"]
    if match["op"] in ("insert", "upsert"):
        for key in ("row", "rows"):
            rows = data.get(key)
            for row in rows if isinstance(rows, list) else [rows]:
                if isinstance(row, dict):
                    _stamp_row(row, table, staff_id, new=True)
    elif isinstance(data.get("update"), dict):
        _stamp_row(data["update"], table, staff_id, new=False)
    return json.dumps(data, ensure_ascii=False).encode()
