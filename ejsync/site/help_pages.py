"""The site's help section: the guide pages, their screenshots, the schedule and contacts."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

from ejsync.content import HELP_CONTENT, IMAGE_LINE, screenshots_dir

HELP_FOLDER = "help"
IMAGES = "img"
log = logging.getLogger(__name__)


def copy_help_content(target: Path, *, source: Path = HELP_CONTENT,
                      shots: Path | None = None) -> list[str]:
    """Copy the guide pages for Pelican; a screenshot not found is left out (and logged).

    Returns the names of the screenshots the pages show."""
    shots = shots or screenshots_dir()
    target.mkdir(parents=True, exist_ok=True)
    shown: list[str] = []
    missing: list[str] = []
    for page in sorted(source.glob("*.md")):
        lines = []
        for line in page.read_text(encoding="utf-8").splitlines(keepends=True):
            match = IMAGE_LINE.match(line)
            if match and not (shots / match["file"]).is_file():
                missing.append(match["file"])
                continue
            if match:
                shown.append(match["file"])
            lines.append(line)
        (target / page.name).write_text("".join(lines), encoding="utf-8")
    if missing:
        log.warning("help: %d screenshots not in %s (shipped in content/help/img), left out: %s",
                    len(missing), shots, ", ".join(missing))
    return shown


def publish_screenshots(names: list[str], output: Path, *, shots: Path | None = None) -> None:
    """Put the screenshots the pages show beside them (OUTPUT/help/img/)."""
    shots = shots or screenshots_dir()
    folder = output / HELP_FOLDER / IMAGES
    folder.mkdir(parents=True, exist_ok=True)
    for name in set(names):
        shutil.copyfile(shots / name, folder / name)


def help_settings(consultations: list[dict], admins: list[dict]) -> dict:
    """Pelican settings the help template shows on every guide page (H-SCHEDULE, H-SUPPORT-INFO)."""
    return {"HELP_CONSULTATIONS": consultations, "HELP_ADMINS": admins}
