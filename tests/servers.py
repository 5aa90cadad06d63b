"""Start real server processes for tests and wait until they answer."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from ejsync.config import PROJECT_ROOT
from ejsync.services import wait_until_answers


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_http(url: str, timeout: float = 60.0, process: subprocess.Popen | None = None) -> None:
    """Poll `url` until it answers any HTTP status; fail if `process` exits first."""
    wait_until_answers(url, process, timeout)


@contextmanager
def ejsync_process(
    args: Sequence[str], *, ready_url: str | None = None, log: Path | None = None
) -> Iterator[subprocess.Popen]:
    """Run `python -m ejsync ARGS` as a real process; stop it with SIGTERM afterwards."""
    env = dict(os.environ, PYTHONPATH=str(PROJECT_ROOT), PYTHONUNBUFFERED="1")
    out = open(log, "wb") if log else subprocess.DEVNULL  # noqa: SIM115
    process = subprocess.Popen(
        [sys.executable, "-m", "ejsync", *args], cwd=PROJECT_ROOT, env=env,
        stdout=out, stderr=subprocess.STDOUT,
    )
    try:
        if ready_url:
            wait_for_http(ready_url, process=process)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if log:
            out.close()


def ejsync_in(*args: str, cwd: Path, **kwargs) -> subprocess.Popen:
    """`python -m ejsync ARGS` started in `cwd` (where `ejsync up` keeps var/ and build/),
    its output readable as text."""
    env = dict(os.environ, PYTHONPATH=str(PROJECT_ROOT), PYTHONUNBUFFERED="1", COLUMNS="200")
    return subprocess.Popen([sys.executable, "-m", "ejsync", *args], cwd=cwd, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kwargs)
