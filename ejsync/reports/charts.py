"""Geometry of the inline SVG bar charts: the template only draws what this computes."""

from __future__ import annotations

from ejsync.reports.model import Chart

PALETTE = ("#2e6da4", "#e08a1e", "#3c9a5f", "#b5443c", "#7a5ba6")
BAR, GAP, LABEL_W, PLOT_W, LEGEND_H, VALUE_W = 14, 10, 230, 420, 24, 70


def number(value: float, unit: str) -> str:
    """'87,5%' / '12'."""
    text = f"{value:.1f}".removesuffix(".0") if isinstance(value, float) else str(value)
    return text.replace(".", ",") + unit


def bar_chart(chart: Chart, rows: list[dict]) -> dict:
    """Sizes, legend and bars (x, y, width, colour, caption) of a horizontal bar chart."""
    values = [row.get(key) for row in rows for key, _ in chart.series]
    top = chart.max_value or max((v for v in values if v is not None), default=0) or 1
    group_h = BAR * len(chart.series) + GAP
    legend, x = [], LABEL_W
    for i, (_, title) in enumerate(chart.series):
        legend.append({"x": x, "color": PALETTE[i % len(PALETTE)], "title": title})
        x += 7 * len(title) + 36
    groups = []
    for n, row in enumerate(rows):
        y0 = LEGEND_H + group_h * n
        bars = []
        for i, (key, title) in enumerate(chart.series):
            value = row.get(key)
            width = 0.0 if value is None else PLOT_W * value / top
            bars.append({
                "y": y0 + BAR * i, "width": round(width, 1), "color": PALETTE[i % len(PALETTE)],
                "text": "нет данных" if value is None else number(value, chart.unit),
                "title": title, "text_x": LABEL_W + width + 4,
            })
        groups.append({"label": row.get(chart.label), "y": y0 + BAR * len(chart.series) / 2 + 4,
                       "bars": bars})
    return {
        "width": max(LABEL_W + PLOT_W + VALUE_W, x), "height": LEGEND_H + group_h * len(rows) + 6,
        "label_w": LABEL_W, "bar_h": BAR - 2, "legend": legend, "groups": groups,
        "title": chart.title,
    }
