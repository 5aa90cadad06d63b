"""The five control reports (REP-*) in the browser, with their charts, and as CSV."""

from __future__ import annotations

from datasette.utils.asgi import Response
from markupsafe import Markup

from ejsync.errors import UserError
from ejsync.reports import REPORTS, build_report, to_html_body
from ejsync.reports import render as render_report
from ejsync.staff import journal
from ejsync.staff.desks.deputy import REPORT_TITLES
from ejsync.staff.pages.common import has_role, login_redirect, read, refused, render

REFUSAL = ("R-PERSONAL-DATA: отчёты контроля по всей школе видят заместитель директора, директор"
           " и администратор ЭЖ.")
PERIODS = ("Q1", "Q2", "Q3", "Q4", "H1", "H2", "Y")


def _choice(request) -> dict:
    name = request.args.get("name") or "REP-CONTROL"
    return {"name": name if name in REPORTS else "REP-CONTROL",
            "class_name": (request.args.get("class") or "").strip() or None,
            "period": request.args.get("period") if request.args.get("period") in PERIODS
            else None}


def _report(conn, choice: dict, fmt: str) -> dict:
    classes = [r["name"] for r in
               journal.rows(conn, "SELECT name FROM classes ORDER BY grade, name")]
    try:
        report = build_report(conn, choice["name"], class_name=choice["class_name"],
                              period_code=choice["period"])
    except UserError as exc:
        return {"classes": classes, "error": str(exc)}
    finally:  # the report's scratch tables opened a transaction: end it, or this read
        if conn.in_transaction:  # connection would keep showing the database as it was now
            conn.rollback()
    body = to_html_body(report) if fmt == "html" else render_report(report, fmt)
    return {"classes": classes, "report": report, "body": body, "error": None}


async def _allowed(datasette, request):
    if not request.actor:
        return login_redirect(request)
    if not has_role(request.actor, "deputy", "director", "admin"):
        return await refused(datasette, request, REFUSAL)
    return None


async def reports(datasette, request):
    """A report chosen by name, class and period, drawn as on paper."""
    if (answer := await _allowed(datasette, request)) is not None:
        return answer
    choice = _choice(request)
    data = await read(datasette, _report, choice, "html")
    if data.get("body"):
        data["body"] = Markup(data["body"])  # rendered by ejsync's own escaping templates
    data.update(choice=choice, titles=REPORT_TITLES, periods=PERIODS)
    return await render(datasette, request, "ej_reports.html", data,
                        status=400 if data["error"] else 200)


async def report_csv(datasette, request):
    """The chosen report as a CSV file for a spreadsheet."""
    if (answer := await _allowed(datasette, request)) is not None:
        return answer
    choice = _choice(request)
    data = await read(datasette, _report, choice, "csv")
    if data["error"]:
        return Response.text(data["error"], status=400)
    filename = f"{choice['name']}.csv"
    return Response(data["body"], content_type="text/csv; charset=utf-8",
                    headers={"content-disposition": f'attachment; filename="{filename}"'})
