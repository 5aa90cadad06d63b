"""The family's access letter: an A4 PDF/A in Russian with the QR code, by the one Typst engine."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import segno

from ejsync.family_codes import queries, totp
from ejsync.family_codes.codes import IssuedCode
from ejsync.family_codes.policy import FAMILY_POLICY
from ejsync.files import write_durably
from ejsync.render import ru_datetime
from ejsync.render_pdf import render_pdf

TEMPLATE = "access/letter"


def _qr_svg(uri: str) -> str:
    """The otpauth URI as an SVG QR code (error correction M, quiet zone of 4 modules)."""
    return segno.make(uri, error="m", micro=False).svg_inline(scale=4, border=4)


def letter_data(conn: sqlite3.Connection, issued: IssuedCode, diary_url: str | None) -> dict:
    """Everything the letter shows, as plain JSON-ready values."""
    school = queries.school(conn)
    if diary_url is None:
        diary_url = school["diary_url"] if school else ""
    children = [
        {
            "name": " ".join(p for p in (c["last_name"], c["first_name"], c["middle_name"]) if p),
            "class_name": c["class_name"],
        }
        for c in queries.family_children(conn, issued.family_id)
    ]
    return {
        "school": {
            key: (school[key] if school else "")
            for key in ("name", "short_name", "address", "phone", "email")
        },
        "family": issued.family_title,
        "login": issued.login,
        "children": children,
        "diary_url": diary_url,
        "secret_grouped": totp.grouped(issued.secret),
        "version": issued.version,
        "issued_on": ru_datetime(issued.issued_at),
        "lock_attempts": FAMILY_POLICY.max_failures,
        "lock_minutes": int(FAMILY_POLICY.lock.total_seconds() // 60),
    }


def render_letter(data: dict, uri: str, issued_at: str) -> bytes:
    """The PDF bytes of one letter, dated `issued_at`."""
    return render_pdf(TEMPLATE, data, issued_at, inputs={"qr": _qr_svg(uri)})


def letter_pdf(conn: sqlite3.Connection, issued: IssuedCode, diary_url: str | None = None) -> bytes:
    """The letter as PDF bytes (for a download from the staff interface)."""
    return render_letter(letter_data(conn, issued, diary_url), issued.uri, issued.issued_at)


def write_letter(
    conn: sqlite3.Connection, issued: IssuedCode, directory: Path, diary_url: str | None = None
) -> Path:
    """Write `family-<id>-v<version>.pdf` (mode 0600, in a 0700 folder) and return its path."""
    pdf = letter_pdf(conn, issued, diary_url)
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = directory / f"family-{issued.family_id}-v{issued.version}.pdf"
    write_durably(path, pdf, mode=0o600)
    return path
