"""The public site's Markdown content that more than one part reads: where the guide pages are,
how a page shows a screenshot, and where the screenshots are (the site publishes the guides,
`ejsync.help` prints them)."""

from __future__ import annotations

import os
import re
from pathlib import Path

from ejsync.config import CONTENT_DIR, PROJECT_ROOT

HELP_CONTENT = CONTENT_DIR / "help"
SCREENSHOTS_ENV = "EJSYNC_SCREENSHOTS"
# The screenshots shipped with ejsync: the site and the PDFs show them on a fresh install.
SHIPPED_SCREENSHOTS = HELP_CONTENT / "img"
# Where the browser tests take fresh ones, to compare with the shipped (tests/guides).
DEFAULT_SCREENSHOTS = PROJECT_ROOT / "build" / "screenshots"
IMAGE_LINE = re.compile(r"^!\[(?P<alt>[^\]]*)\]\(img/(?P<file>[\w.-]+\.png)\)\s*$")


def screenshots_dir() -> Path:
    """The screenshots the guides show: $EJSYNC_SCREENSHOTS (the browser tests' fresh ones)
    or those shipped in content/help/img."""
    return Path(os.environ.get(SCREENSHOTS_ENV) or SHIPPED_SCREENSHOTS)
