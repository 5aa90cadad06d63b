"""Per-child link cookies that nginx checks by itself (`secure_link`), so a family's diary
pages need no Python call per request.

The gate gives a logged-in family two cookies per child, scoped to that child's folder
(`Path=/diary/<token>/`): `ejsync_until` (when the link ends, epoch seconds) and
`ejsync_link`, nginx's `secure_link_md5` of "<until>|<token>|<secret>" (base64url MD5, the
only digest nginx-light offers). The secret is derived from the access key and written into
the nginx configuration. A link lives `DEFAULT_LINK_SECONDS`: a revoke, reissue or logout
reaches nginx within that time, when nginx asks the gate again (`auth_request`) and the gate
refuses or renews. The token says whose child it is, so the cookie needs no family."""

from __future__ import annotations

import base64
import hashlib
import hmac

from ejsync.family_codes.keys import derive_key

HASH_COOKIE = "ejsync_link"
UNTIL_COOKIE = "ejsync_until"
DEFAULT_LINK_SECONDS = 30
DIARY_PATH = "/diary/{token}/"
TOKEN_PATTERN = "[A-Za-z0-9_-]{16,64}"


def link_secret(key: bytes) -> str:
    """The secret nginx and the gate share (hex, from the access key)."""
    return derive_key(key, "ejsync nginx diary link").hex()


class Linker:
    """Makes and checks link cookies with one secret."""

    def __init__(self, secret: str, lifetime: int = DEFAULT_LINK_SECONDS) -> None:
        self.secret = secret
        self.lifetime = lifetime

    def digest(self, token: str, until: int) -> str:
        """The `ejsync_link` value for a child's folder, valid until `until`."""
        data = f"{until}|{token}|{self.secret}".encode()
        return base64.urlsafe_b64encode(hashlib.md5(data).digest()).rstrip(b"=").decode()

    def holds(self, token: str, until: str, digest: str) -> bool:
        """Whether `digest` was made by this secret for `token` and `until` (expired or not)."""
        return until.isdigit() and hmac.compare_digest(self.digest(token, int(until)), digest)

    def set_cookies(self, token: str, now: float, session_expires: int,
                    secure: bool) -> list[bytes]:
        """`Set-Cookie` header values giving a family the link to one child's folder."""
        until = min(int(now) + self.lifetime, session_expires)
        max_age = max(0, until - int(now))
        return [_cookie(HASH_COOKIE, self.digest(token, until), token, max_age, secure),
                _cookie(UNTIL_COOKIE, str(until), token, max_age, secure)]

    @staticmethod
    def delete_cookies(token: str, secure: bool) -> list[bytes]:
        """`Set-Cookie` header values removing the link to one child's folder."""
        return [_cookie(name, "", token, 0, secure) for name in (HASH_COOKIE, UNTIL_COOKIE)]


def _cookie(name: str, value: str, token: str, max_age: int, secure: bool) -> bytes:
    flags = "; Secure" if secure else ""
    path = DIARY_PATH.format(token=token)
    return (f"{name}={value}; Max-Age={max_age}; Path={path}; HttpOnly;"
            f" SameSite=Lax{flags}").encode("latin-1")
