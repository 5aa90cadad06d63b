"""Per-child link cookies that nginx checks by itself (`secure_link`), so a family's diary
pages need no Python call per request.

The gate gives a logged-in family one cookie per child, scoped to that child's folder
(`Path=/diary/<token>/`): `<family>.<expires>.<hash>`, the hash being nginx's `secure_link_md5`
of "<expires>|<family>|<token>|<secret>" (base64url MD5, the only digest nginx-light offers).
The secret is derived from the access key and written into the nginx configuration. A link
lives `DEFAULT_LINK_SECONDS`: a revoke, reissue or logout reaches nginx within that time, when
nginx asks the gate again (`auth_request`) and the gate refuses or renews."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from dataclasses import dataclass

from ejsync.access.keys import derive_key

COOKIE_NAME = "ejsync_link"
DEFAULT_LINK_SECONDS = 30
DIARY_PATH = "/diary/{token}/"
TOKEN_PATTERN = "[A-Za-z0-9_-]{16,64}"
VALUE = re.compile(r"^(\d{1,12})\.(\d{1,12})\.([A-Za-z0-9_-]{22})$")


def link_secret(key: bytes) -> str:
    """The secret nginx and the gate share (hex, from the access key)."""
    return derive_key(key, "ejsync nginx diary link").hex()


def _digest(secret: str, family_id: int, token: str, expires: int) -> str:
    data = f"{expires}|{family_id}|{token}|{secret}".encode()
    return base64.urlsafe_b64encode(hashlib.md5(data).digest()).rstrip(b"=").decode()


@dataclass(frozen=True)
class Link:
    """A verified link cookie: whose, for which child's folder, until when."""

    family_id: int
    token: str
    expires: int


class Linker:
    """Makes and checks link cookies with one secret."""

    def __init__(self, secret: str, lifetime: int = DEFAULT_LINK_SECONDS) -> None:
        self.secret = secret
        self.lifetime = lifetime

    def value(self, family_id: int, token: str, expires: int) -> str:
        """The cookie value for a child's folder, valid until `expires` (epoch seconds)."""
        return f"{family_id}.{expires}.{_digest(self.secret, family_id, token, expires)}"

    def check(self, value: str, token: str) -> Link | None:
        """The link `value` names for `token`'s folder, if its hash holds (expired or not)."""
        match = VALUE.match(value)
        if match is None:
            return None
        family, expires, digest = int(match[1]), int(match[2]), match[3]
        if not hmac.compare_digest(_digest(self.secret, family, token, expires), digest):
            return None
        return Link(family, token, expires)

    def set_cookie(self, family_id: int, token: str, now: float, session_expires: int,
                   secure: bool) -> bytes:
        """A `Set-Cookie` header value giving the family the link to one child's folder."""
        expires = min(int(now) + self.lifetime, session_expires)
        return _cookie(self.value(family_id, token, expires), token, max(0, expires - int(now)),
                       secure)

    @staticmethod
    def delete_cookie(token: str, secure: bool) -> bytes:
        """A `Set-Cookie` header value removing the link to one child's folder."""
        return _cookie("", token, 0, secure)


def _cookie(value: str, token: str, max_age: int, secure: bool) -> bytes:
    flags = "; Secure" if secure else ""
    path = DIARY_PATH.format(token=token)
    return (f"{COOKIE_NAME}={value}; Max-Age={max_age}; Path={path}; HttpOnly;"
            f" SameSite=Lax{flags}").encode("latin-1")
