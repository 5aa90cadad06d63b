"""The messages world: the tiny school with staff accounts, family codes, a built diary, a
subscribed family, and real processes — the SMTP server, the staff server, the gate and the
e-mail sender — started once per test module."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from ejsync.diary.build import build_diaries
from ejsync.diary.tokens import diary_tokens
from ejsync.notify import subscriptions
from ejsync.notify.relay import Relay, save_relay
from ejsync.staff.accounts import create_account
from ejsync.store import Writer
from tests.access.conftest import DIARY_DAY, Diary, RunningGate, next_code, running_gate
from tests.messages.mail import Mailbox, mailbox_process
from tests.servers import ejsync_process, free_port
from tests.staff.conftest import LOGINS, PASSWORD, StaffServer
from tests.tiny_school import TinySchool

SUBSCRIBED = "ivanova@example.ru"  # family 1 (Ivanov, Popova) gets e-mail


@dataclass(frozen=True)
class World:
    """Everything running for the browser tests."""

    school: TinySchool
    gate: RunningGate
    staff: StaffServer
    mailbox: Mailbox
    tmp: Path

    def code(self, family_id: int) -> str:
        """A fresh TOTP code of the family."""
        return next_code(self.school, self.gate.key_file, family_id)


def _prepare(school: TinySchool, mail_port: int, gate_url: str) -> None:
    conn = school.connect()
    for staff_id, login in LOGINS.items():
        create_account(conn, staff_id, login, PASSWORD)
    conn.execute("UPDATE settings SET value = '00:00' WHERE key IN"
                 " ('notify_quiet_from', 'notify_quiet_to')")
    conn.execute("UPDATE settings SET value = '23:59' WHERE key = 'notify_digest_at'")
    save_relay(conn, Relay("127.0.0.1", mail_port, "none", from_address="dnevnik@school7.ru",
                           from_name="МБОУ СШ № 7", timeout=5), None, Writer.tool("cli"))
    subscription = subscriptions.subscribe(conn, 1, SUBSCRIBED, "digest", gate_url)
    token = conn.execute("SELECT token FROM notify_subscriptions WHERE id = ?",
                         (subscription,)).fetchone()[0]
    subscriptions.confirm(conn, token)
    conn.close()


@pytest.fixture(scope="module")
def world(_tiny_school_template: Path, tmp_path_factory) -> Iterator[World]:
    tmp = tmp_path_factory.mktemp("messages")
    shutil.copyfile(_tiny_school_template, tmp / "school.db")
    school = TinySchool(tmp / "school.db")
    conn = school.connect()
    build_diaries(conn, tmp / "diary", today=DIARY_DAY)
    diary = Diary(tmp / "diary", diary_tokens(conn))
    conn.close()
    key_file = tmp / "secrets" / "access.key"
    mail_port, staff_port = free_port(), free_port()
    with running_gate(school, key_file, diary, tmp / "gate.log") as gate:
        _prepare(school, mail_port, gate.url)
        staff_url = f"http://127.0.0.1:{staff_port}"
        os.environ["EJSYNC_ACCESS_KEY_FILE"] = str(key_file)
        with mailbox_process(mail_port, tmp / "inbox") as mailbox, \
                ejsync_process(["staff", "--db", str(school.path), "--port", str(staff_port)],
                               ready_url=staff_url + "/staff/login", log=tmp / "staff.log"), \
                ejsync_process(["notify", "run", "--db", str(school.path), "--base-url",
                                gate.url, "--interval", "0.3", "--retry-seconds", "1"],
                               log=tmp / "sender.log"):
            yield World(school, gate, StaffServer(staff_url, school), mailbox, tmp)
        os.environ.pop("EJSYNC_ACCESS_KEY_FILE", None)
