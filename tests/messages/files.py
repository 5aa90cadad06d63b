"""Small real files for attachments: a PNG made by Pillow, a PDF, and impostors."""

from __future__ import annotations

import io

from PIL import Image


def png(width: int = 40, height: int = 30) -> bytes:
    """A real PNG picture."""
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 40, 40)).save(out, format="PNG")
    return out.getvalue()


def pdf() -> bytes:
    """A minimal real PDF document (one empty page)."""
    out = io.BytesIO()
    Image.new("RGB", (60, 80), (255, 255, 255)).save(out, format="PDF")
    return out.getvalue()


EXECUTABLE = b"\x7fELF\x02\x01\x01" + b"\x00" * 200  # what a lying "photo.jpg" may really be
