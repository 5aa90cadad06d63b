"""The whole generic surface of Datasette, walked as every role: each table's page, `.json`,
`.csv`, SQL and the JSON write API. Only the admin gets in, nobody reads a secret, and a
refused write leaves the database as it was."""

from __future__ import annotations

import httpx
import pytest

from ejsync.staff.web_auth import SECRET_TABLES
from tests.staff.conftest import LOGINS
from tests.store.snapshot import snapshot
from tests.tiny_school import ADMIN

BOOKKEEPING = {"staff_sessions", "login_attempts", "refused_writes"}


def _surface(table: str) -> list[tuple[str, str, dict | None]]:
    """(method, path, JSON body) of every generic way to read or write `table`."""
    return [
        ("GET", f"/school/{table}", None),
        ("GET", f"/school/{table}.json", None),
        ("GET", f"/school/{table}.csv", None),
        ("GET", f"/school/{table}/1", None),
        ("GET", f"/school/-/query.json?sql=select+*+from+{table}", None),
        ("POST", f"/school/{table}/-/insert", {"row": {"id": 999}}),
        ("POST", f"/school/{table}/1/-/update", {"update": {"id": 1}}),
        ("POST", f"/school/{table}/1/-/delete", {}),
    ]


@pytest.fixture(scope="module")
def tables(staff_server) -> list[str]:
    return [r[0] for r in staff_server.db().execute(
        "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')"
        " AND name NOT LIKE 'sqlite_%' ORDER BY name")]


def _state(server) -> dict:
    return {t: d for t, d in snapshot(server.db()).items() if t not in BOOKKEEPING}


@pytest.mark.parametrize("staff_id", [s for s in LOGINS if s != ADMIN])
def test_no_role_but_the_admin_reaches_any_table(staff_server, tables, staff_id):
    before = _state(staff_server)
    client = staff_server.client(staff_id)
    for table in tables:
        for method, path, body in _surface(table):
            response = client.request(method, path, json=body)
            assert response.status_code == 403, (staff_id, method, path, response.status_code)
            if path.endswith((".json", "/-/insert", "/-/update", "/-/delete")) or "query" in path:
                assert response.json()["errors"][0].startswith("R-PERSONAL-DATA")
    assert _state(staff_server) == before


def test_the_admin_reads_every_table_but_no_secret(staff_server, tables):
    client = staff_server.client(ADMIN)
    for table in tables:
        for method, path, _ in _surface(table)[:3] + _surface(table)[4:5]:
            response = client.request(method, path)
            if table in SECRET_TABLES:
                assert response.status_code in (400, 403, 404), (path, response.status_code)
                assert "$argon2" not in response.text and "token_hash" not in response.text
            else:
                assert response.status_code == 200, (path, response.status_code, response.text[:200])


def test_an_anonymous_visitor_gets_nothing(staff_server, tables):
    client = httpx.Client(base_url=staff_server.url)
    for table in tables[:10]:
        for method, path, body in _surface(table):
            response = client.request(method, path, json=body)
            assert response.status_code in (302, 401, 403, 404), (path, response.status_code)
            assert "Иванов" not in response.text
