"""The real local SMTP server (`ejsync notify mailbox`) as a process, and what it received."""

from __future__ import annotations

import email
import email.policy
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

from tests.servers import ejsync_process


@dataclass(frozen=True)
class Mailbox:
    """Where the server listens and keeps mail."""

    port: int
    folder: Path

    def received(self) -> list[EmailMessage]:
        """Every e-mail kept so far, oldest first."""
        if not self.folder.exists():
            return []
        return [email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
                for path in sorted(self.folder.glob("*.eml"))]

    def wait_for(self, count: int, timeout: float = 30.0) -> list[EmailMessage]:
        """The received e-mails once there are at least `count` (fails after `timeout`)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.received()
            if len(found) >= count:
                return found
            time.sleep(0.2)
        raise AssertionError(f"{len(self.received())} e-mails received, {count} expected")


def wait_for_port(port: int, timeout: float = 30.0) -> None:
    """Until something accepts connections on 127.0.0.1:port."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise AssertionError(f"nothing listens on {port}")


@contextmanager
def mailbox_process(port: int, folder: Path, *reject: str) -> Iterator[Mailbox]:
    """`ejsync notify mailbox` on `port`, keeping mail in `folder`, refusing `reject`."""
    args = ["notify", "mailbox", "--port", str(port), "--dir", str(folder)]
    for address in reject:
        args += ["--reject", address]
    with ejsync_process(args, log=folder.parent / f"mailbox-{port}.log"):
        wait_for_port(port)
        yield Mailbox(port, folder)


def text_of(message: EmailMessage) -> str:
    """The plain-text part of an e-mail."""
    return message.get_body(("plain",)).get_content()


def html_of(message: EmailMessage) -> str:
    """The HTML part of an e-mail."""
    return message.get_body(("html",)).get_content()
