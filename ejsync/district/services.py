"""The servers of every school of a district, each in its own folder and on its own ports."""

from __future__ import annotations

import getpass
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from ejsync.access.nginx import add_arguments as nginx_arguments
from ejsync.access.nginx import write_config as write_nginx_config
from ejsync.district.config import SchoolEntry
from ejsync.district.storage import school_storage_file
from ejsync.services import AGENT_NICE, Service, ejsync_command

PORTS_PER_SCHOOL = 10
NGINX = Path("/usr/sbin/nginx")


@dataclass(frozen=True)
class SchoolPorts:
    """Where one school's servers listen."""

    host: str
    staff: int
    gate: int
    site: int
    diary: int

    def url(self, port: int) -> str:
        """http://host:port."""
        return f"http://{self.host}:{port}"


def school_ports(host: str, base: int, index: int) -> SchoolPorts:
    """Ports base+10·index … : staff, gate, then the site and the diary behind nginx."""
    first = base + PORTS_PER_SCHOOL * index
    return SchoolPorts(host, first, first + 1, first + 2, first + 3)


def nginx_binary() -> Path | None:
    """Debian's nginx, if installed."""
    found = NGINX if NGINX.exists() else shutil.which("nginx")
    return Path(found) if found else None


def _nginx_service(entry: SchoolEntry, ports: SchoolPorts, nginx: Path) -> Service:
    """nginx for the school: the site and the diary from the bucket, the gate deciding."""
    import argparse

    parser = argparse.ArgumentParser()
    nginx_arguments(parser)
    prefix = entry.folder / "var" / "nginx"
    options = ["--store", "--storage", str(school_storage_file(entry)),
               "--gate", f"{ports.host}:{ports.gate}", "--listen", f"{ports.host}:{ports.diary}",
               "--site-listen", f"{ports.host}:{ports.site}", "--output", str(prefix),
               "--standalone"]
    if os.geteuid() == 0:
        options += ["--run-as", getpass.getuser()]
    write_nginx_config(parser.parse_args(options))
    return Service(f"{entry.name}: сайт и дневник из хранилища (nginx)",
                   [str(nginx), "-p", str(prefix), "-c", str(prefix / "nginx.conf"),
                    "-e", str(prefix / "error.log")],
                   ports.url(ports.site) + "/", ports.url(ports.diary) + "/login", ports.diary)


def school_services(entry: SchoolEntry, ports: SchoolPorts, *,
                    replicate: bool = True) -> list[Service]:
    """Staff server, agent, gate, replication and nginx of one school, run in its folder."""
    db, folder = str(entry.database), entry.folder
    services = [
        Service(f"{entry.name}: журнал для сотрудников",
                ejsync_command("staff", "--db", db, "--host", ports.host,
                               "--port", str(ports.staff)),
                ports.url(ports.staff) + "/", ports.url(ports.staff) + "/staff/login",
                ports.staff, cwd=folder),
        Service(f"{entry.name}: агент", ejsync_command("agent", "--db", db),
                nice=AGENT_NICE, cwd=folder),
        Service(f"{entry.name}: вход семей (шлюз)",
                ejsync_command("gate", "--db", db, "--root", "build/diary",
                               "--host", ports.host, "--port", str(ports.gate)),
                ports.url(ports.gate) + "/", ports.url(ports.gate) + "/login", ports.gate,
                cwd=folder),
    ]
    if replicate:
        services.append(Service(f"{entry.name}: копия базы в хранилище",
                                ejsync_command("replicate", "--db", db), nice=AGENT_NICE,
                                cwd=folder))
    nginx = nginx_binary()
    if nginx is not None:
        services.append(_nginx_service(entry, ports, nginx))
    return services
