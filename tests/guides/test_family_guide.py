"""The family guide, followed step by step in Chromium on the demo school, ends on the diary."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import lxml.html
import pyotp
import pytest

from ejsync.config import PROJECT_ROOT
from ejsync.content import HELP_URL_ENV
from ejsync.family_codes import queries
from ejsync.family_codes.codes import active_secret
from ejsync.help import screenshots_dir
from ejsync.keyfile import KEY_FILE_ENV
from ejsync.store import connect
from tests.access.conftest import Diary, RunningGate, nginx_in_front
from tests.guides.anchors import resolve
from tests.servers import ejsync_process, free_port
from tests.tiny_school import TinySchool

DEMO_DAY = "2026-09-25"
QUOTED = re.compile(r"«([^»]+)»")


@dataclass(frozen=True)
class DemoGate:
    """The demo school behind a running gate, one family with a code."""

    url: str
    db: Path
    key_file: Path
    diary: Path
    family_id: int
    login: str


def ejsync(*args: str, env: dict[str, str]) -> str:
    """Run the real command; its standard output."""
    result = subprocess.run([sys.executable, "-m", "ejsync", *args], cwd=PROJECT_ROOT,
                            capture_output=True, text=True, timeout=180, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def demo_gate(help_site, tmp_path_factory) -> Iterator[DemoGate]:
    """`ejsync demo` (50 students), a code for its first family, the diary, the gate."""
    tmp = tmp_path_factory.mktemp("demo-gate")
    db, key_file, diary = tmp / "demo.db", tmp / "access.key", tmp / "diary"
    env = dict(os.environ, PYTHONPATH=str(PROJECT_ROOT), COLUMNS="200",
               **{KEY_FILE_ENV: str(key_file)})
    ejsync("demo", "--db", str(db), "--students", "50", "--until", DEMO_DAY, env=env)
    family_id = connect(db).execute(
        "SELECT f.id FROM families f JOIN guardians g ON g.family_id = f.id"
        " WHERE f.electronic_access = 1 ORDER BY f.id LIMIT 1").fetchone()[0]
    issued = json.loads(ejsync("access", "issue", "--db", str(db), "--family", str(family_id),
                               "--json", "--no-letter", env=env))
    ejsync("build", "--db", str(db), "--out", str(diary), "--full", "--today", DEMO_DAY, env=env)
    port = free_port()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(KEY_FILE_ENV, str(key_file))
        patch.setenv(HELP_URL_ENV, help_site.help_url())
        with ejsync_process(["gate", "--db", str(db), "--root", str(diary), "--port", str(port)],
                            ready_url=f"http://127.0.0.1:{port}/login", log=tmp / "gate.log"):
            yield DemoGate(f"http://127.0.0.1:{port}", db, key_file, diary, family_id,
                           issued["login"])


def login_steps(help_site) -> list[str]:
    """The numbered steps of «Вход в дневник» as published on the site."""
    tree = lxml.html.parse(str(help_site.root / "help" / "family.html")).getroot()
    steps = tree.xpath("//h2[@id='vhod']/following-sibling::ol[1]/li")
    return [" ".join(li.itertext()) for li in steps]


def test_the_family_guide_steps_end_on_the_familys_diary(page, demo_gate, help_site):
    page.goto(f"{demo_gate.url}/login")
    page.get_by_role("link", name="Помощь: как войти в дневник").click()
    page.wait_for_url(f"{help_site.url}/help/family.html#vhod")
    assert "Консультации и поддержка" in page.content()
    steps = login_steps(help_site)
    assert len(steps) >= 4
    conn = connect(demo_gate.db)
    secret = active_secret(conn, demo_gate.key_file, demo_gate.family_id)[1]
    values = {"Логин семьи": demo_gate.login, "Код из приложения (6 цифр)": None}
    for step in steps:
        names = QUOTED.findall(step)
        if step.startswith("Откройте адрес дневника"):
            page.goto(demo_gate.url)
            assert page.get_by_role("heading", name=names[0]).is_visible()
        elif step.startswith("В поле"):
            value = values[names[0]] or pyotp.TOTP(secret).now()
            page.get_by_label(names[0]).fill(value)
        elif step.startswith("Нажмите"):
            page.get_by_role("button", name=names[0]).click()
        elif step.startswith("На странице"):
            assert page.get_by_role("heading", name=names[0]).is_visible()
            page.get_by_role("link", name=names[1]).first.click()
        else:
            pytest.fail(f"the test does not know how to follow the step: {step}")
    children = queries.family_children(conn, demo_gate.family_id)
    tokens = {row["token"] for row in children}
    assert urlsplit(page.url).path.split("/")[2] in tokens, page.url
    first = children[0]
    assert first["last_name"] in page.content()
    page.get_by_role("link", name="Помощь: как читать дневник").click()
    page.wait_for_url(f"{help_site.url}/help/family.html#dnevnik")
    assert page.locator("#dnevnik").inner_text() == "Чтение дневника"


def test_every_gate_page_links_to_an_existing_section(demo_gate, help_site):
    conn = connect(demo_gate.db)
    secret = active_secret(conn, demo_gate.key_file, demo_gate.family_id)[1]
    client = httpx.Client(base_url=demo_gate.url, timeout=30)
    pages = {"/login": client.get("/login").text, "/nowhere": client.get("/nowhere").text}
    code = pyotp.TOTP(secret).at(time.time() + 30)  # the next step: the browser test used this one
    logged = client.post("/login", data={"login": demo_gate.login, "code": code, "next": "/"},
                         follow_redirects=True)
    assert logged.status_code == 200 and "Дневники ваших детей" in logged.text
    pages["/"] = logged.text
    for path, html in pages.items():
        links = lxml.html.fromstring(html).xpath("//a[starts-with(@href, '/help/')]/@href")
        assert links, f"gate page {path} has no help link"
        for href in links:
            target = urlsplit(href)
            redirect = client.get(target.path, follow_redirects=False)
            assert redirect.status_code == 302, f"{href}: {redirect.status_code}"
            resolve(help_site.root, help_site.url, redirect.headers["location"], target.fragment)


def test_behind_nginx_help_links_reach_the_guide_too(demo_gate, help_site, tmp_path):
    running = RunningGate(demo_gate.url, TinySchool(demo_gate.db), demo_gate.key_file,
                          Diary(demo_gate.diary, {}))
    with nginx_in_front(running, tmp_path / "nginx") as behind:
        answer = httpx.get(f"{behind.url}/help/family", timeout=30)
        assert answer.status_code == 302
        resolve(help_site.root, help_site.url, answer.headers["location"], "vhod")


def test_picture_of_an_access_letter(demo_gate, tmp_path):
    """The letter a family gets, as printed (first page), for the family guide."""
    family_id = connect(demo_gate.db).execute(
        "SELECT f.id FROM families f WHERE f.electronic_access = 1 AND f.id <> ?"
        " AND NOT EXISTS (SELECT 1 FROM access_codes c WHERE c.family_id = f.id)"
        " ORDER BY f.id LIMIT 1", (demo_gate.family_id,)).fetchone()[0]
    env = dict(os.environ, PYTHONPATH=str(PROJECT_ROOT), COLUMNS="200",
               **{KEY_FILE_ENV: str(demo_gate.key_file)})
    ejsync("access", "issue", "--db", str(demo_gate.db), "--family", str(family_id),
           "--letter-dir", str(tmp_path), env=env)
    letter = next(tmp_path.glob("*.pdf"))
    subprocess.run(["pdftoppm", "-r", "70", "-png", "-singlefile", "-f", "1", str(letter),
                    str(tmp_path / "letter")], check=True)
    target = screenshots_dir() / "family-letter.png"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(tmp_path / "letter.png", target)
    assert target.stat().st_size > 10_000
