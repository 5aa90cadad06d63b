"""The servers of one school on one machine, started and stopped together by `ejsync up`."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ejsync.errors import UserError

READY_TIMEOUT = 60.0
STOP_TIMEOUT = 10.0
AGENT_NICE = 10  # as `Nice=10` in deploy/systemd/ejsync-agent.service


@dataclass(frozen=True)
class Service:
    """One long-running process: its Russian title, command line and where it answers."""

    title: str
    argv: list[str]
    url: str = ""
    ready_url: str = ""
    port: int | None = None
    nice: int = 0  # background work yields the CPU to the servers people wait on
    cwd: Path | None = None  # a school's folder (a district runs several); default: here


@dataclass(frozen=True)
class Ports:
    """Where each server listens."""

    host: str = "127.0.0.1"
    site: int = 8000
    staff: int = 8001
    gate: int = 8800
    mail: int = 8025  # the local SMTP server that keeps the demo's e-mails (var/mail)

    def url(self, port: int) -> str:
        """http://host:port."""
        return f"http://{self.host}:{port}"


@dataclass(frozen=True)
class Layout:
    """The folders the servers share."""

    db: Path
    diary: Path = Path("build") / "diary"
    site: Path = Path("build") / "site"
    mail: Path = Path("var") / "mail"


def ejsync_command(*args: str) -> list[str]:
    """`python -m ejsync ARGS` with this interpreter."""
    return [sys.executable, "-m", "ejsync", *args]


def school_services(layout: Layout, ports: Ports) -> list[Service]:
    """Datasette for staff, the sync agent, the family gate and the public site."""
    db = str(layout.db)
    return [
        Service("Журнал для сотрудников (Datasette)",
                ejsync_command("staff", "--db", db, "--host", ports.host,
                               "--port", str(ports.staff)),
                ports.url(ports.staff) + "/", ports.url(ports.staff) + "/staff/login",
                ports.staff),
        Service("Агент синхронизации",
                ejsync_command("agent", "--db", db, "--out", str(layout.diary)),
                nice=AGENT_NICE),
        Service("Дневник для семей (вход по коду)",
                ejsync_command("gate", "--db", db, "--root", str(layout.diary),
                               "--host", ports.host, "--port", str(ports.gate)),
                ports.url(ports.gate) + "/", ports.url(ports.gate) + "/login", ports.gate),
        Service("Почтовый сервер (письма сохраняются в папку)",
                ejsync_command("notify", "mailbox", "--host", ports.host,
                               "--port", str(ports.mail), "--dir", str(layout.mail)),
                f"smtp://{ports.host}:{ports.mail} → {layout.mail}", port=ports.mail),
        Service("Письма семьям",
                ejsync_command("notify", "run", "--db", db,
                               "--base-url", ports.url(ports.gate)),
                "уведомления и сводки за день — через почтовый сервер выше", nice=AGENT_NICE),
        Service("Сайт школы",
                [sys.executable, "-m", "ejsync.site.serve", str(ports.site), "--bind", ports.host,
                 "--directory", str(layout.site)],
                ports.url(ports.site) + "/", ports.url(ports.site) + "/", ports.site),
    ]


def port_in_use(host: str, port: int) -> bool:
    """Whether something already listens on host:port."""
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex((host, port)) == 0


def wait_until_answers(url: str, process: subprocess.Popen | None, timeout: float) -> None:
    """Poll `url` until any HTTP answer; fail if the process (when given) exits first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise UserError(f"процесс завершился с кодом {process.returncode}, не начав работу")
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except urllib.error.HTTPError:
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    raise UserError(f"{url} не ответил за {timeout:.0f} с")


def _interrupt(*_: object) -> None:
    """SIGTERM stops `ejsync up` the way Ctrl-C does, so the servers are stopped too."""
    raise KeyboardInterrupt


@dataclass
class Supervisor:
    """Start services in order, stop them all on Ctrl-C, SIGTERM or when one of them dies."""

    services: list[Service]
    host: str
    say: Callable[[str], None]
    processes: list[tuple[Service, subprocess.Popen]] = field(default_factory=list)

    def check_ports(self) -> None:
        """Refuse (in Russian) when another program holds a port one of the services needs."""
        for service in self.services:
            if service.port and port_in_use(self.host, service.port):
                raise UserError(
                    f"{service.title}: порт {service.port} уже занят (возможно, ejsync уже "
                    "запущен). Остановите другой процесс или укажите другой порт."
                )

    def start(self) -> None:
        """Start every service and wait until each answers; stop all if one fails."""
        signal.signal(signal.SIGTERM, _interrupt)
        env = dict(os.environ, PYTHONUNBUFFERED="1")
        self.check_ports()
        try:
            for service in self.services:
                # its own process group: stopping it also stops the workers it started
                process = subprocess.Popen(service.argv, cwd=service.cwd or Path.cwd(), env=env,
                                           start_new_session=True)
                self.processes.append((service, process))
                if service.nice:  # relative to our own, as `nice` itself is
                    own = os.getpriority(os.PRIO_PROCESS, 0)
                    os.setpriority(os.PRIO_PROCESS, process.pid, min(19, own + service.nice))
                if service.ready_url:
                    try:
                        wait_until_answers(service.ready_url, process, READY_TIMEOUT)
                    except UserError as exc:
                        raise UserError(f"{service.title}: {exc}") from exc
        except BaseException:
            self.stop()
            raise

    def wait(self) -> int:
        """Block until Ctrl-C or SIGTERM (exit 0) or until a service dies (exit 1)."""
        try:
            while True:
                for service, process in self.processes:
                    if process.poll() is not None:
                        self.say(f"«{service.title}» остановился (код {process.returncode}); "
                                 "останавливаю остальные.")
                        self.stop()
                        return 1
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
        self.stop()
        return 0

    def stop(self) -> None:
        """Send SIGTERM to every running service, newest first, and wait for each; then end
        whatever is left of its process group (a killed agent's workers)."""
        for _service, process in reversed(self.processes):
            if process.poll() is None:
                process.terminate()
        for _service, process in reversed(self.processes):
            try:
                process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, signal.SIGKILL)
        self.processes.clear()
