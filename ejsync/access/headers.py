"""Security headers every gate and nginx response carries; diary pages are never stored."""

from __future__ import annotations

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
_COMMON: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
)
# Diary pages send no referrer at all (their addresses hold the child's token).
SECURITY_HEADERS = ((b"referrer-policy", b"no-referrer"), *_COMMON)
# The gate's own pages hold forms: with "same-origin" the browser sends their real Origin
# (with "no-referrer" it sends `Origin: null`, which the gate refuses), and still no referrer
# to any other site.
PAGE_HEADERS = ((b"referrer-policy", b"same-origin"), *_COMMON)
NO_STORE = (b"cache-control", b"no-store")  # a family's pages stay off shared computers' disks
