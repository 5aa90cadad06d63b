"""The gate never waits on the database in its event loop (issue 16): a login stuck behind
another writer's lock does not hold up anything else the gate serves."""

from __future__ import annotations

import socket
import threading
import time

import httpx

from tests.access.conftest import running_gate


def test_a_login_waiting_for_the_write_lock_does_not_delay_other_requests(
        tiny_school, key_file, diary, tmp_path):
    with running_gate(tiny_school, key_file, diary, tmp_path / "gate.log") as gate:
        code = gate.code(1)
        blocker = tiny_school.connect()
        blocker.execute("BEGIN IMMEDIATE")  # another process holds the write lock
        login: dict[str, httpx.Response] = {}
        started = threading.Event()

        def log_in() -> None:
            started.set()
            login["response"] = httpx.post(f"{gate.url}/login", timeout=30,
                                           data={"login": "ivanovy", "code": code})

        thread = threading.Thread(target=log_in)
        thread.start()
        started.wait()
        thread.join(0.5)  # the login is now inside the gate, waiting for the lock
        css = httpx.get(f"{gate.url}/_gate/gate.css", timeout=30)
        page = httpx.get(f"{gate.url}/login", timeout=30)
        login_done_before_release = "response" in login
        blocker.execute("ROLLBACK")
        thread.join(30)
        blocker.close()
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    assert page.status_code == 200
    assert not login_done_before_release  # the unrelated requests did not wait for it
    assert login["response"].status_code in (303, 503)


def test_a_family_leaving_mid_login_is_not_an_error(tiny_school, key_file, diary, tmp_path):
    log = tmp_path / "gate.log"
    with running_gate(tiny_school, key_file, diary, log) as gate:
        host, port = gate.url.removeprefix("http://").split(":")
        with socket.create_connection((host, int(port)), timeout=10) as sock:
            sock.sendall(b"POST /login HTTP/1.1\r\nHost: " + host.encode() +
                         b"\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                         b"Content-Length: 400\r\n\r\nlogin=ivanovy&co")
            time.sleep(0.3)  # the gate is reading the form ... and the tab is closed
        time.sleep(0.3)
        page = httpx.get(f"{gate.url}/login", timeout=30)
    assert page.status_code == 200
    text = log.read_text(encoding="utf-8")
    assert "Traceback" not in text and "Exception in ASGI application" not in text, text
