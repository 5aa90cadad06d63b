"""The public school site: Pelican over the regulations, help pages and DB-driven pages."""

from ejsync.site.build import SiteReport, build_site
from ejsync.site.regulations import import_regulations

__all__ = ["SiteReport", "build_site", "import_regulations"]
