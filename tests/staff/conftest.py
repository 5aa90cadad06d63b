"""Fixtures of the staff area: the tiny school with accounts, a real staff server, logins."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from ejsync.staff.accounts import create_account
from ejsync.staff.sessions import issue_api_token
from ejsync.store import connect
from tests.servers import ejsync_process, free_port
from tests.tiny_school import (
    ADMIN,
    DEPUTY,
    DIRECTOR,
    ENGLISH_TEACHER,
    MATH_TEACHER,
    RUSSIAN_TEACHER,
    SECRETARY,
    TinySchool,
)

PASSWORD = "correct-horse-7"
LOGINS = {
    ADMIN: "admin",
    DIRECTOR: "direktor",
    DEPUTY: "zavuch",
    MATH_TEACHER: "chislova",
    RUSSIAN_TEACHER: "bukvin",
    ENGLISH_TEACHER: "lingvova",
    SECRETARY: "delova",
}


@dataclass(frozen=True)
class StaffServer:
    """A running `ejsync staff` on a copy of the tiny school."""

    url: str
    school: TinySchool

    def db(self):
        """A fresh connection to the served database."""
        return connect(self.school.path)

    def client(self, staff_id: int | None = None) -> httpx.Client:
        """An HTTP client, logged in as `staff_id` when given."""
        client = httpx.Client(base_url=self.url, follow_redirects=False, timeout=30)
        if staff_id is not None:
            response = client.post(
                "/staff/login", data={"login": LOGINS[staff_id], "password": PASSWORD}
            )
            assert response.status_code == 302, response.text
        return client

    def api_token(self, staff_id: int) -> str:
        """A personal API token of `staff_id`."""
        return issue_api_token(self.db(), staff_id)


def _with_accounts(path: Path) -> None:
    conn = connect(path)
    for staff_id, login in LOGINS.items():
        create_account(conn, staff_id, login, PASSWORD)
    conn.close()


def _start(school: TinySchool, tmp: Path) -> Iterator[StaffServer]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    args = ["staff", "--db", str(school.path), "--port", str(port), "--workers", "1"]
    with ejsync_process(args, ready_url=url + "/staff/login", log=tmp / "staff.log"):
        yield StaffServer(url, school)


@pytest.fixture(scope="module")
def staff_server(
    _tiny_school_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[StaffServer]:
    """One server per test module over a tiny school where six staff members have accounts."""
    tmp = tmp_path_factory.mktemp("staff")
    shutil.copyfile(_tiny_school_template, tmp / "school.db")
    _with_accounts(tmp / "school.db")
    yield from _start(TinySchool(tmp / "school.db"), tmp)


def login_in_browser(page, server: StaffServer, staff_id: int, then: str = "/staff/today"):
    """Log in through the real login page and land on `then`."""
    page.goto(f"{server.url}{then}")
    page.fill("#login", LOGINS[staff_id])
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(re.escape(then.split("?")[0])))


def screenshot(page, name: str, element=None) -> None:
    """Save a screenshot for the user guides when EJSYNC_SCREENSHOTS names a directory: the
    whole page, or one element of it (a part that does not change with the date)."""
    target = os.environ.get("EJSYNC_SCREENSHOTS")
    if target:
        Path(target).mkdir(parents=True, exist_ok=True)
        path = str(Path(target) / f"staff-{name}.png")
        if element is not None:
            element.screenshot(path=path)
        else:
            page.screenshot(path=path, full_page=True)
