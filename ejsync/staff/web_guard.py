"""The staff server's outer guard: which paths a role may open, headers on every answer,
and Russian words for the refusals of Datasette's JSON API."""

from __future__ import annotations

import json
import re

# Staff pages and the files they need; everything else is Datasette's own, the admin's tool.
STAFF_PREFIXES = ("/staff/", "/help/", "/-/static/", "/-/static-plugins/", "/ejsync-static/")
STAFF_PATHS = ("/staff", "/favicon.ico")

SECURITY_HEADERS = (
    (
        b"content-security-policy",
        b"default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
        b"script-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'; "
        b"form-action 'self'; frame-ancestors 'none'",
    ),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
)

ADMIN_ONLY = (
    "R-PERSONAL-DATA: таблицы базы данных, SQL, выгрузки и API записи Datasette открыты только"
    " администратору ЭЖ. Работайте на своих страницах: /staff/ (личный API-токен действует и"
    " там)."
)
RULE_ID = re.compile(r"^[RPH]-[A-Z0-9-]+:")
SQLITE_MESSAGES = (
    (re.compile(r"^NOT NULL constraint failed: (\w+)\.(\w+)"),
     "Не заполнено обязательное поле «{1}» (таблица {0}). Заполните его и повторите."),
    (re.compile(r"^UNIQUE constraint failed: (.+)"),
     "Такая запись уже есть ({0}). Повторно сохранять не нужно."),
    (re.compile(r"^FOREIGN KEY constraint failed"),
     "Запись ссылается на то, чего нет в базе (ученик, урок, сотрудник…). Проверьте номера."),
    (re.compile(r"^CHECK constraint failed: (.+)"),
     "Значение не подходит ({0}). Проверьте данные."),
    (re.compile(r"^Permission denied"), ADMIN_ONLY),
    (re.compile(r"^Table not found: (.+)"), "Таблицы «{0}» нет."),
    (re.compile(r"^Invalid JSON"), "Тело запроса — не JSON. Отправьте JSON-объект."),
)


def is_staff_path(path: str) -> bool:
    """Whether `path` is one of the staff pages (or their files) that every role may open."""
    return path in STAFF_PATHS or path.startswith(STAFF_PREFIXES)


def russian_error(message: str) -> str:
    """A refusal of the JSON API in Russian, keeping the rule ID the store gave."""
    if RULE_ID.match(message):
        return message
    for pattern, text in SQLITE_MESSAGES:
        match = pattern.match(message)
        if match:
            return text.format(*match.groups())
    return f"Запись отклонена: {message}. Проверьте данные и повторите."


def russian_json_body(body: bytes) -> bytes:
    """The body of a JSON error answer with every message in `errors` (or `error`) in Russian."""
    try:
        data = json.loads(body)
    except ValueError:
        return body
    if not isinstance(data, dict):
        return body
    if isinstance(data.get("errors"), list):
        data["errors"] = [russian_error(str(e)) for e in data["errors"]]
    if isinstance(data.get("error"), str):
        data["error"] = russian_error(data["error"])
    return json.dumps(data, ensure_ascii=False).encode()
