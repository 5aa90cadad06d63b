"""The Typst engine: a template from site_templates/print plus JSON data -> a PDF/A-2b file."""

from __future__ import annotations

import json
import os
import tempfile
from datetime import datetime
from pathlib import Path

import typst

from ejsync.config import TEMPLATES_DIR

PRINT_TEMPLATES = TEMPLATES_DIR / "print"
# Fonts with Cyrillic, installed by the quick start (fonts-dejavu-core, fonts-liberation2);
# passed explicitly so every machine embeds the same faces.
FONT_ROOT = Path("/usr/share/fonts/truetype")
FONT_DIRS = [FONT_ROOT / "dejavu", FONT_ROOT / "liberation2"]
PDF_STANDARD = "a-2b"


def render_pdf(template: str, data: dict, generated_at: str) -> bytes:
    """Compile `site_templates/print/<template>.typ` over `data` into PDF/A-2b bytes."""
    stamp = datetime.fromisoformat(generated_at.replace("Z", "+00:00"))
    return typst.compile(
        str(PRINT_TEMPLATES / f"{template}.typ"),
        root=str(PRINT_TEMPLATES),
        font_paths=[str(d) for d in FONT_DIRS if d.is_dir()],
        ignore_system_fonts=True,
        sys_inputs={"data": json.dumps(data, ensure_ascii=False)},
        pdf_standards=[PDF_STANDARD],
        timestamp=int(stamp.timestamp()),
    )


def write_atomically(path: Path, content: bytes) -> None:
    """Write to a temporary file beside `path`, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
