"""Where a login may send a person afterwards: a path on the same site, nothing else."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

# Letters, digits and the punctuation of paths and query strings; no controls, spaces or "\".
SAFE_PATH = re.compile(r"^/[A-Za-z0-9._~!$&'()*+,;=:@%/?-]*$")


def same_origin_path(target: str | None) -> str | None:
    """`target` when it is a path of this site (not `//host`, no controls), else None."""
    if not target or not SAFE_PATH.match(target) or target.startswith("//"):
        return None
    decoded = unquote(target)
    if decoded.startswith(("//", "/\\")) or any(ord(c) < 0x20 or c == "\\" for c in decoded):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target
