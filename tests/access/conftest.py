"""Fixtures of the access tests: the key file, the CLI as a real process, issued codes."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import pytest

from ejsync.access.nginx import add_arguments as add_nginx_arguments
from ejsync.access.nginx import write_config as write_nginx_config
from ejsync.config import PROJECT_ROOT
from ejsync.diary.build import build_diaries
from ejsync.diary.tokens import diary_tokens
from ejsync.family_codes import codes, totp
from ejsync.family_codes.codes import active_secret
from ejsync.store import transaction
from tests.servers import ejsync_process, free_port, wait_for_http
from tests.tiny_school import TinySchool


@pytest.fixture
def key_file(tmp_path: Path) -> Path:
    """Where this test's access key lives (created by the first issue)."""
    return tmp_path / "secrets" / "access.key"


def run_ejsync(*args: str, key_file: Path | None = None) -> subprocess.CompletedProcess:
    """`python -m ejsync ARGS` as a real process, output captured as text."""
    env = dict(os.environ, PYTHONPATH=str(PROJECT_ROOT), COLUMNS="200")
    if key_file is not None:
        env["EJSYNC_ACCESS_KEY_FILE"] = str(key_file)
    return subprocess.run(
        [sys.executable, "-m", "ejsync", *args], cwd=PROJECT_ROOT, env=env,
        capture_output=True, text=True, timeout=120,
    )


def issue_code(
    school: TinySchool, key_file: Path, family_id: int, action: str = "issue",
    letter_dir: Path | None = None,
) -> dict:
    """Issue (or reissue) a family's code through the CLI; returns its JSON record."""
    letter = ["--letter-dir", str(letter_dir)] if letter_dir else ["--no-letter"]
    result = run_ejsync(
        "access", action, "--db", str(school.path), "--family", str(family_id), "--json",
        *letter, key_file=key_file,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def issue_in_process(school: TinySchool, key_file: Path, family_id: int) -> codes.IssuedCode:
    """Issue a family's code through the API (when the CLI is not what a test is about)."""
    conn = school.connect()
    try:
        return codes.issue(conn, key_file, family_id)
    finally:
        conn.close()


def family_secret(school: TinySchool, key_file: Path, family_id: int) -> str:
    """The family's secret in force, decrypted through the access API."""
    conn = school.connect()
    try:
        return active_secret(conn, key_file, family_id)[1]
    finally:
        conn.close()


# ---------------------------------------------------------------- the diary build and the gate
@dataclass(frozen=True)
class Diary:
    """A diary build: ROOT/<token>/index.html and the other pages of each student."""

    root: Path
    tokens: dict[int, str]


@pytest.fixture(scope="session")
def _diary_template(
    _tiny_school_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> Diary:
    """The tiny school's diary, built once by the real diary builder (ejsync.diary)."""
    workdir = tmp_path_factory.mktemp("diary")
    shutil.copyfile(_tiny_school_template, workdir / "school.db")
    conn = TinySchool(workdir / "school.db").connect()
    build_diaries(conn, workdir / "diary", today=DIARY_DAY)
    tokens = diary_tokens(conn)
    conn.close()
    return Diary(workdir / "diary", tokens)


@pytest.fixture
def diary(tiny_school: TinySchool, tmp_path: Path, _diary_template: Diary) -> Diary:
    """This test's copy of the built diary, its tokens stored in this test's school."""
    root = tmp_path / "diary"
    shutil.copytree(_diary_template.root, root)
    conn = tiny_school.connect()
    with transaction(conn):
        conn.executemany(
            "INSERT INTO diary_tokens (student_id, token) VALUES (?, ?)",
            list(_diary_template.tokens.items()),
        )
    conn.close()
    return Diary(root, dict(_diary_template.tokens))


def next_code(school: TinySchool, key_file: Path, family_id: int) -> str:
    """A code of the family's secret that the gate has not seen yet (waits if need be).

    Never the previous step's code: under load the step may change before the gate checks it,
    and a code two steps old is (rightly) refused."""
    secret = family_secret(school, key_file, family_id)
    conn = school.connect()
    last_used = conn.execute(
        "SELECT last_used_step FROM access_codes WHERE family_id = ? AND revoked_at IS NULL",
        (family_id,),
    ).fetchone()[0]
    conn.close()
    while True:
        now = totp.current_step()
        for step in (now, now + 1):
            if last_used is None or step > last_used:
                return totp.code_at_step(secret, step)
        time.sleep(1)


@dataclass(frozen=True)
class RunningGate:
    """A gate process serving the tiny school."""

    url: str
    school: TinySchool
    key_file: Path
    diary: Diary
    view_log: Path | None = None
    settle_seconds: float = 0.0

    def settle(self) -> None:
        """Wait out the link cookies after a revoke or reissue (nothing to wait without nginx)."""
        time.sleep(self.settle_seconds)

    def code(self, family_id: int) -> str:
        """A fresh code for the family."""
        return next_code(self.school, self.key_file, family_id)

    def cli(self, *args: str) -> subprocess.CompletedProcess:
        """Run `ejsync ARGS --db <school>` with this gate's key file."""
        return run_ejsync(*args, "--db", str(self.school.path), key_file=self.key_file)


@contextmanager
def running_gate(
    school: TinySchool, key_file: Path, diary: Diary, log: Path, families=(1, 2, 4)
) -> Iterator[RunningGate]:
    """Issue codes for `families` (through the API), then start `ejsync gate` as a process."""
    conn = school.connect()
    for family_id in families:
        codes.issue(conn, key_file, family_id)
    conn.close()
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    view_log = log.with_name("views.log")  # what nginx in front writes, if there is one
    args = ["gate", "--db", str(school.path), "--root", str(diary.root),
            "--key-file", str(key_file), "--port", str(port),
            "--link-seconds", str(LINK_SECONDS), "--view-log", str(view_log)]
    with ejsync_process(args, ready_url=f"{url}/login", log=log):
        yield RunningGate(url, school, key_file, diary, view_log=view_log)


DIARY_DAY = date(2026, 11, 18)
NGINX = Path("/usr/sbin/nginx")


def nginx_options(*args: str) -> argparse.Namespace:
    """The options of `ejsync gate nginx-config ARGS`, parsed by its own parser."""
    parser = argparse.ArgumentParser()
    add_nginx_arguments(parser)
    return parser.parse_args(args)
LINK_SECONDS = 3  # how long nginx opens a child's pages on a link cookie alone (tests: short)


@contextmanager
def nginx_in_front(running: RunningGate, prefix: Path) -> Iterator[RunningGate]:
    """Debian's nginx as an ordinary process, serving the diary by link cookies and asking
    the gate when a page comes without a valid one."""
    port = free_port()
    write_nginx_config(nginx_options(
        "--root", str(running.diary.root), "--gate", running.url.removeprefix("http://"),
        "--listen", f"127.0.0.1:{port}", "--key-file", str(running.key_file),
        "--view-log", str(running.view_log), "--output", str(prefix), "--standalone",
        "--run-as", getpass.getuser(),
    ))
    process = subprocess.Popen(
        [str(NGINX), "-p", str(prefix), "-c", str(prefix / "nginx.conf"),
         "-e", str(prefix / "error.log")],
        stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for_http(f"{url}/login", process=process)
        time.sleep(0.2)  # nginx that lost the port to another test's server has exited now
        assert process.poll() is None, (prefix / "error.log").read_text()
        yield replace(running, url=url, settle_seconds=LINK_SECONDS + 0.5)
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(params=["gate", "nginx"])
def gate(request, tiny_school: TinySchool, key_file: Path, diary: Diary, tmp_path: Path):
    """The real gate over the tiny school (alone, or behind nginx with auth_request);
    families 1, 2 and 4 have codes."""
    with running_gate(tiny_school, key_file, diary, tmp_path / "gate.log") as running:
        if request.param == "gate":
            yield running
        else:
            with nginx_in_front(running, tmp_path / "nginx") as behind_nginx:
                yield behind_nginx


def screenshot(page, name: str) -> None:
    """Save a screenshot for the user guides when EJSYNC_SCREENSHOTS names a folder."""
    folder = os.environ.get("EJSYNC_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def wait_for_rows(school: TinySchool, sql: str, params: tuple, minimum: int = 1,
                  timeout: float = 5.0) -> int:
    """Poll until `sql` counts at least `minimum` (the gate writes views within a second;
    those nginx logs, within about three)."""
    deadline = time.monotonic() + timeout
    while True:
        conn = school.connect()
        count = conn.execute(sql, params).fetchone()[0]
        conn.close()
        if count >= minimum or time.monotonic() > deadline:
            return count
        time.sleep(0.2)
