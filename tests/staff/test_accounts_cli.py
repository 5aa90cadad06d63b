"""`ejsync account …` as a real process, and the demo logins."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from ejsync.config import PROJECT_ROOT
from ejsync.errors import UserError
from ejsync.staff.accounts import (
    ROLES,
    LoginRefused,
    authenticate,
    create_account,
    create_demo_accounts,
)
from ejsync.staff.sessions import actor_for_token, start_session
from tests.tiny_school import RUSSIAN_TEACHER, SECRETARY


def _ejsync(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(PROJECT_ROOT))
    return subprocess.run(
        [sys.executable, "-m", "ejsync", *args],
        input=stdin,
        env=env,
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        timeout=60,
    )


def test_account_cli_create_reset_disable(tiny_school):
    db = str(tiny_school.path)
    created = _ejsync(
        "account",
        "create",
        "--db",
        db,
        "--staff",
        str(RUSSIAN_TEACHER),
        "--login",
        "bukvin",
        "--password-stdin",
        stdin="Пароль-из-stdin-1\n",
    )
    assert created.returncode == 0, created.stderr
    conn = tiny_school.connect()
    assert authenticate(conn, "bukvin", "Пароль-из-stdin-1") == RUSSIAN_TEACHER
    session = start_session(conn, RUSSIAN_TEACHER)

    reset = _ejsync("account", "reset-password", "--db", db, "--login", "bukvin")
    assert reset.returncode == 0, reset.stderr
    new_password = re.search(r"показывается один раз\): (\S+)", reset.stdout).group(1)
    assert actor_for_token(conn, session) is None  # a reset ends the sessions
    assert authenticate(conn, "bukvin", new_password) == RUSSIAN_TEACHER

    disabled = _ejsync("account", "disable", "--db", db, "--login", "bukvin")
    assert disabled.returncode == 0
    with pytest.raises(LoginRefused, match="отключена"):
        authenticate(conn, "bukvin", new_password)

    duplicate = _ejsync(
        "account", "create", "--db", db, "--staff", str(SECRETARY), "--login", "bukvin"
    )
    assert duplicate.returncode == 2 and "уже занят" in duplicate.stderr


def test_short_passwords_and_bad_logins_are_refused(tiny_school):
    conn = tiny_school.connect()
    with pytest.raises(UserError, match="слишком короткий"):
        create_account(conn, SECRETARY, "delova", "1234")
    with pytest.raises(UserError, match="не подходит"):
        create_account(conn, SECRETARY, "Делова", "long-enough-1")
    assert conn.execute("SELECT COUNT(*) FROM staff_accounts").fetchone()[0] == 0


def test_demo_accounts_give_one_login_per_role(tiny_school):
    conn = tiny_school.connect()
    logins = create_demo_accounts(conn)
    assert [d.role for d in logins] == list(ROLES)
    assert len({d.staff_id for d in logins}) == len(ROLES)
    for demo in logins:
        assert authenticate(conn, demo.login, demo.password) == demo.staff_id
        roles = {
            r[0]
            for r in conn.execute(
                "SELECT role FROM staff_roles WHERE staff_id = ?", (demo.staff_id,)
            )
        }
        assert demo.role in roles
    again = create_demo_accounts(conn)  # idempotent: same people, same passwords
    assert [(d.staff_id, d.login) for d in again] == [(d.staff_id, d.login) for d in logins]
