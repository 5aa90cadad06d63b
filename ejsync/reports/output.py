"""Three renderings of one computed report: JSON, CSV (for spreadsheets) and Russian HTML."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict
from datetime import date

from ejsync.grading import format_average
from ejsync.render import environment
from ejsync.reports.charts import bar_chart
from ejsync.reports.model import Column, Report

FORMATS = ("html", "csv", "json")


def to_json(report: Report) -> str:
    """The report's figures as JSON (numbers stay numbers)."""
    return json.dumps(asdict(report), ensure_ascii=False, indent=1)


def cell(value: object, column: Column) -> str:
    """A value as a Russian reader writes it: '12,5' percent, '4,33' average, '—' for none."""
    if value is None or value == "":
        return "—" if column.kind != "text" else ""
    if column.kind == "percent":
        return f"{value:.1f}".replace(".", ",")
    if column.kind == "average":
        return format_average(float(value))
    if column.kind == "date":
        return date.fromisoformat(str(value)).strftime("%d.%m.%Y")
    return str(value)


def to_csv(report: Report) -> str:
    """Every section under its title, `;`-separated with decimal commas (Excel in Russian)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    writer.writerow([report.title])
    for key, value in report.params.items():
        writer.writerow([key, value])
    for section in report.sections:
        writer.writerow([])
        writer.writerow([section.title])
        writer.writerow([c.title for c in section.columns])
        for row in section.rows:
            writer.writerow([cell(row.get(c.key), c) for c in section.columns])
    return "\ufeff" + buffer.getvalue()


def to_html(report: Report) -> str:
    """The report page from `site_templates/reports/report.html.j2`, charts as inline SVG."""
    template = environment().get_template("reports/report.html.j2")
    return template.render(report=report, cell=cell, chart=bar_chart)


def to_html_body(report: Report) -> str:
    """The report's parameters, charts and tables without the page around them (staff pages)."""
    template = environment().get_template("reports/_body.html.j2")
    return template.render(report=report, cell=cell, chart=bar_chart)


def render(report: Report, fmt: str) -> str:
    """`report` in `fmt` (html, csv or json)."""
    return {"html": to_html, "csv": to_csv, "json": to_json}[fmt](report)
