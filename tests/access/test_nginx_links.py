"""Authorization at nginx speed, in real nginx: a family's link cookie opens its own child's
pages with no call to the gate, never another child's; an expired or revoked one opens
nothing. And what nginx and the gate answer whatever an address holds."""

from __future__ import annotations

import time
from contextlib import contextmanager

import httpx
import pytest

from ejsync.access.links import HASH_COOKIE, UNTIL_COOKIE, Linker, link_secret
from ejsync.keyfile import load_key
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


def links_of(response: httpx.Response) -> dict[str, dict[str, str]]:
    """The link cookies a response sets, by folder: {path: {name: value}}."""
    found: dict[str, dict[str, str]] = {}
    for header in response.headers.get_list("set-cookie"):
        name, _, rest = header.partition("=")
        if name in (HASH_COOKIE, UNTIL_COOKIE):
            path = next(p.split("=", 1)[1] for p in header.split("; ") if p.startswith("Path="))
            found.setdefault(path, {})[name] = rest.split(";")[0]
    return found


def link(linker: Linker, token: str, until: int) -> dict[str, str]:
    """The cookies of a link to a child's folder."""
    return {HASH_COOKIE: linker.digest(token, until), UNTIL_COOKIE: str(until)}


def test_a_link_opens_its_own_child_only_and_without_the_gate(tiny_school, key_file, diary,
                                                               tmp_path):
    own, foreign = diary.tokens[IVANOV], diary.tokens[PETROVA]
    with nginx_and_gate(tiny_school, key_file, diary, tmp_path) as (gate, behind):
        client = log_in(behind.url, gate, 1, "ivanovy")
        links = links_of(client.get("/"))
        assert set(links) == {f"/diary/{own}/", f"/diary/{diary.tokens[POPOVA]}/"}
        own_link = links[f"/diary/{own}/"]
        page = httpx.get(f"{behind.url}/diary/{own}/results.html", cookies=own_link)
        assert page.status_code == 200 and "Иванов Артём" in page.text
        assert page.headers["cache-control"] == "no-store"
        views = wait_for_rows(gate.school, "SELECT COUNT(*) FROM diary_views WHERE"
                              " family_id = 1 AND student_id = ? AND page = 'results.html'",
                              (IVANOV,), timeout=15)
        assert views == 1  # nginx told the gate (its view log)
        stolen = httpx.get(f"{behind.url}/diary/{foreign}/", cookies=own_link,
                           follow_redirects=False)
        assert stolen.status_code == 303 and stolen.headers["location"].startswith("/login")
    # the gate has stopped: nginx alone still serves a valid link its own child, nothing else
    # (a link made like the gate's, as the tests' links live only LINK_SECONDS)
    fresh = link(Linker(link_secret(load_key(key_file))), own, int(time.time()) + 60)
    with nginx_in_front(gate, tmp_path / "nginx-alone") as alone:
        page = httpx.get(f"{alone.url}/diary/{own}/index.html", cookies=fresh)
        assert page.status_code == 200 and "Иванов Артём" in page.text
        other = httpx.get(f"{alone.url}/diary/{foreign}/index.html", cookies=fresh)
        assert other.status_code != 200 and "Петрова" not in other.text


def test_an_expired_or_forged_link_opens_nothing(tiny_school, key_file, diary, tmp_path):
    own, foreign = diary.tokens[IVANOV], diary.tokens[PETROVA]
    with nginx_and_gate(tiny_school, key_file, diary, tmp_path) as (gate, behind):
        linker = Linker(link_secret(load_key(key_file)))
        now = int(time.time())
        url = f"{behind.url}/diary/{own}/index.html"
        assert httpx.get(url, cookies=link(linker, own, now + 60)).status_code == 200
        refused = {
            "expired": link(linker, own, now - 1),
            "forged": link(Linker("not the secret"), own, now + 60),
            "another folder's": link(linker, foreign, now + 60),
            "prolonged": {**link(linker, own, now + 60), UNTIL_COOKIE: str(now + 3600)},
        }
        for what, cookies in refused.items():
            response = httpx.get(url, cookies=cookies, follow_redirects=False)
            assert response.status_code == 303, what
            assert response.headers["location"].startswith("/login"), what


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
