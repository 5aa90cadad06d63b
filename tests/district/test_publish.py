"""Publishing to real SeaweedFS, read through real nginx with the real gate's auth_request."""

from __future__ import annotations

import getpass
import subprocess
import threading
import time
import uuid

import httpx
import pytest

from ejsync.access.nginx import write_config as write_nginx_config
from ejsync.family_codes import codes
from ejsync.objectstore.client import list_keys, storage_client
from ejsync.objectstore.settings import load_storage
from ejsync.store import connect
from tests.access.conftest import NGINX, next_code, nginx_options
from tests.district.conftest import make_school
from tests.district.test_replication import enroll
from tests.servers import ejsync_process, free_port, wait_for_http
from tests.tiny_school import IVANOV, TinySchool

FAMILY = 1  # the Ivanovs: Артём Иванов in 5А


def build(school, surname: str) -> dict[str, bytes]:
    """A new student in 5А (so pages change), then the site and all diaries."""
    enroll(school.db, surname)
    school.run("build", "--full", "--out", "build/diary")
    school.run("site", "--out", "build/site")
    root = school.folder / "build"
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*")
            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(root).parts)}


@pytest.fixture(scope="module")
def published_school(seaweed, tmp_path_factory):
    """A school with a gate and nginx in front of its publish bucket; nothing published yet."""
    folder = tmp_path_factory.mktemp("publish")
    school = make_school(folder / "school", seaweed, "school-a")
    key_file = school.folder / "var" / "secrets" / "access.key"
    conn = connect(school.db)
    codes.issue(conn, key_file, FAMILY)
    conn.close()
    versions = [build(school, f"Первая{uuid.uuid4().hex[:6]}")]
    gate_port, diary_port, site_port = free_port(), free_port(), free_port()
    gate = ["gate", "--db", str(school.db), "--root", str(school.folder / "build" / "diary"),
            "--key-file", str(key_file), "--port", str(gate_port)]
    prefix = folder / "nginx"
    with ejsync_process(gate, ready_url=f"http://127.0.0.1:{gate_port}/login",
                        log=folder / "gate.log"):
        write_nginx_config(nginx_options(
            "--store", "--storage", str(school.storage), "--gate", f"127.0.0.1:{gate_port}",
            "--listen", f"127.0.0.1:{diary_port}", "--site-listen", f"127.0.0.1:{site_port}",
            "--output", str(prefix), "--standalone",
            "--run-as", getpass.getuser()))
        nginx = subprocess.Popen([str(NGINX), "-p", str(prefix), "-c", str(prefix / "nginx.conf"),
                                  "-e", str(prefix / "error.log")],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        try:
            wait_for_http(f"http://127.0.0.1:{diary_port}/login", process=nginx)
            yield school, versions, f"http://127.0.0.1:{diary_port}", \
                f"http://127.0.0.1:{site_port}", key_file
        finally:
            nginx.terminate()
            nginx.wait(timeout=10)


def _token(school) -> str:
    conn = connect(school.db, readonly=True)
    try:
        return conn.execute("SELECT token FROM diary_tokens WHERE student_id = ?",
                            (IVANOV,)).fetchone()[0]
    finally:
        conn.close()


def _keys(school) -> list[str]:
    settings = load_storage(school.storage)
    return [o["Key"] for o in list_keys(storage_client(settings), settings.publish.bucket,
                                        settings.publish.prefix + "/")]


def test_publish_twice_while_a_reader_downloads(published_school, seaweed):
    school, versions, diary_url, site_url, key_file = published_school
    school.run("publish")
    keys = _keys(school)
    assert (school.folder / "build" / "diary" / ".manifest.db").is_file()
    assert keys and not any(k.endswith(".manifest.db") for k in keys)
    assert len(keys) == len(versions[0])

    family = httpx.Client(base_url=diary_url, timeout=10)
    code = next_code(TinySchool(school.db), key_file, FAMILY)
    assert family.post("/login", data={"login": "ivanovy", "code": code}).status_code == 303
    token = _token(school)
    pages = {f"/diary/{token}/": f"diary/{token}/index.html", "/": "site/index.html"}
    assert family.get(f"/diary/{token}/").content == versions[0][f"diary/{token}/index.html"]
    assert httpx.get(site_url + "/").content == versions[0]["site/index.html"]

    seen: list[tuple[str, int, bytes]] = []
    stop = threading.Event()

    def read() -> None:
        site = httpx.Client(base_url=site_url, timeout=10)
        while not stop.is_set():
            for url, _name in pages.items():
                client = family if url.startswith("/diary") else site
                answer = client.get(url)
                seen.append((url, answer.status_code, answer.content))

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for n in (2, 3):
            time.sleep(0.5)
            versions.append(build(school, f"Выпуск{n}{uuid.uuid4().hex[:6]}"))
            school.run("publish")
        time.sleep(1.5)  # past nginx's one-second memory of the gate's answer
    finally:
        stop.set()
        reader.join()

    assert all(status == 200 for _url, status, _body in seen), {s for _u, s, _b in seen}
    for url, _status, body in seen:
        assert body in {version[pages[url]] for version in versions}
    last = versions[-1]
    assert seen[-1][2] == last[pages[seen[-1][0]]]
    assert family.get(f"/diary/{token}/").content == last[f"diary/{token}/index.html"]
    before = sorted({k.split("/releases/")[1].split("/")[0] for k in _keys(school)})
    assert len(before) == 3  # the grace period keeps what readers may still be fetching

    school.run("publish", "--keep", "1", "--grace-minutes", "0")
    after = sorted({k.split("/releases/")[1].split("/")[0] for k in _keys(school)})
    # Without grace only the new release and the one it replaced this moment stay.
    assert len(after) == 2 and after[0] == before[-1]
    assert family.get(f"/diary/{token}/").content == last[f"diary/{token}/index.html"]

    # Someone else's child and a token that does not exist: the same not-found answer.
    assert family.get(f"/diary/{'x' * len(token)}/").status_code == 404
    assert httpx.get(f"{diary_url}/diary/{token}/", follow_redirects=False).status_code == 303
    # The bucket itself gives nothing to a reader without the school's publish key.
    some_key = _keys(school)[0]
    assert httpx.get(f"{seaweed.endpoint}/school-a-site/{some_key}").status_code in (400, 403)
    # Pages with this test's students' names went up encrypted: no stored byte shows one.
    stored = b"".join(p.read_bytes() for p in (seaweed.folder / "data").rglob("*")
                      if p.is_file())
    assert any("Выпуск3".encode() in body for body in last.values())  # the control
    assert "Выпуск3".encode() not in stored


def test_publish_sh_to_an_s3_target(seaweed, tmp_path):
    import os
    import sys

    from ejsync.config import PROJECT_ROOT
    from ejsync.printing.signing import generate_key

    school = make_school(tmp_path / "school", seaweed, "school-b")
    generate_key(tmp_path / "keys" / "archive.key")
    target = f"s3://school-b-site/{school.prefix}-sh"
    env = dict(os.environ, EJSYNC_PYTHON=sys.executable, PYTHONPATH=str(PROJECT_ROOT),
               EJSYNC_ARCHIVE_KEY=str(tmp_path / "keys" / "archive.key"),
               EJSYNC_STORAGE_FILE=str(school.storage))
    result = subprocess.run(
        [str(PROJECT_ROOT / "publish.sh"), "--db", str(school.db), "--target", target,
         "--build", str(tmp_path / "build"), "--archive", str(tmp_path / "archive")],
        capture_output=True, text=True, env=env, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"опубликовано: {target}" in result.stdout
    settings = load_storage(school.storage)
    keys = [o["Key"] for o in list_keys(storage_client(settings), "school-b-site",
                                        f"{school.prefix}-sh/releases/")]
    assert any(k.endswith("/site/index.html") for k in keys)
    assert not any(k.endswith(".manifest.db") for k in keys)
    conn = connect(school.db, readonly=True)
    current = conn.execute("SELECT target, release, files FROM publications"
                           " WHERE retired_at IS NULL").fetchone()
    conn.close()
    assert current["target"] == target and current["files"] == len(keys)
