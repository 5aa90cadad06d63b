"""Authorization at nginx speed, in real nginx: a family's link cookie opens its own child's
pages with no call to the gate, never another child's; an expired or revoked one opens
nothing. And what nginx and the gate answer whatever an address holds."""

from __future__ import annotations

import time
from contextlib import contextmanager

import httpx
import pytest

from ejsync.access.keys import load_key
from ejsync.access.links import COOKIE_NAME as LINK_COOKIE
from ejsync.access.links import Linker, link_secret
from tests.access.conftest import LINK_SECONDS, nginx_in_front, running_gate, wait_for_rows
from tests.tiny_school import IVANOV, PETROVA, POPOVA

INJECTION = "%0d%0aSet-Cookie:%20injected=1"


@contextmanager
def nginx_and_gate(tiny_school, key_file, diary, tmp_path):
    with running_gate(tiny_school, key_file, diary, tmp_path / "gate.log") as gate, \
            nginx_in_front(gate, tmp_path / "nginx") as behind:
        yield gate, behind


def log_in(url: str, gate, family: int, login: str) -> httpx.Client:
    client = httpx.Client(base_url=url, follow_redirects=False)
    response = client.post("/login", data={"login": login, "code": gate.code(family)})
    assert response.status_code == 303, response.text
    return client


def links_of(response: httpx.Response) -> dict[str, str]:
    """Link cookies a response sets: path → value."""
    found = {}
    for header in response.headers.get_list("set-cookie"):
        if header.startswith(f"{LINK_COOKIE}="):
            value = header.split(";")[0].split("=", 1)[1]
            path = next(p.split("=", 1)[1] for p in header.split("; ") if p.startswith("Path="))
            found[path] = value
    return found


def test_a_link_opens_its_own_child_only_and_without_the_gate(tiny_school, key_file, diary,
                                                               tmp_path):
    own, foreign = diary.tokens[IVANOV], diary.tokens[PETROVA]
    with nginx_and_gate(tiny_school, key_file, diary, tmp_path) as (gate, behind):
        client = log_in(behind.url, gate, 1, "ivanovy")
        links = links_of(client.get("/"))
        assert set(links) == {f"/diary/{own}/", f"/diary/{diary.tokens[POPOVA]}/"}
        link = {LINK_COOKIE: links[f"/diary/{own}/"]}
        page = httpx.get(f"{behind.url}/diary/{own}/results.html", cookies=link)
        assert page.status_code == 200 and "Иванов Артём" in page.text
        assert page.headers["cache-control"] == "no-store"
        views = wait_for_rows(gate.school, "SELECT COUNT(*) FROM diary_views WHERE"
                              " family_id = 1 AND student_id = ? AND page = 'results.html'",
                              (IVANOV,))
        assert views == 1  # nginx told the gate (syslog over UDP)
        stolen = httpx.get(f"{behind.url}/diary/{foreign}/", cookies=link,
                           follow_redirects=False)
        assert stolen.status_code == 303 and stolen.headers["location"].startswith("/login")
    # the gate has stopped: nginx alone still serves the family its own child, nothing else
    with nginx_in_front(gate, tmp_path / "nginx-alone") as alone:
        page = httpx.get(f"{alone.url}/diary/{own}/index.html", cookies=link)
        assert page.status_code == 200 and "Иванов Артём" in page.text
        other = httpx.get(f"{alone.url}/diary/{foreign}/index.html", cookies=link)
        assert other.status_code != 200 and "Петрова" not in other.text


def test_an_expired_or_forged_link_opens_nothing(tiny_school, key_file, diary, tmp_path):
    own = diary.tokens[IVANOV]
    with nginx_and_gate(tiny_school, key_file, diary, tmp_path) as (gate, behind):
        linker = Linker(link_secret(load_key(key_file)))
        now = int(time.time())
        fresh = linker.value(1, own, now + 60)
        expired = linker.value(1, own, now - 1)
        forged = Linker("not the secret").value(1, own, now + 60)
        other_family = linker.value(2, own, now + 60)  # signed, but for a folder not theirs
        url = f"{behind.url}/diary/{own}/index.html"
        assert httpx.get(url, cookies={LINK_COOKIE: fresh}).status_code == 200
        for value in (expired, forged):
            response = httpx.get(url, cookies={LINK_COOKIE: value}, follow_redirects=False)
            assert response.status_code == 303, value
        # the gate signs links only for a family's own children; even a signed link naming
        # another family earns that family no view of this child in the log
        assert httpx.get(url, cookies={LINK_COOKIE: other_family}).status_code == 200
        time.sleep(1.5)
        conn = gate.school.connect()
        assert conn.execute("SELECT COUNT(*) FROM diary_views WHERE family_id = 2").fetchone()[0] == 0
        conn.close()


def test_a_revoked_family_loses_its_links_within_their_lifetime(tiny_school, key_file, diary,
                                                                  tmp_path):
    own = diary.tokens[IVANOV]
    with nginx_and_gate(tiny_school, key_file, diary, tmp_path) as (gate, behind):
        client = log_in(behind.url, gate, 1, "ivanovy")
        assert client.get(f"/diary/{own}/").status_code == 200
        assert gate.cli("access", "revoke", "--family", "1").returncode == 0
        time.sleep(LINK_SECONDS + 0.5)
        after = client.get(f"/diary/{own}/")
        assert after.status_code == 303 and after.headers["location"].startswith("/login")


@pytest.mark.parametrize("front", ["gate", "nginx"])
def test_no_header_comes_from_the_address_and_diary_pages_are_not_stored(
        front, tiny_school, key_file, diary, tmp_path):
    own = diary.tokens[IVANOV]
    with running_gate(tiny_school, key_file, diary, tmp_path / "gate.log") as gate:
        if front == "nginx":
            with nginx_in_front(gate, tmp_path / "nginx") as behind:
                check_addresses(behind, gate, own)
        else:
            check_addresses(gate, gate, own)


def check_addresses(front, gate, own: str) -> None:
    anonymous = httpx.Client(base_url=front.url, follow_redirects=False)
    for address in (f"/diary/{own}{INJECTION}", f"/diary/{own}/{INJECTION}",
                    f"/diary/{own}/x{INJECTION}.html", f"/diary/{'a' * 24}{INJECTION}"):
        response = anonymous.get(address)
        assert "injected" not in str(response.headers.get_list("set-cookie")), address
        assert "\r" not in response.headers.get("location", "")
        assert "\n" not in response.headers.get("location", "")
    client = log_in(front.url, gate, 1, "ivanovy")
    moved = client.get(f"/diary/{own}")
    assert moved.status_code == 308 and moved.headers["location"] == f"/diary/{own}/"
    for address in (f"/diary/{own}{INJECTION}", f"/diary/{own}/{INJECTION}"):
        response = client.get(address)
        assert "injected" not in str(response.headers.get_list("set-cookie")), address
    page = client.get(f"/diary/{own}/index.html")
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    null = httpx.post(f"{front.url}/login", headers={"origin": "null"},
                      data={"login": "petrovy", "code": gate.code(2)})
    assert null.status_code == 403 and "ejsync_session" not in null.headers.get("set-cookie", "")
