"""A real SMTP server on this machine that keeps what it receives as .eml files — the relay of
`ejsync up` and of the tests (aiosmtpd). Addresses given to `reject` are refused with 550,
the way a relay refuses a mailbox that does not exist."""

from __future__ import annotations

import hmac
import itertools
import logging
import ssl
import time
from dataclasses import dataclass
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from ejsync.files import write_durably

log = logging.getLogger("ejsync.notify")


class KeepMail:
    """aiosmtpd handler: refuse the rejected addresses, store every accepted e-mail."""

    def __init__(self, directory: Path, reject: set[str]) -> None:
        self.directory = directory
        self.reject = {address.lower() for address in reject}
        self._numbers = itertools.count(1)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        """Accept a recipient unless it is one of the rejected addresses."""
        if address.lower() in self.reject:
            return "550 5.1.1 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        """Keep the e-mail as <time>-<n>.eml."""
        name = f"{time.time_ns()}-{next(self._numbers):06d}.eml"
        write_durably(self.directory / name, envelope.original_content or envelope.content)
        log.info("mailbox: kept %s for %s", name, ", ".join(envelope.rcpt_tos))
        return "250 2.0.0 Message accepted"


@dataclass(frozen=True)
class Security:
    """How the server is reached: TLS certificate and key (STARTTLS, or implicit TLS when
    `implicit`), and the one login it accepts (then required, over TLS only)."""

    cert: Path | None = None
    key: Path | None = None
    implicit: bool = False
    login: str = ""
    password: str = ""

    def context(self) -> ssl.SSLContext | None:
        """The server's TLS context, if it has a certificate."""
        if self.cert is None:
            return None
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(self.cert, self.key)
        return context

    def check(self, server, session, envelope, mechanism, auth_data) -> AuthResult:
        """aiosmtpd authenticator: only the configured login and password."""
        if not isinstance(auth_data, LoginPassword):
            return AuthResult(success=False, handled=False)
        ok = hmac.compare_digest(auth_data.login, self.login.encode()) and hmac.compare_digest(
            auth_data.password, self.password.encode())
        return AuthResult(success=ok, handled=False)


def start_mailbox(host: str, port: int, directory: Path, reject: set[str] | None = None,
                  security: Security | None = None) -> Controller:
    """Start the server in a background thread; `.stop()` the controller to end it."""
    directory.mkdir(parents=True, exist_ok=True)
    security = security or Security()
    context = security.context()
    options: dict = {"data_size_limit": 32 * 1024 * 1024}
    if context is not None and not security.implicit:
        options.update(tls_context=context, require_starttls=True)
    if security.login:
        options.update(authenticator=security.check, auth_required=True,
                       auth_require_tls=context is not None and not security.implicit)
    controller = Controller(KeepMail(directory, reject or set()), hostname=host, port=port,
                            ssl_context=context if security.implicit else None, **options)
    controller.start()
    return controller
