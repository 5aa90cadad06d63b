"""`ejsync staff` with two worker processes (the default on two cores): one session, one set of
flash messages and forms across both."""

from __future__ import annotations

import shutil

import httpx

from tests.servers import ejsync_process, free_port
from tests.staff.conftest import LOGINS, PASSWORD, _with_accounts
from tests.tiny_school import SECRETARY


def test_two_workers_share_sessions_messages_and_writes(_tiny_school_template, tmp_path):
    shutil.copyfile(_tiny_school_template, tmp_path / "school.db")
    _with_accounts(tmp_path / "school.db")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    args = ["staff", "--db", str(tmp_path / "school.db"), "--port", str(port), "--workers", "2"]
    with ejsync_process(args, ready_url=url + "/staff/login", log=tmp_path / "staff.log"):
        client = httpx.Client(base_url=url, follow_redirects=False, timeout=30)
        login = client.post("/staff/login", data={"login": LOGINS[SECRETARY], "password": PASSWORD})
        assert login.status_code == 302
        pages = [client.get("/staff/") for _ in range(12)]  # lands on both workers
        assert all(p.status_code == 200 and "Рабочий стол" in p.text for p in pages)
        saved = client.post("/staff/events", data={"date": "2030-05-15", "title": "Субботник"})
        assert saved.status_code == 302
        shown = client.get(saved.headers["location"])
        assert "Запись добавлена" in shown.text and "Субботник" in shown.text
    log = (tmp_path / "staff.log").read_text()
    assert "Traceback" not in log and log.count("Журнал для сотрудников") == 1
