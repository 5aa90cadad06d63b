"""The school's SMTP relay: its settings (the password sealed with a key outside the database)
and delivery of composed e-mails over one connection, with the relay's answer per e-mail."""

from __future__ import annotations

import base64
import os
import smtplib
import socket
import sqlite3
import ssl
from dataclasses import dataclass
from email.message import Message

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from ejsync.errors import UserError
from ejsync.store import Writer, transaction

SECURITY = ("starttls", "ssl", "none")
PURPOSE = b"ejsync smtp relay password"
NONCE_BYTES = 12


@dataclass(frozen=True)
class Relay:
    """Where and how to hand e-mails over; `password` is the plain text, kept only in memory."""

    host: str
    port: int
    security: str = "starttls"
    login: str = ""
    password: str = ""
    from_address: str = ""
    from_name: str = ""
    timeout: int = 20

    @property
    def domain(self) -> str:
        """The domain of the sender address (for Message-IDs)."""
        return self.from_address.rpartition("@")[2] or "ejsync.local"


@dataclass(frozen=True)
class Outcome:
    """What the relay did with one e-mail: 'sent', 'retry' (try again later) or 'failed'."""

    status: str
    error: str = ""
    bounced: bool = False  # the relay refused the recipient's address for good


def seal(key: bytes, password: str) -> bytes:
    """AES-256-GCM of the password: nonce + ciphertext."""
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(key).encrypt(nonce, password.encode(), PURPOSE)


def unseal(key: bytes, blob: bytes) -> str:
    """The password of a sealed blob; a Russian error when the key does not fit."""
    blob = bytes(blob)
    try:
        return AESGCM(key).decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], PURPOSE).decode()
    except InvalidTag:
        raise UserError("Пароль почтового сервера не расшифровывается этим ключом доступа. "
                        "Задайте его заново: ejsync notify configure … --password-stdin") from None


def save_relay(conn: sqlite3.Connection, relay: Relay, key: bytes | None, writer: Writer) -> None:
    """Store the relay settings (the password sealed with `key`)."""
    if relay.security not in SECURITY:
        raise UserError("Защита соединения: starttls, ssl или none.")
    if "@" not in relay.from_address:
        raise UserError("Укажите адрес отправителя писем (--from), например dnevnik@school.ru.")
    sealed = seal(key, relay.password) if relay.password and key else None
    with transaction(conn, writer=writer):
        conn.execute(
            "INSERT OR REPLACE INTO notify_relay (id, host, port, security, login, password_sealed,"
            " from_address, from_name, timeout_seconds, updated_at)"
            " VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
            (relay.host, relay.port, relay.security, relay.login, sealed, relay.from_address,
             relay.from_name, relay.timeout),
        )


def load_relay(conn: sqlite3.Connection, key: bytes | None) -> Relay | None:
    """The configured relay with its password unsealed, or None when none is configured."""
    row = conn.execute("SELECT * FROM notify_relay WHERE id = 1").fetchone()
    if row is None:
        return None
    password = ""
    if row["password_sealed"] is not None:
        if key is None:
            raise UserError("Для пароля почтового сервера нужен ключ доступа (--key-file).")
        password = unseal(key, row["password_sealed"])
    return Relay(row["host"], row["port"], row["security"], row["login"], password,
                 row["from_address"], row["from_name"], row["timeout_seconds"])


def use_local_mailbox(db: str | os.PathLike, host: str, port: int) -> None:
    """The demo school sends its e-mail to the local mailbox of `ejsync up` (plain SMTP)."""
    from ejsync.store import connect

    conn = connect(db)
    try:
        name = conn.execute("SELECT short_name FROM school WHERE id = 1").fetchone()
        save_relay(conn, Relay(host, port, "none", from_address="dnevnik@demo.school",
                               from_name=name[0] if name else "Школа", timeout=10),
                   None, Writer.tool("cli"))
    finally:
        conn.close()


def relay_domain(conn: sqlite3.Connection) -> str:
    """The domain of the configured sender address (for Message-IDs), without the password."""
    row = conn.execute("SELECT from_address FROM notify_relay WHERE id = 1").fetchone()
    return Relay("", 0, from_address=row[0]).domain if row else "ejsync.local"


def _login(smtp: smtplib.SMTP, relay: Relay) -> None:
    """Log in; a password beyond ASCII goes as UTF-8 with AUTH PLAIN (RFC 4616), which
    smtplib's own login cannot send."""
    if (relay.login + relay.password).isascii():
        smtp.login(relay.login, relay.password)
        return
    token = base64.b64encode(b"\0" + relay.login.encode() + b"\0" + relay.password.encode())
    code, answer = smtp.docmd("AUTH", "PLAIN " + token.decode())
    if code != 235:
        raise smtplib.SMTPAuthenticationError(code, answer)


def _connect(relay: Relay) -> smtplib.SMTP:
    context = ssl.create_default_context(cafile=os.environ.get("EJSYNC_SMTP_CAFILE") or None)
    if relay.security == "ssl":
        smtp: smtplib.SMTP = smtplib.SMTP_SSL(relay.host, relay.port, timeout=relay.timeout,
                                              context=context)
    else:
        smtp = smtplib.SMTP(relay.host, relay.port, timeout=relay.timeout)
    try:
        smtp.ehlo()
        if relay.security == "starttls":
            smtp.starttls(context=context)
            smtp.ehlo()
        if relay.login:
            _login(smtp, relay)
    except BaseException:
        smtp.close()
        raise
    return smtp


def describe(exc: BaseException, relay: Relay) -> str:
    """The relay's trouble in Russian (with its own answer, which is English)."""
    where = f"{relay.host}:{relay.port}"
    if isinstance(exc, (TimeoutError, socket.timeout)) or (
            isinstance(exc, smtplib.SMTPServerDisconnected) and "timed out" in str(exc)):
        return f"почтовый сервер {where} не ответил за {relay.timeout} с"
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return f"почтовый сервер {where} закрыл соединение"
    if isinstance(exc, ConnectionRefusedError):
        return f"почтовый сервер {where} недоступен (соединение отклонено)"
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return f"почтовый сервер {where} не принял логин и пароль ({exc.smtp_code})"
    if isinstance(exc, smtplib.SMTPResponseException):
        text = exc.smtp_error.decode(errors="replace") if isinstance(exc.smtp_error, bytes) \
            else str(exc.smtp_error)
        return f"почтовый сервер {where} ответил {exc.smtp_code} {text}".strip()
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        code, text = next(iter(exc.recipients.values()))
        return f"почтовый сервер {where} отклонил адрес: {code} {text.decode(errors='replace')}"
    if isinstance(exc, ssl.SSLError):
        return f"защищённое соединение с {where} не установлено ({exc.reason})"
    return f"почтовый сервер {where}: {exc.__class__.__name__} {exc}".strip()


def _permanent(exc: BaseException) -> bool:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPDataError):
        return exc.smtp_code >= 500
    return False


def _rest(exc: BaseException, relay: Relay, count: int) -> list[Outcome]:
    """The e-mails a broken connection left unsent: all to be tried again."""
    return [Outcome("retry", describe(exc, relay))] * count


def deliver(relay: Relay, messages: list[Message]) -> list[Outcome]:
    """Hand each e-mail to the relay over one connection; the outcome of each, in order."""
    if not messages:
        return []
    try:
        smtp = _connect(relay)
    except (OSError, smtplib.SMTPException) as exc:
        return [Outcome("retry", describe(exc, relay))] * len(messages)
    outcomes: list[Outcome] = []
    try:
        for message in messages:
            try:
                smtp.send_message(message)
                outcomes.append(Outcome("sent"))
            except (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError,
                    smtplib.SMTPSenderRefused) as exc:
                permanent = _permanent(exc)
                outcomes.append(Outcome("failed" if permanent else "retry", describe(exc, relay),
                                        bounced=permanent))
                try:
                    smtp.rset()
                except (OSError, smtplib.SMTPException) as broken:
                    outcomes += _rest(broken, relay, len(messages) - len(outcomes))
                    break
            except (OSError, smtplib.SMTPException) as exc:  # the connection broke
                outcomes += _rest(exc, relay, len(messages) - len(outcomes))
                break
    finally:
        try:
            smtp.quit()
        except (OSError, smtplib.SMTPException):
            smtp.close()
    return outcomes
