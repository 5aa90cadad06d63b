"""`s3://bucket/prefix` addresses and the storage endpoint they live on."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ejsync.errors import UserError

BUCKET = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")
PREFIX_PART = re.compile(r"^[A-Za-z0-9._-]+$")


@dataclass(frozen=True)
class Location:
    """A folder in a bucket: `s3://bucket/prefix` (the prefix has no leading or trailing /)."""

    bucket: str
    prefix: str

    def key(self, *parts: str) -> str:
        """The object key of `parts` under this prefix."""
        return "/".join(p.strip("/") for p in (self.prefix, *parts) if p.strip("/"))

    def __str__(self) -> str:
        return f"s3://{self.bucket}/{self.prefix}"


def parse_location(text: str, what: str = "адрес") -> Location:
    """`s3://bucket/prefix`; a Russian error naming the bad part otherwise."""
    if not text.startswith("s3://"):
        raise UserError(f"{what} «{text}» должен иметь вид s3://КОРЗИНА/ПАПКА.")
    bucket, _, prefix = text[len("s3://"):].partition("/")
    prefix = prefix.strip("/")
    if not BUCKET.match(bucket):
        raise UserError(f"{what} «{text}»: имя корзины «{bucket}» — 3–63 строчные латинские "
                        "буквы, цифры, точки и дефисы.")
    if not prefix or not all(PREFIX_PART.match(part) for part in prefix.split("/")):
        raise UserError(f"{what} «{text}»: укажите папку в корзине (латинские буквы, цифры, "
                        "«.», «_», «-»), например s3://ejsync-replicas/school-12.")
    return Location(bucket, prefix)
