"""A storm of logins (8:00, every teacher at once) does not hold up those already working."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tests.staff.conftest import LOGINS, PASSWORD
from tests.tiny_school import MATH_TEACHER

STORM = 24


def niceness_of_threads(pid: int) -> set[int]:
    """The niceness of every thread of a process (field 19 of /proc/<pid>/task/<tid>/stat)."""
    values = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        values.add(int((task / "stat").read_text().rsplit(")", 1)[1].split()[16]))
    return values


def server_pid(port: int) -> int:
    """The process listening on `port` (the staff server)."""
    inodes = {line.split()[9] for line in Path("/proc/net/tcp").read_text().splitlines()[1:]
              if line.split()[1].endswith(f":{port:04X}") and line.split()[3] == "0A"}
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            links = {link.readlink().name for link in (proc / "fd").iterdir()}
        except OSError:
            continue
        if any(f"socket:[{inode}]" in links for inode in inodes):
            return int(proc.name)
    raise AssertionError(f"no process listens on {port}")


def test_a_teacher_at_work_is_answered_while_a_storm_of_logins_waits(staff_server):
    teacher = staff_server.client(MATH_TEACHER)
    done = []
    lock = threading.Lock()

    def log_in(number: int) -> int:
        client = staff_server.client()
        login = list(LOGINS.values())[number % len(LOGINS)]
        response = client.post("/staff/login", data={"login": login, "password": PASSWORD})
        with lock:
            done.append(number)
        return response.status_code

    with ThreadPoolExecutor(STORM) as pool:
        storm = [pool.submit(log_in, n) for n in range(STORM)]
        time.sleep(0.3)  # the logins have reached the server
        page = teacher.get("/staff/today")
        with lock:
            logged_in_before = len(done)
        assert [future.result() for future in storm] == [302] * STORM
    assert page.status_code == 200 and "Вход" not in page.text.split("<title>")[1][:40]
    assert logged_in_before <= STORM // 4, f"the page waited for {logged_in_before} logins"
    port = int(staff_server.url.rsplit(":", 1)[1])
    niceness = niceness_of_threads(server_pid(port))
    assert len(niceness) >= 2 and max(niceness) >= min(niceness) + 10  # password threads
