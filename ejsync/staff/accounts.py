"""Personal staff accounts (R-NO-SHARED-LOGIN): create, disable, reset, log in with lockout."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from datetime import timedelta

from ejsync.errors import UserError
from ejsync.staff.passwords import generate_password, hash_password, verify_password
from ejsync.store import lockout, transaction
from ejsync.store.clock import stamp, utc_now
from ejsync.store.rights import ROLES

LOGIN_PATTERN = re.compile(r"^[a-z][a-z0-9._-]{2,31}$")
MAX_FAILED_LOGINS = 5
LOCK_MINUTES = 15
LOGIN_POLICY = lockout.Policy(MAX_FAILED_LOGINS, timedelta(minutes=LOCK_MINUTES),
                              timedelta(minutes=LOCK_MINUTES))
ADDRESS_POLICY = lockout.Policy(30, timedelta(minutes=LOCK_MINUTES),
                                timedelta(minutes=LOCK_MINUTES))
DEMO_PASSWORDS = {role: f"demo-{role.replace('_', '-')}" for role in ROLES}


class LoginRefused(Exception):
    """A refused login; the message is Russian and safe to show."""


@dataclass(frozen=True)
class DemoLogin:
    """A demo account: who, with which role, login and password."""

    role: str
    staff_id: int
    name: str
    login: str
    password: str


def _staff_name(conn: sqlite3.Connection, staff_id: int) -> str:
    row = conn.execute(
        "SELECT last_name, first_name, middle_name, active FROM staff WHERE id = ?", (staff_id,)
    ).fetchone()
    if row is None:
        raise UserError(f"Сотрудника с номером {staff_id} нет в базе. Проверьте номер (--staff).")
    if not row[3]:
        raise UserError(f"Сотрудник № {staff_id} ({row[0]} {row[1]}) отмечен как неработающий.")
    return f"{row[0]} {row[1]} {row[2]}".strip()


def create_account(
    conn: sqlite3.Connection, staff_id: int, login: str, password: str | None = None
) -> str:
    """Create the personal account of `staff_id`; returns the password (generated if None)."""
    login = login.strip().lower()
    if not LOGIN_PATTERN.match(login):
        raise UserError(
            f"Логин «{login}» не подходит: 3–32 символа, латинские буквы, цифры, точка, "
            "дефис или подчёркивание, начинается с буквы."
        )
    name = _staff_name(conn, staff_id)
    password = password or generate_password()
    password_hash = hash_password(password)
    with transaction(conn):
        if conn.execute("SELECT 1 FROM staff_accounts WHERE staff_id = ?", (staff_id,)).fetchone():
            raise UserError(
                f"У сотрудника {name} уже есть учётная запись; чтобы сменить пароль, "
                "используйте сброс пароля."
            )
        if conn.execute("SELECT 1 FROM staff_accounts WHERE login = ?", (login,)).fetchone():
            raise UserError(f"Логин «{login}» уже занят. Выберите другой.")
        conn.execute(
            "INSERT INTO staff_accounts (staff_id, login, password_hash, password_changed_at)"
            " VALUES (?, ?, ?, ?)",
            (staff_id, login, password_hash, stamp()),
        )
    return password


def account_staff_id(conn: sqlite3.Connection, staff_id: int | None, login: str | None) -> int:
    row = conn.execute(
        "SELECT staff_id FROM staff_accounts WHERE staff_id = ? OR login = ?",
        (staff_id, (login or "").strip().lower()),
    ).fetchone()
    if row is None:
        who = f"№ {staff_id}" if staff_id is not None else f"«{login}»"
        raise UserError(f"Учётной записи {who} нет. Сначала создайте её.")
    return row[0]


def end_all_sessions(conn: sqlite3.Connection, staff_id: int) -> None:
    """End every session and API token of `staff_id` now."""
    conn.execute(
        "UPDATE staff_sessions SET ended_at = ? WHERE staff_id = ? AND ended_at IS NULL",
        (stamp(), staff_id),
    )


def disable_account(
    conn: sqlite3.Connection, staff_id: int | None = None, login: str | None = None
) -> int:
    """Disable an account and end its sessions at once; returns the staff id."""
    with transaction(conn):
        found = account_staff_id(conn, staff_id, login)
        conn.execute(
            "UPDATE staff_accounts SET disabled_at = IFNULL(disabled_at, ?) WHERE staff_id = ?",
            (stamp(), found),
        )
        end_all_sessions(conn, found)
    return found


def enable_account(
    conn: sqlite3.Connection, staff_id: int | None = None, login: str | None = None
) -> int:
    """Enable a disabled account again; returns the staff id."""
    with transaction(conn):
        found = account_staff_id(conn, staff_id, login)
        conn.execute(
            "UPDATE staff_accounts SET disabled_at = NULL WHERE staff_id = ?", (found,)
        )
        _unlock(conn, found)
    return found


def reset_password(
    conn: sqlite3.Connection,
    staff_id: int | None = None,
    login: str | None = None,
    password: str | None = None,
) -> str:
    """Set a new password (generated if None), unlock, end sessions; returns the password."""
    password = password or generate_password()
    password_hash = hash_password(password)
    with transaction(conn):
        found = account_staff_id(conn, staff_id, login)
        conn.execute(
            "UPDATE staff_accounts SET password_hash = ?, password_changed_at = ?"
            " WHERE staff_id = ?",
            (password_hash, stamp(), found),
        )
        _unlock(conn, found)
        end_all_sessions(conn, found)
    return password


def _record_attempt(conn: sqlite3.Connection, login: str, remote: str, ok: bool) -> None:
    conn.execute(
        "INSERT INTO login_attempts (login, remote_addr, ok) VALUES (?, ?, ?)",
        (login, remote, int(ok)),
    )


def _unlock(conn: sqlite3.Connection, staff_id: int) -> None:
    login = conn.execute("SELECT login FROM staff_accounts WHERE staff_id = ?",
                         (staff_id,)).fetchone()
    if login:
        lockout.clear(conn, "staff", login[0])


def authenticate(conn: sqlite3.Connection, login: str, password: str, remote: str = "") -> int:
    """The staff id for a correct login and password, or LoginRefused with the reason."""
    login = login.strip().lower()
    # One answer for an unknown login, a wrong password and a locked login: the page must not
    # tell a stranger which logins exist or which one they have just locked.
    wrong = LoginRefused(
        "Неверный логин или пароль. Проверьте раскладку клавиатуры и Caps Lock. После "
        f"{MAX_FAILED_LOGINS} неудачных попыток вход закрывается на {LOCK_MINUTES} минут; "
        "если вы забыли пароль, обратитесь к администратору ЭЖ."
    )
    now = utc_now()
    if lockout.locked_until(conn, "staff-client", remote, now):
        raise LoginRefused(
            f"С этого компьютера слишком много неудачных попыток входа. Подождите "
            f"{LOCK_MINUTES} минут или обратитесь к администратору ЭЖ."
        )
    row = conn.execute(
        "SELECT a.staff_id, a.password_hash, a.disabled_at, s.active"
        " FROM staff_accounts a JOIN staff s ON s.id = a.staff_id WHERE a.login = ?",
        (login,),
    ).fetchone()
    locked = lockout.locked_until(conn, "staff", login, now)
    if row is None or locked:
        verify_password(_DUMMY_HASH, password)  # the same time as a real check
        ok = False
    else:
        ok = verify_password(row["password_hash"], password)
    with transaction(conn):
        _record_attempt(conn, login, remote, ok)
        if ok:
            lockout.clear(conn, "staff", login)
        else:
            lockout.record_failure(conn, "staff", login, LOGIN_POLICY, now)
            lockout.record_failure(conn, "staff-client", remote, ADDRESS_POLICY, now)
    if not ok:
        raise wrong
    if row["disabled_at"] or not row["active"]:
        raise LoginRefused("Учётная запись отключена. Обратитесь к администратору ЭЖ.")
    return row["staff_id"]


_DUMMY_HASH = hash_password("timing-equaliser")


def staff_roles(conn: sqlite3.Connection, staff_id: int) -> list[str]:
    """The roles of `staff_id`, as they are in the database now."""
    rows = conn.execute(
        "SELECT role FROM staff_roles WHERE staff_id = ? ORDER BY role", (staff_id,)
    ).fetchall()
    return [row[0] for row in rows]


def account_overview(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    """Every staff member with their roles and account state (never the hash)."""
    return conn.execute(
        "SELECT s.id, s.last_name, s.first_name, s.middle_name, s.position, s.active,"
        " (SELECT group_concat(role, ',') FROM staff_roles r WHERE r.staff_id = s.id) AS roles,"
        " a.login, a.created_at, a.disabled_at, k.failures AS failed_logins,"
        " CASE WHEN k.locked_until > strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"
        "  THEN k.locked_until END AS locked_until,"
        " a.password_changed_at,"
        " (SELECT MAX(last_seen_at) FROM staff_sessions x WHERE x.staff_id = s.id) AS last_seen"
        " FROM staff s LEFT JOIN staff_accounts a ON a.staff_id = s.id"
        " LEFT JOIN lockouts k ON k.scope = 'staff' AND k.subject = a.login"
        " ORDER BY s.last_name, s.first_name"
    ).fetchall()


def _demo_login(role: str) -> str:
    return role.replace("_", "-")


def _demo_staff_for_role(conn: sqlite3.Connection, role: str, taken: set[int]) -> int | None:
    """The holder of the role's demo login, else someone with `role` and no account yet."""
    order = "CASE WHEN a.login = :login THEN 0 WHEN a.login IS NULL THEN 1 ELSE 2 END"
    if role == "teacher":  # a teacher with many lessons who is not also a class teacher
        order += (
            ", EXISTS (SELECT 1 FROM classes c WHERE c.class_teacher_id = r.staff_id),"
            " -(SELECT COUNT(*) FROM timetable t WHERE t.teacher_id = r.staff_id)"
        )
    if role == "class_teacher":
        order += ", -(SELECT COUNT(*) FROM timetable t WHERE t.teacher_id = r.staff_id)"
    rows = conn.execute(
        "SELECT r.staff_id FROM staff_roles r JOIN staff s ON s.id = r.staff_id"
        " LEFT JOIN staff_accounts a ON a.staff_id = r.staff_id"
        f" WHERE r.role = :role AND s.active = 1 ORDER BY {order}, r.staff_id",
        {"role": role, "login": _demo_login(role)},
    ).fetchall()
    return next((row[0] for row in rows if row[0] not in taken), None)


def create_demo_accounts(conn: sqlite3.Connection) -> list[DemoLogin]:
    """One account per role with a known demo password (demo school only); idempotent.

    A role is left out when nobody holds it who has not already got another demo login."""
    logins: list[DemoLogin] = []
    taken: set[int] = set()
    for role in ROLES:
        staff_id = _demo_staff_for_role(conn, role, taken)
        if staff_id is None:
            continue
        taken.add(staff_id)
        login = _demo_login(role)
        password = DEMO_PASSWORDS[role]
        existing = conn.execute(
            "SELECT login FROM staff_accounts WHERE staff_id = ?", (staff_id,)
        ).fetchone()
        if existing:
            login = existing[0]
            reset_password(conn, staff_id=staff_id, password=password)
            enable_account(conn, staff_id=staff_id)
        else:
            create_account(conn, staff_id, login, password)
        logins.append(DemoLogin(role, staff_id, _staff_name(conn, staff_id), login, password))
    return logins
