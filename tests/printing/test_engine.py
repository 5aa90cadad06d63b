"""One Typst engine in the render layer (issue 16 point 6): print editions, guides and access
letters all compile through `ejsync.render_pdf`, with the same fonts and PDF/A-2b."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from ejsync.config import PROJECT_ROOT
from ejsync.errors import UserError
from ejsync.render_pdf import render_many, render_pdf
from tests.printing.layout import pdfa_failures

PACKAGE = PROJECT_ROOT / "ejsync"


def imports(path: Path) -> set[str]:
    """Every module a source file imports."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
    return found


def test_only_the_render_layer_calls_typst():
    callers = {path.relative_to(PROJECT_ROOT).as_posix() for path in PACKAGE.rglob("*.py")
               if "typst" in imports(path)}
    assert callers == {"ejsync/render_pdf.py"}


def test_help_and_access_do_not_reach_into_printing():
    for folder in ("help", "access"):
        for path in (PACKAGE / folder).rglob("*.py"):
            assert not any(m.startswith("ejsync.printing") for m in imports(path)), path


def guide_data(title: str) -> dict:
    """The data of a one-paragraph guide."""
    return {"school": {"short_name": "Школа", "name": "Школа № 1"}, "title": title,
            "summary": "", "blocks": [{"kind": "p", "spans": [
                {"t": "Кириллица и латиница: Ёё, Latin.", "b": False, "c": False}]}],
            "consultations": [], "admins": [], "generated": "1 декабря 2026"}


def test_the_engine_makes_pdfa_2b_with_the_shared_fonts(tmp_path):
    pdf = tmp_path / "guide.pdf"
    pdf.write_bytes(render_pdf("print/guide", guide_data("Проверка"), "2026-12-01T10:00:00Z"))
    assert pdfa_failures(pdf) == []
    assert b"DejaVuSans" in pdf.read_bytes()


def test_worker_processes_make_the_same_pdfs_in_order():
    jobs = [("print/guide", guide_data(title), "2026-12-01T10:00:00Z")
            for title in ("Первое", "Второе", "Третье")]
    assert list(render_many(jobs)) == [render_pdf(*job) for job in jobs]


def test_a_template_error_in_a_worker_reaches_the_caller_in_russian():
    broken = guide_data("Проверка")
    del broken["school"]
    with pytest.raises(UserError, match="PDF не собран: ошибка шаблона .*guide.typ"):
        list(render_many([("print/guide", guide_data("Первое"), "2026-12-01T10:00:00Z"),
                          ("print/guide", broken, "2026-12-01T10:00:00Z")]))

