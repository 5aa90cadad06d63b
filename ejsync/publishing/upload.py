"""Upload a build folder to `<prefix>/releases/<release>/` and delete an old release.

Every object is encrypted with the school's publish key (SSE-C). The diary's token manifest
(`diary/.manifest.db`, which maps students to their secret folders) and any hidden or
temporary file are never uploaded.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from ejsync.objectstore.client import Sse, list_keys
from ejsync.objectstore.location import Location

PARTS = ("site", "diary")
WORKERS = 16  # requests in flight; the store, not this client, is the limit
CACHE_CONTROL = "no-cache"  # edges revalidate; a release's objects never change


@dataclass(frozen=True)
class Uploaded:
    """What went up."""

    files: int
    bytes: int


def release_key(location: Location, release: str, *parts: str) -> str:
    """`<prefix>/releases/<release>/<parts…>`."""
    return location.key("releases", release, *parts)


def publishable(build: Path) -> Iterator[tuple[Path, str]]:
    """(file, path inside the release) of site/ and diary/, hidden files left out."""
    for part in PARTS:
        root = build / part
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*")):
            relative = path.relative_to(build)
            if path.is_file() and not any(p.startswith(".") for p in relative.parts):
                yield path, relative.as_posix()


def upload_release(client, location: Location, release: str, build: Path, sse: Sse,
                   progress: Callable[[int], None]) -> Uploaded:
    """Upload every publishable file of `build`, WORKERS at a time."""
    files = list(publishable(build))

    def put(item: tuple[Path, str]) -> int:
        path, name = item
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        if content_type.startswith("text/") or content_type.endswith(("json", "javascript")):
            content_type += "; charset=utf-8"
        body = path.read_bytes()
        client.put_object(Bucket=location.bucket, Key=release_key(location, release, name),
                          Body=body, ContentType=content_type, CacheControl=CACHE_CONTROL,
                          **sse.args())
        return len(body)

    size = 0
    with ThreadPoolExecutor(WORKERS) as pool:
        for written in pool.map(put, files):
            size += written
            progress(1)
    return Uploaded(len(files), size)


def delete_release(client, location: Location, release: str) -> int:
    """Remove every object of a release; returns how many."""
    keys = [o["Key"] for o in list_keys(client, location.bucket,
                                        release_key(location, release) + "/")]
    for start in range(0, len(keys), 1000):
        client.delete_objects(Bucket=location.bucket, Delete={
            "Objects": [{"Key": k} for k in keys[start:start + 1000]], "Quiet": True})
    return len(keys)
