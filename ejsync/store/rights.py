"""Staff rights as one table (rights.toml), and the SQL and documentation generated from it.

`rights_migration_sql()` is the text of the latest rights migration: the `rights` rows, the
triggers that check every staff-server write by row (old and new row alike), the stamps the
store sets, and the audit log. A test keeps that migration equal to this generator; when the
rights change, a new migration takes the generator's new text.
"""

from __future__ import annotations

import sqlite3
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

RIGHTS_FILE = Path(__file__).resolve().parent / "rights.toml"
ROLES = ("admin", "director", "deputy", "class_teacher", "teacher", "secretary")
ROLE_TITLES = {
    "admin": "администратор ЭЖ",
    "director": "директор",
    "deputy": "заместитель директора",
    "class_teacher": "классный руководитель",
    "teacher": "учитель",
    "secretary": "секретарь",
}
OPERATIONS = ("insert", "update", "delete", "link", "read")
OPERATION_TITLES = {
    "insert": "добавить",
    "update": "изменить",
    "delete": "удалить",
    "link": "связать с семьёй",
    "read": "видеть",
}
SCOPES = ("all", "taught", "class", "reception")
SCOPE_TITLES = {"all": "все", "taught": "свои по нагрузке и заменам", "class": "своего класса",
                "reception": "интернет-приёмная"}
# The column whose change is the "link" operation of a table.
LINK_COLUMNS = {"students": "family_id", "guardians": "family_id", "families": "login"}

# A column only the store's own stamping update changes (migration 0800): the audit log
# records the writer's update, not the stamp that follows it.
STAMP_MARKERS = {"lessons": "updated_at", "attendance": "reason_set_at",
                 "support_requests": "answered_by"}

ME = "(SELECT staff_id FROM write_context WHERE id = 1)"
WEB_WRITE = "(SELECT source FROM write_context WHERE id = 1) = 'web'"

# ---------------------------------------------------------------- row scopes as SQL
# Templates over a row alias ({row}: NEW, OLD or a table alias) and the actor ({me}).
_LOAD = (
    "EXISTS (SELECT 1 FROM teaching_assignments ta WHERE ta.teacher_id = {me}"
    " AND ta.class_id = {l}.class_id AND ta.subject_id = {l}.subject_id"
    " AND (ta.subgroup_id IS NULL OR ta.subgroup_id IS {l}.subgroup_id))"
)
_SUBSTITUTION = (
    "EXISTS (SELECT 1 FROM substitutions su WHERE su.substitute_id = {me}"
    " AND su.class_id = {l}.class_id AND su.subgroup_id IS {l}.subgroup_id"
    " AND su.date = {l}.date AND su.slot = {l}.slot AND su.cancelled_at IS NULL)"
)
_LESSON_TAUGHT = f"({_LOAD} OR {_SUBSTITUTION})"
# A stored lesson is also its holder's (teacher_id changes only by these same rights).
_LESSON_OF_ROW_TAUGHT = (
    "EXISTS (SELECT 1 FROM lessons ls WHERE ls.id = {row}.lesson_id AND ("
    + _LESSON_TAUGHT.replace("{l}", "ls")
    + " OR ls.teacher_id = {me}))"
)
_LESSON_OF_ROW_CLASS = (
    "EXISTS (SELECT 1 FROM lessons ls JOIN classes cs ON cs.id = ls.class_id"
    " WHERE ls.id = {row}.lesson_id AND cs.class_teacher_id = {me})"
)


def _student_class(student: str) -> str:
    return (
        "EXISTS (SELECT 1 FROM enrollments en JOIN classes cs ON cs.id = en.class_id"
        f" WHERE en.student_id = {student} AND en.to_date IS NULL"
        " AND cs.class_teacher_id = {me})"
    )


def _student_taught(student: str, subject: str | None = None) -> str:
    same_subject = f" AND ta.subject_id = {subject}" if subject else ""
    return (
        "EXISTS (SELECT 1 FROM enrollments en JOIN teaching_assignments ta"
        f" ON ta.class_id = en.class_id WHERE en.student_id = {student} AND en.to_date IS NULL"
        " AND ta.teacher_id = {me}" + same_subject + " AND (ta.subgroup_id IS NULL OR EXISTS ("
        "SELECT 1 FROM subgroup_members sm WHERE sm.subgroup_id = ta.subgroup_id"
        f" AND sm.student_id = {student} AND sm.to_date IS NULL)))"
    )


def _family_scope(family: str, student_scope) -> str:
    return (
        f"EXISTS (SELECT 1 FROM students fs WHERE fs.family_id = {family} AND "
        + student_scope("fs.id")
        + ")"
    )


# A message thread ({t}) concerns the child's class teacher (kind 'class_teacher'), the one
# subject teacher it is addressed to (who teaches the child, wrote about it, or already has
# messages there) and, for the «интернет-приёмная», the administration.
_THREAD_SCOPES = {
    "class": "({t}.kind = 'class_teacher' AND " + _student_class("{t}.student_id") + ")",
    "taught": (
        "({t}.kind = 'teacher' AND {t}.staff_id = {me} AND (" + _student_taught("{t}.student_id")
        + " OR EXISTS (SELECT 1 FROM comments cm WHERE cm.student_id = {t}.student_id"
        " AND cm.created_by = {me}) OR EXISTS (SELECT 1 FROM messages mm"
        " WHERE mm.thread_id = {t}.id)))"
    ),
    "reception": "({t}.kind = 'reception')",
}


def _thread_scopes(thread_of_row: str) -> dict[str, str]:
    """Row scopes of a table whose row belongs to a thread: `thread_of_row` is SQL FROM/WHERE
    text that makes `th` the row's thread."""
    return {
        scope: f"EXISTS (SELECT 1 FROM {thread_of_row} AND " + sql.replace("{t}", "th") + ")"
        for scope, sql in _THREAD_SCOPES.items()
    }


ROW_SCOPES: dict[str, dict[str, str]] = {
    "lessons": {"taught": _LESSON_TAUGHT.replace("{l}", "{row}")},
    "marks": {
        "taught": (
            "(({row}.kind = 'current' AND " + _LESSON_OF_ROW_TAUGHT + ") OR ({row}.kind <> "
            "'current' AND " + _student_taught("{row}.student_id", "{row}.subject_id") + "))"
        ),
        "class": "({row}.kind <> 'current' AND " + _student_class("{row}.student_id") + ")",
    },
    "attendance": {"taught": _LESSON_OF_ROW_TAUGHT, "class": _LESSON_OF_ROW_CLASS},
    "comments": {
        "taught": (
            "(({row}.lesson_id IS NOT NULL AND " + _LESSON_OF_ROW_TAUGHT + ") OR ({row}.lesson_id"
            " IS NULL AND " + _student_taught("{row}.student_id") + "))"
        ),
        "class": _student_class("{row}.student_id"),
    },
    "thematic_plan": {"taught": _LOAD.replace("{l}", "{row}")},
    "students": {"class": _student_class("{row}.id")},
    "families": {"class": _family_scope("{row}.id", _student_class)},
    "guardians": {
        "class": _family_scope("{row}.family_id", _student_class),
        "taught": _family_scope("{row}.family_id", _student_taught),
    },
    "access_codes": {"class": _family_scope("{row}.family_id", _student_class)},
    "events": {
        "class": (
            "({row}.class_id IS NOT NULL AND EXISTS (SELECT 1 FROM classes cs"
            " WHERE cs.id = {row}.class_id AND cs.class_teacher_id = {me}))"
        )
    },
    "message_threads": {
        scope: sql.replace("{t}", "{row}") for scope, sql in _THREAD_SCOPES.items()
    },
    "messages": _thread_scopes("message_threads th WHERE th.id = {row}.thread_id"),
    "message_reads": _thread_scopes("message_threads th WHERE th.id = {row}.thread_id"),
    "message_attachments": _thread_scopes(
        "messages ma JOIN message_threads th ON th.id = ma.thread_id WHERE ma.id = {row}.message_id"
    ),
}

# What the refusal says, by table (the rule, then what to do).
REFUSALS = {
    "lessons": "R-TEACHER-RIGHTS: урок записывает учитель этого класса (подгруппы) и предмета"
    " по нагрузке или по замене, которую записал заместитель директора на эту дату и урок."
    " Если вы заменяете коллегу, попросите заместителя директора записать замену.",
    "marks": "R-TEACHER-RIGHTS: отметку ставит учитель этого урока (по нагрузке или по"
    " записанной замене); итоговую — учитель предмета в классе ученика, классный руководитель"
    " или заместитель директора. Проверьте урок и ученика.",
    "attendance": "R-TEACHER-RIGHTS: посещаемость отмечает учитель этого урока (по нагрузке"
    " или по записанной замене) или классный руководитель класса. Проверьте урок.",
    "comments": "R-TEACHER-RIGHTS: запись для родителей делает учитель, который ведёт урок или"
    " предмет у ученика, классный руководитель или заместитель директора.",
    "thematic_plan": "R-KTP-HOURS: тематическое планирование ведёт учитель своего предмета в"
    " своём классе или заместитель директора.",
    "students": "R-CLASS-LIST: данные ученика меняет классный руководитель его класса,"
    " секретарь или администратор; зачисляет нового ученика секретарь.",
    "families": "R-CLASS-LIST: данные семьи меняет классный руководитель класса, где учится"
    " ребёнок семьи, секретарь или администратор.",
    "guardians": "R-CLASS-LIST: данные родителей меняет классный руководитель класса, где"
    " учится ребёнок семьи, секретарь или администратор.",
    "access_codes": "R-CREDENTIALS: код доступа выдаёт и отзывает классный руководитель семьям"
    " своего класса или администратор ЭЖ.",
    **dict.fromkeys(
        ("message_threads", "messages", "message_attachments", "message_reads"),
        "R-CORRESPONDENCE: переписку о ребёнке ведут его семья, классный руководитель, учитель,"
        " которому адресовано сообщение, и администрация школы (интернет-приёмная). Эта"
        " переписка вас не касается.",
    ),
}
DEFAULT_REFUSAL = (
    "R-TEACHER-RIGHTS: у вас нет права {op} в разделе «{title}». Обратитесь к тому, кто"
    " ведёт этот раздел: {who}."
)
NO_WEB_WRITES = (
    "R-TEACHER-RIGHTS: раздел «{title}» ведёт сама программа; через сервер журнала его не"
    " меняет никто."
)
LINK_REFUSAL = (
    "R-CLASS-LIST: связи учеников и родителей с семьёй (и логин семьи) меняет только секретарь"
    " или администратор: обратитесь к ним. Смена семьи ученика отзывает коды доступа прежней"
    " семьи."
)


@dataclass(frozen=True)
class Right:
    """One cell of the matrix: `role` may do `op` on rows of `table` within `scope`."""

    table: str
    op: str
    role: str
    scope: str


@dataclass(frozen=True)
class TableRights:
    """A table's title and its rights."""

    table: str
    title: str
    rights: tuple[Right, ...]
    audit: bool = True

    def scope_of(self, role: str, op: str) -> str | None:
        """The scope `role` has for `op` on this table, or None."""
        return next((r.scope for r in self.rights if r.role == role and r.op == op), None)

    def ops(self) -> list[str]:
        """The operations anybody may do here, in OPERATIONS order."""
        present = {r.op for r in self.rights}
        return [op for op in OPERATIONS if op in present]


@cache
def load_rights(path: Path = RIGHTS_FILE) -> tuple[TableRights, ...]:
    """The matrix from rights.toml, checked: known roles, operations and scopes only."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    tables = []
    for table, entry in data.items():
        rights = []
        for op in OPERATIONS:
            for role, scope in entry.get(op, {}).items():
                if role not in ROLES or scope not in SCOPES:
                    raise ValueError(f"rights.toml [{table}] {op}: {role} = {scope}")
                if scope != "all" and scope not in ROW_SCOPES.get(table, {}):
                    raise ValueError(f"rights.toml [{table}]: no row scope {scope!r} defined")
                rights.append(Right(table, op, role, scope))
        unknown = set(entry) - {"title", "audit", *OPERATIONS}
        if unknown:
            raise ValueError(f"rights.toml [{table}]: unknown keys {sorted(unknown)}")
        tables.append(
            TableRights(table, entry["title"], tuple(rights), entry.get("audit", True))
        )
    return tuple(tables)


def table_rights(table: str) -> TableRights | None:
    """The rights of one table, or None when the staff server may not write it at all."""
    return next((t for t in load_rights() if t.table == table), None)


def scope_sql(table: str, scope: str, row: str, me: str) -> str:
    """The SQL condition that row alias `row` lies within `scope` for actor expression `me`."""
    if scope == "all":
        return "1"
    return "(" + ROW_SCOPES[table][scope].replace("{row}", row).replace("{me}", me) + ")"


def allowed_sql(table: str, op: str, rows: tuple[str, ...], me: str = ME) -> str:
    """SQL true when actor `me` holds a right for `op` on `table` covering every row alias."""
    branches = ["r.scope = 'all'"]
    for scope in ROW_SCOPES.get(table, {}):
        inside = " AND ".join(scope_sql(table, scope, row, me) for row in rows)
        branches.append(f"(r.scope = '{scope}' AND {inside})")
    return (
        "EXISTS (SELECT 1 FROM rights r JOIN staff_roles sr ON sr.role = r.role"
        f" WHERE sr.staff_id = {me} AND r.tbl = '{table}' AND r.op = '{op}'"
        f" AND ({' OR '.join(branches)}))"
    )


def may(
    conn: sqlite3.Connection, staff_id: int, table: str, op: str, *,
    row_id: int | None = None, values: dict | None = None,
) -> bool:
    """Whether `staff_id` may do `op` on an existing row (`row_id`) or a new one (`values`),
    by the same rights the store's triggers check."""
    if row_id is not None:
        found = conn.execute(
            f"SELECT {allowed_sql(table, op, ('h',), ':me')} FROM {table} h WHERE h.rowid = :id",
            {"me": staff_id, "id": row_id},
        ).fetchone()
        return bool(found and found[0])
    names = list(values or {})
    columns = ", ".join(f":v{i} AS {name}" for i, name in enumerate(names))
    params = {f"v{i}": (values or {})[name] for i, name in enumerate(names)}
    found = conn.execute(
        f"SELECT {allowed_sql(table, op, ('h',), ':me')} FROM (SELECT {columns}) h",
        {**params, "me": staff_id},
    ).fetchone()
    return bool(found[0])


def visible_sql(table: str, alias: str) -> str:
    """SQL true for rows (`alias`) the actor `:me` may read by the `read` rights."""
    return allowed_sql(table, "read", (alias,), ":me")


def _sql_text(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _refusal(rights: TableRights, op: str) -> str:
    if rights.table in REFUSALS:
        return REFUSALS[rights.table]
    holders = sorted({ROLE_TITLES[r.role] for r in rights.rights if r.op == op})
    if not holders:
        return NO_WEB_WRITES.format(title=rights.title)
    return DEFAULT_REFUSAL.format(
        op=OPERATION_TITLES[op], title=rights.title, who=", ".join(holders)
    )


def _rights_trigger(rights: TableRights, op: str) -> str:
    rows = {"insert": ("NEW",), "update": ("OLD", "NEW"), "delete": ("OLD",)}[op]
    checks = [
        f"    SELECT RAISE(ABORT, {_sql_text(_refusal(rights, op))})\n"
        f"    WHERE NOT {allowed_sql(rights.table, op, rows)};"
    ]
    link_column = LINK_COLUMNS.get(rights.table)
    if op == "update" and link_column:
        checks.append(
            f"    SELECT RAISE(ABORT, {_sql_text(LINK_REFUSAL)})\n"
            f"    WHERE NEW.{link_column} IS NOT OLD.{link_column}"
            f" AND NOT {allowed_sql(rights.table, 'link', ('NEW',))};"
        )
    body = "\n".join(checks)
    return (
        f"CREATE TRIGGER rights_{rights.table}_{op} BEFORE {op.upper()} ON {rights.table}\n"
        f"WHEN {WEB_WRITE}\nBEGIN\n{body}\nEND;"
    )


def _audit_trigger(table: str, op: str) -> str:
    row = "OLD" if op == "delete" else "NEW"
    marker = STAMP_MARKERS.get(table) if op == "update" else None
    not_a_stamp = f" AND NEW.{marker} IS OLD.{marker}" if marker else ""
    return (
        f"CREATE TRIGGER audit_{table}_{op} AFTER {op.upper()} ON {table}\n"
        f"WHEN EXISTS (SELECT 1 FROM write_context WHERE id = 1){not_a_stamp}\nBEGIN\n"
        "    INSERT INTO write_log (tbl, row_id, op, staff_id, source)\n"
        f"    SELECT '{table}', {row}.rowid, '{op.upper()}', NULLIF(staff_id, 0), source\n"
        "    FROM write_context WHERE id = 1;\nEND;"
    )


def rights_rows_sql() -> str:
    """The INSERT of every cell of the matrix into the `rights` table."""
    values = [
        f"    ('{r.role}', '{r.table}', '{r.op}', '{r.scope}')"
        for table in load_rights()
        for r in table.rights
    ]
    return "INSERT INTO rights (role, tbl, op, scope) VALUES\n" + ",\n".join(values) + ";"


def rights_migration_sql() -> str:
    """The generated part of the rights migration: rows, row-scope triggers, audit log."""
    parts = [
        "-- Generated by ejsync/store/rights.py from ejsync/store/rights.toml; do not edit.",
        "DELETE FROM rights;",
        rights_rows_sql(),
    ]
    for rights in load_rights():
        for op in ("insert", "update", "delete"):
            parts.append(f"DROP TRIGGER IF EXISTS rights_{rights.table}_{op};")
            parts.append(f"DROP TRIGGER IF EXISTS audit_{rights.table}_{op};")
            parts.append(_rights_trigger(rights, op))
            if rights.audit:
                parts.append(_audit_trigger(rights.table, op))
    return "\n\n".join(parts) + "\n"


def rights_markdown() -> str:
    """docs/rights.md: the matrix for people, in Russian."""
    lines = [
        "# Права сотрудников",
        "",
        "Одна таблица прав (`ejsync/store/rights.toml`): роль × таблица × действие → какие"
        " строки. По ней база данных проверяет каждую запись через сервер журнала (триггеры"
        " миграции прав), по ней же сервер показывает страницы. Этот файл создан из неё"
        " (`python -m ejsync.store.rights`); тест следит, чтобы он не отставал.",
        "",
        "Области: **все** — любые строки; **свои по нагрузке и заменам** — классы, подгруппы и"
        " предметы по тарификации и уроки замены, которую записал заместитель директора на эту"
        " дату и урок; **своего класса** — уроки, ученики и семьи класса, где сотрудник —"
        " классный руководитель; **интернет-приёмная** — переписка семей с администрацией"
        " школы. Переписку с учителем видит учитель, которому она адресована. Чего нет в"
        " таблице, то запрещено. Запись через сервер"
        " проверяется и по старой, и по новой строке; кто и когда записал, ставит база данных.",
        "",
        "| раздел | действие | " + " | ".join(ROLE_TITLES[r] for r in ROLES) + " |",
        "| --- | --- | " + " | ".join("---" for _ in ROLES) + " |",
    ]
    for rights in load_rights():
        if not rights.ops():
            lines.append(f"| {rights.title} (`{rights.table}`) | — | " + " | ".join(
                "—" for _ in ROLES) + " |")
        for op in rights.ops():
            cells = [SCOPE_TITLES.get(rights.scope_of(role, op) or "", "—") for role in ROLES]
            lines.append(
                f"| {rights.title} (`{rights.table}`) | {OPERATION_TITLES[op]} | "
                + " | ".join(cells)
                + " |"
            )
    lines += [
        "",
        "Таблицы Datasette (страницы, `.json`, `.csv`, SQL, API записи) открыты только"
        " администратору ЭЖ; секреты (пароли, сеансы, попытки входа, коды семей) не видны никому.",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    print(rights_migration_sql(), end="")
