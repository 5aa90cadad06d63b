"""gzip for what the gate sends as text (diary pages, its own pages, CSS), never for files that
are compressed already (PDF, JPEG, PNG attachments)."""

from __future__ import annotations

from starlette.middleware.gzip import DEFAULT_EXCLUDED_CONTENT_TYPES, GZipMiddleware
from starlette.types import ASGIApp

MINIMUM_SIZE = 500
LEVEL = 6  # most of level 9's saving at a fraction of its CPU


def with_gzip(app: ASGIApp) -> ASGIApp:
    """`app` answering gzip to clients that accept it."""
    return GZipMiddleware(app, minimum_size=MINIMUM_SIZE, compresslevel=LEVEL,
                          exclude_content_types=(*DEFAULT_EXCLUDED_CONTENT_TYPES,
                                                 "application/pdf"))
