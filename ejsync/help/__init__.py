"""The user guides: Markdown pages in content/help, published on the site, printed as PDF."""

from ejsync.content import NO_HELP, WEBSITE_SQL, help_redirect_url, school_website
from ejsync.help.guides import (
    GUIDES,
    HELP_CONTENT,
    SHIPPED_SCREENSHOTS,
    Guide,
    load_guides,
    screenshots_dir,
)

__all__ = ["GUIDES", "HELP_CONTENT", "SHIPPED_SCREENSHOTS", "Guide", "help_redirect_url",
           "load_guides", "screenshots_dir", "NO_HELP", "WEBSITE_SQL", "school_website"]
