"""The relay as a school configures it: STARTTLS or TLS from the first byte, with a login,
against a real SMTP server process that requires them; a wrong password or an untrusted
certificate is a Russian delivery error and the e-mail waits in the outbox."""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from ejsync.config import PROJECT_ROOT
from ejsync.notify import subscriptions
from ejsync.notify.relay import Relay, save_relay
from ejsync.notify.sender import SenderSettings, cycle
from ejsync.store import Writer
from tests.messages.mail import Mailbox, wait_for_port
from tests.messages.test_notify import BASE, no_quiet_hours
from tests.servers import free_port

KEY = bytes(range(32))  # the sealing key of the relay password in these tests
PASSWORD = "Пароль-сервера-7"


def self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and its key."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


@contextmanager
def secure_mailbox(folder: Path, cert: Path, key: Path, *extra: str) -> Iterator[Mailbox]:
    """`ejsync notify mailbox` that requires TLS and the login «dnevnik»."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "ejsync", "notify", "mailbox", "--port", str(port), "--dir",
         str(folder), "--tls-cert", str(cert), "--tls-key", str(key), "--login", "dnevnik",
         "--password-stdin", *extra],
        cwd=PROJECT_ROOT, env=dict(os.environ, PYTHONPATH=str(PROJECT_ROOT)),
        stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, text=True)
    process.stdin.write(PASSWORD + "\n")
    process.stdin.close()
    try:
        wait_for_port(port)
        yield Mailbox(port, folder)
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def certificate(tmp_path_factory) -> tuple[Path, Path]:
    return self_signed(tmp_path_factory.mktemp("tls"))


def _send(conn, relay: Relay) -> tuple:
    save_relay(conn, relay, KEY, Writer.tool("cli"))
    sealed = conn.execute("SELECT password_sealed FROM notify_relay").fetchone()[0]
    assert PASSWORD.encode() not in sealed
    subscriptions.subscribe(conn, 1, "ivanova@example.ru", "digest", BASE)
    report = cycle(conn, SenderSettings(KEY, BASE, 0.1, timedelta(seconds=1)))
    row = conn.execute("SELECT status, last_error FROM notify_outbox ORDER BY id DESC").fetchone()
    return report.sent, row["status"], row["last_error"]


@pytest.mark.parametrize(("mode", "extra"), [("starttls", ()), ("ssl", ("--ssl",))])
def test_tls_and_login_deliver(tiny_school, tmp_path, certificate, monkeypatch, mode, extra):
    monkeypatch.setenv("EJSYNC_SMTP_CAFILE", str(certificate[0]))
    conn = tiny_school.connect()
    no_quiet_hours(conn)
    with secure_mailbox(tmp_path / "inbox", *certificate, *extra) as box:
        relay = Relay("127.0.0.1", box.port, mode, "dnevnik", PASSWORD, "d@school7.ru", timeout=5)
        assert _send(conn, relay) == (1, "sent", "")
        [mail] = box.wait_for(1)
    assert mail["To"] == "ivanova@example.ru"


def test_a_wrong_password_or_an_untrusted_certificate_keeps_the_e_mail(tiny_school, tmp_path,
                                                                       certificate, monkeypatch):
    conn = tiny_school.connect()
    no_quiet_hours(conn)
    with secure_mailbox(tmp_path / "inbox", *certificate) as box:
        monkeypatch.setenv("EJSYNC_SMTP_CAFILE", str(certificate[0]))
        wrong = Relay("127.0.0.1", box.port, "starttls", "dnevnik", "не тот", "d@school7.ru",
                      timeout=5)
        sent, status, error = _send(conn, wrong)
        assert (sent, status) == (0, "pending") and "не принял логин и пароль (535)" in error
        monkeypatch.delenv("EJSYNC_SMTP_CAFILE")
        right = Relay("127.0.0.1", box.port, "starttls", "dnevnik", PASSWORD, "d@school7.ru",
                      timeout=5)
        sent, status, error = _send(conn, right)
        assert (sent, status) == (0, "pending")
        assert "защищённое соединение с 127.0.0.1" in error
        assert box.received() == []
