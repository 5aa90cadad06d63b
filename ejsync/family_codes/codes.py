"""Issue, reissue, revoke and list the families' TOTP codes (R-CREDENTIALS, R-OFFLINE-FAMILY)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from ejsync.errors import UserError
from ejsync.family_codes import queries, totp
from ejsync.family_codes.keys import decrypt_secret, encrypt_secret, load_or_create_key
from ejsync.keyfile import load_key
from ejsync.store import Writer, transaction

CLASS_TEACHER_ACTIONS = frozenset({"issue", "revoke", "list"})
OPERATOR = Writer.tool("cli")  # the server's operator at the command line


@dataclass(frozen=True)
class IssuedCode:
    """A code just issued: the only moment its secret and URI exist in clear."""

    family_id: int
    family_title: str
    login: str
    version: int
    issued_at: str
    secret: str
    uri: str


def _family_or_error(conn: sqlite3.Connection, family_id: int) -> sqlite3.Row:
    row = queries.family(conn, family_id)
    if row is None:
        raise UserError(f"Семьи с id {family_id} нет в базе. Проверьте номер семьи (--family).")
    return row


def check_permission(
    conn: sqlite3.Connection, staff_id: int | None, family_id: int, action: str
) -> None:
    """R-CREDENTIALS: the admin does everything; the class teacher issues and revokes for the
    families of their class; a lost code is reissued by the admin. None = the server operator."""
    if staff_id is None:
        return
    roles = queries.staff_roles(conn, staff_id)
    if "admin" in roles:
        return
    teachers = {child["class_teacher_id"] for child in queries.family_children(conn, family_id)}
    if "class_teacher" in roles and staff_id in teachers and action in CLASS_TEACHER_ACTIONS:
        return
    what = {"reissue": "перевыпускать код (это делает администратор ЭЖ)"}.get(
        action, "управлять кодом этой семьи"
    )
    raise UserError(
        f"R-CREDENTIALS: сотрудник {staff_id} не может {what} — семья {family_id}. Коды выдаёт "
        "классный руководитель класса ребёнка, потерянные коды перевыпускает администратор ЭЖ."
    )


def _refuse_offline(family: sqlite3.Row) -> None:
    if not family["electronic_access"]:
        declined = f" (заявление от {family['declined_on']})" if family["declined_on"] else ""
        raise UserError(
            f"R-OFFLINE-FAMILY: семья «{family['title']}» (id {family['id']}) отказалась от "
            f"электронного доступа{declined}, код входа ей не выдаётся; результаты семья получает "
            "на бумаге. Если семья передумала, отметьте её письменное согласие в карточке семьи "
            "(электронный доступ = 1) и выдайте код снова."
        )


def _store_new_code(
    conn: sqlite3.Connection, key: bytes, family: sqlite3.Row, by: int | None, issuer: str
) -> IssuedCode:
    version = queries.next_code_version(conn, family["id"])
    secret = totp.new_secret()
    blob = encrypt_secret(key, family["id"], version, secret)
    issued_at = queries.insert_code(conn, family["id"], version, blob, by)
    uri = totp.provisioning_uri(secret, family["login"], issuer)
    return IssuedCode(
        family["id"], family["title"], family["login"], version, issued_at, secret, uri
    )


def _issuer(conn: sqlite3.Connection) -> str:
    school = queries.school(conn)
    return school["short_name"] if school else "ejsync"


def issue(
    conn: sqlite3.Connection, key_file: Path, family_id: int, *, writer: Writer = OPERATOR
) -> IssuedCode:
    """A family's first code (or a new one after a revoke); refuses if one is in force."""
    family = _family_or_error(conn, family_id)
    check_permission(conn, writer.author, family_id, "issue")
    _refuse_offline(family)
    current = queries.unrevoked_code(conn, family_id)
    if current is not None:
        raise UserError(
            f"R-CREDENTIALS: у семьи «{family['title']}» (id {family_id}) уже есть действующий "
            f"код (версия {current['version']}, выдан {current['issued_at']}). Если телефон "
            "потерян или код нужно заменить, выполните "
            f"«ejsync access reissue --family {family_id}»."
        )
    key = load_or_create_key(key_file)
    with transaction(conn, writer=writer):
        return _store_new_code(conn, key, family, writer.author, _issuer(conn))


def reissue(
    conn: sqlite3.Connection, key_file: Path, family_id: int, *, writer: Writer = OPERATOR
) -> IssuedCode:
    """Revoke the code in force (ending its sessions) and issue a new version, atomically."""
    family = _family_or_error(conn, family_id)
    check_permission(conn, writer.author, family_id, "reissue")
    _refuse_offline(family)
    key = load_or_create_key(key_file)
    with transaction(conn, writer=writer):
        queries.revoke_code(conn, family_id, writer.author)
        return _store_new_code(conn, key, family, writer.author, _issuer(conn))


def revoke(conn: sqlite3.Connection, family_id: int, *, writer: Writer = OPERATOR) -> int:
    """Revoke the family's code in force; every session made with it ends at once."""
    family = _family_or_error(conn, family_id)
    check_permission(conn, writer.author, family_id, "revoke")
    with transaction(conn, writer=writer):
        revoked = queries.revoke_code(conn, family_id, writer.author)
    if not revoked:
        raise UserError(
            f"У семьи «{family['title']}» (id {family_id}) нет действующего кода, отзывать нечего."
        )
    return revoked


def class_families(conn: sqlite3.Connection, class_name: str) -> list[int]:
    """Families of the students now in the class `class_name` of the latest school year."""
    ids = queries.class_family_ids(conn, class_name)
    if ids is None:
        raise UserError(f"Класса «{class_name}» нет в текущем учебном году. Проверьте название.")
    return ids


def list_codes(conn: sqlite3.Connection, family_id: int) -> dict:
    """The family and its code history, without any secret."""
    family = _family_or_error(conn, family_id)
    codes = [
        {
            "version": row["version"],
            "issued_at": row["issued_at"],
            "issued_by": row["issued_by"],
            "revoked_at": row["revoked_at"],
            "revoked_by": row["revoked_by"],
            "state": "отозван" if row["revoked_at"] else "действует",
            "used": row["last_used_step"] is not None,
        }
        for row in queries.family_codes(conn, family_id)
    ]
    return {
        "family_id": family["id"],
        "family": family["title"],
        "login": family["login"],
        "electronic_access": bool(family["electronic_access"]),
        "declined_on": family["declined_on"],
        "codes": codes,
    }


def active_secret(conn: sqlite3.Connection, key_file: Path, family_id: int) -> tuple[int, str]:
    """(version, secret) of the code in force — for the gate's verification only."""
    row = queries.active_code(conn, family_id)
    if row is None:
        raise UserError(f"У семьи {family_id} нет действующего кода.")
    key = load_key(key_file)
    return row["version"], decrypt_secret(key, family_id, row["version"], row["secret_encrypted"])
