"""`ejsync up` brings every server up on a demo school, reuses it, and stops them all."""

from __future__ import annotations

import os
import signal
import socket
import time
import urllib.request

import pytest

from tests.servers import ejsync_in, free_port, wait_for_http


def processes_where(field: int, value: int) -> list[int]:
    """Process ids whose /proc/<pid>/stat field (after the name; 1 parent, 2 group) is `value`."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    if int(stat.read().rsplit(")", 1)[1].split()[field]) == value:
                        found.append(int(entry))
            except (FileNotFoundError, ProcessLookupError):
                continue
    return found


@pytest.fixture(scope="module")
def small_demo(tmp_path_factory):
    """A 120-student demo school made by the real CLI."""
    workdir = tmp_path_factory.mktemp("up")
    demo = ejsync_in("demo", "--students", "120", "--until", "2026-11-20", "--db", "school.db",
                  cwd=workdir)
    assert demo.wait(timeout=300) == 0, demo.stdout.read()
    return workdir


def test_up_starts_everything_prints_logins_and_stops_cleanly(small_demo):
    ports = {name: free_port() for name in ("site", "staff", "gate")}
    up = ejsync_in("up", "--db", "school.db", "--site-port", str(ports["site"]),
                "--staff-port", str(ports["staff"]), "--gate-port", str(ports["gate"]),
                "--mail-port", str(free_port()), cwd=small_demo)
    lines = []
    try:
        for line in up.stdout:
            lines.append(line)
            if "Остановить: Ctrl-C." in line:
                break
        output = "".join(lines)
        assert "создаю демонстрационную школу" not in output  # the database was reused
        for port in ports.values():
            assert f"http://127.0.0.1:{port}/" in output
        for login in ("admin", "director", "deputy", "class-teacher", "teacher", "secretary"):
            assert f" {login} " in output
        letter = next(line for line in lines if "Письмо о доступе" in line)
        letter_path = small_demo / letter.split(": ", 1)[1].split(" — ")[0]
        assert letter_path.read_bytes().startswith(b"%PDF")

        wait_for_http(f"http://127.0.0.1:{ports['gate']}/login")
        login_page = urllib.request.urlopen(f"http://127.0.0.1:{ports['gate']}/login").read()
        assert "код".encode() in login_page
        staff = urllib.request.urlopen(f"http://127.0.0.1:{ports['staff']}/staff/login").read()
        assert "Пароль".encode() in staff or "пароль".encode() in staff
        site = urllib.request.urlopen(f"http://127.0.0.1:{ports['site']}/").read()
        assert "<html" in site.decode().lower()
        servers = processes_where(1, up.pid)
        assert all(os.getpgid(pid) == pid for pid in servers)  # each leads its own group
        assert len(servers) == 6  # staff, agent, gate, mailbox, e-mail sender, site
        niceness = sorted(os.getpriority(os.PRIO_PROCESS, pid) for pid in servers)
        base = os.getpriority(os.PRIO_PROCESS, 0)  # the tests may run under `nice` themselves
        quiet = min(19, base + 10)  # the agent and the sender yield the CPU
        assert niceness == [base] * 4 + [quiet] * 2
    finally:
        up.send_signal(signal.SIGTERM)
        up.wait(timeout=30)
    assert up.returncode == 0
    assert not [pid for pid in servers if os.path.exists(f"/proc/{pid}")]
    # nor anything they started (the agent's worker processes): each ran in its own group,
    # ended with it (the system reaps the killed ones within moments)
    deadline = time.monotonic() + 10
    while [pid for group in servers for pid in processes_where(2, group)]:
        assert time.monotonic() < deadline, "processes of the servers' groups outlived ejsync up"
        time.sleep(0.2)


def test_up_refuses_a_busy_port_with_a_russian_message(small_demo):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        up = ejsync_in("up", "--db", "school.db", "--site-port", str(port),
                    "--staff-port", str(free_port()), "--gate-port", str(free_port()),
                    "--mail-port", str(free_port()),
                    cwd=small_demo)
        output, _ = up.communicate(timeout=120)
    assert up.returncode == 2
    assert f"порт {port} уже занят" in output
