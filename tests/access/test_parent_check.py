"""R-PARENT-CHECK as the class teacher sees it: the store's views of visits and acknowledgements."""

from __future__ import annotations


def test_parent_check_view_counts_weeks_with_two_visit_days(tiny_school):
    conn = tiny_school.connect()
    conn.executemany(
        "INSERT INTO diary_views (family_id, student_id, page, viewed_at) VALUES (1, 1, ?, ?)",
        [("index.html", "2026-11-16T07:00:00Z"), ("results.html", "2026-11-16T07:01:00Z"),
         ("index.html", "2026-11-18T17:30:00Z"), ("index.html", "2026-11-24T08:00:00Z")],
    )
    conn.execute(
        "INSERT INTO acknowledgements (family_id, student_id, period_id, message, acknowledged_at)"
        " VALUES (1, 1, (SELECT id FROM periods WHERE code = 'Q1'), '', '2026-10-26T09:00:00Z')"
    )
    rows = {
        row["period"]: row
        for row in conn.execute("SELECT * FROM family_parent_check WHERE student_id = 1")
    }
    conn.close()
    q2 = rows["Q2"]
    assert (q2["class_name"], q2["family_id"], q2["page_views"], q2["days_visited"]) == (
        "5А", 1, 4, 3)
    assert q2["weeks_with_two_visits"] == 1 and q2["acknowledged_at"] is None
    assert rows["Q1"]["page_views"] == 0 and rows["Q1"]["acknowledged_at"] == "2026-10-26T09:00:00Z"
