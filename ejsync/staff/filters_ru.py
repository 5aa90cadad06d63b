"""Datasette's table filters in Russian: operator names and the description of a filtered view."""

from __future__ import annotations

from typing import Any

from ejsync.staff.labels import column_label

# Datasette lookup key → how the staff interface names it.
LOOKUPS = {
    "exact": "=",
    "not": "≠",
    "contains": "содержит",
    "notcontains": "не содержит",
    "endswith": "оканчивается на",
    "startswith": "начинается с",
    "gt": ">",
    "gte": "≥",
    "lt": "<",
    "lte": "≤",
    "like": "по шаблону LIKE",
    "notlike": "не по шаблону LIKE",
    "glob": "по шаблону GLOB",
    "in": "одно из",
    "notin": "ни одно из",
    "arraycontains": "список содержит",
    "arraynotcontains": "список не содержит",
    "date": "дата",
    "isnull": "пусто",
    "notnull": "не пусто",
    "isblank": "пусто или пробелы",
    "notblank": "заполнено",
}
NO_VALUE = {"isnull", "notnull", "isblank", "notblank"}


def lookup_title(key: str, display: str) -> str:
    """The Russian name of a filter operator (Datasette's own name for one we do not know)."""
    return LOOKUPS.get(key, display)


def describe_filters(filters: Any, sort: str | None, sort_desc: str | None,
                     search: str | None, table: str | None = None) -> str:
    """'отбор: класс = 5 и отметка ≥ 3; поиск «…»; сортировка по «дата», по убыванию'."""
    clauses = []
    for name, lookup, value in filters.selections():
        column = f"«{column_label(table, name)}»"
        title = lookup_title(lookup, lookup)
        shown = value if value.isdigit() else f"«{value}»"
        clauses.append(f"{column} {title}" if lookup in NO_VALUE else f"{column} {title} {shown}")
    parts = []
    if clauses:
        head, last = clauses[:-1], clauses[-1]
        parts.append("отбор: " + (f"{', '.join(head)} и {last}" if head else last))
    if search:
        parts.append(f"поиск «{search}»")
    if sort or sort_desc:
        ordered = column_label(table, sort or sort_desc or "")
        parts.append(f"сортировка по «{ordered}»" + (", по убыванию" if sort_desc else ""))
    return "; ".join(parts)
