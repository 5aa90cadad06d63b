"""The processes of one staff server take turns to hash passwords: the limit of hashes at once
holds for the server, not for each of its processes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx

from ejsync.staff.accounts import create_account
from ejsync.staff.passwords import HASHING_AT_ONCE, TURNS_ENV, hash_password
from ejsync.staff.server import password_turns_folder
from ejsync.store import connect
from tests.servers import ejsync_process, free_port
from tests.tiny_school import MATH_TEACHER

PASSWORD = "turns-password"
HOLD_EVERY_TURN = f"""
import sys
import threading
from ejsync.staff import passwords

release = threading.Event()
for _ in range({HASHING_AT_ONCE}):  # each turn held by a thread of its own
    taken = threading.Event()
    def hold(taken=taken):
        with passwords.hashing_turn():
            taken.set()
            release.wait()
    threading.Thread(target=hold, daemon=True).start()
    taken.wait()
print("held", flush=True)
sys.stdin.readline()
release.set()
"""
VERIFY = """
import sys
from ejsync.staff.passwords import verify_password
print("ready", flush=True)
print("verified" if verify_password(sys.argv[1], sys.argv[2]) else "refused", flush=True)
"""


def _python(code: str, *args: str, folder: Path | None) -> subprocess.Popen:
    env = {key: value for key, value in os.environ.items() if key != TURNS_ENV}
    if folder is not None:
        env[TURNS_ENV] = str(folder)
    return subprocess.Popen([sys.executable, "-c", code, *args], env=env, text=True,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE)


def _login_while_turns_are_held(folder: Path | None) -> tuple[bool, str]:
    """Whether another process's login finished while every turn was held, and its answer
    once they were released."""
    holder = _python(HOLD_EVERY_TURN, folder=folder)
    try:
        assert holder.stdout.readline().strip() == "held"
        login = _python(VERIFY, hash_password(PASSWORD), PASSWORD, folder=folder)
        assert login.stdout.readline().strip() == "ready"  # imported: only the hash is left
        finished = False
        deadline = time.monotonic() + 3.0  # a hash takes about 0.1 s here
        while time.monotonic() < deadline and not finished:
            finished = login.poll() is not None
            time.sleep(0.05)
        holder.stdin.write("\n")
        holder.stdin.flush()
        answer, _ = login.communicate(timeout=60)
        return finished, answer.strip()
    finally:
        holder.kill()
        holder.wait()


def test_a_login_waits_while_another_process_of_the_server_hashes(tmp_path):
    finished, answer = _login_while_turns_are_held(password_turns_folder(tmp_path / "school.db"))
    assert not finished
    assert answer == "verified"


def test_without_the_shared_folder_each_process_hashes_on_its_own(tmp_path):
    finished, answer = _login_while_turns_are_held(None)
    assert finished and answer == "verified"


def test_the_turns_folder_is_the_servers_own(tmp_path):
    folder = password_turns_folder(tmp_path / "school.db")
    assert folder.parent == tmp_path and folder.stat().st_mode & 0o777 == 0o700


def _children(pid: int) -> list[int]:
    """The processes whose parent is `pid` (from /proc)."""
    children = []
    for proc in Path("/proc").iterdir():
        try:
            status = (proc / "status").read_text()
        except OSError:
            continue
        if proc.name.isdigit() and f"\nPPid:\t{pid}\n" in status:
            children.append(int(proc.name))
    return children


def _environment(pid: int) -> dict[str, str]:
    """The environment a process started with (from /proc)."""
    raw = Path(f"/proc/{pid}/environ").read_bytes().decode(errors="replace")
    return dict(item.split("=", 1) for item in raw.split("\0") if "=" in item)


def test_a_staff_server_of_two_processes_shares_one_folder_of_turns(_tiny_school_template,
                                                                      tmp_path):
    shutil.copyfile(_tiny_school_template, tmp_path / "school.db")
    conn = connect(tmp_path / "school.db")
    create_account(conn, MATH_TEACHER, "turns-teacher", PASSWORD)
    conn.close()
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    args = ["staff", "--db", str(tmp_path / "school.db"), "--port", str(port), "--workers", "2"]
    with ejsync_process(args, ready_url=url + "/staff/login") as server:
        workers = _children(server.pid)
        folders = {_environment(pid).get(TURNS_ENV) for pid in workers}
        login = httpx.post(url + "/staff/login",
                           data={"login": "turns-teacher", "password": PASSWORD})
    assert len(workers) >= 2
    assert folders == {str(tmp_path / ".password-turns")}
    assert login.status_code == 302
