"""A real SMTP server on this machine that keeps what it receives as .eml files — the relay of
`ejsync up` and of the tests (aiosmtpd). Addresses given to `reject` are refused with 550,
the way a relay refuses a mailbox that does not exist."""

from __future__ import annotations

import itertools
import logging
import time
from pathlib import Path

from aiosmtpd.controller import Controller

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


def start_mailbox(host: str, port: int, directory: Path,
                  reject: set[str] | None = None) -> Controller:
    """Start the server in a background thread; `.stop()` the controller to end it."""
    directory.mkdir(parents=True, exist_ok=True)
    controller = Controller(KeepMail(directory, reject or set()), hostname=host, port=port,
                            data_size_limit=32 * 1024 * 1024)
    controller.start()
    return controller
