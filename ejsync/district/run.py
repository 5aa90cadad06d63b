"""`ejsync district up`: the embedded store, every school prepared and published, its servers."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path

from ejsync.district.config import District, SchoolEntry
from ejsync.district.services import SchoolPorts, school_ports, school_services
from ejsync.district.storage import configure_schools, embedded_store, school_settings
from ejsync.objectstore.seaweed import SeaweedServer
from ejsync.publishing.publish import publish
from ejsync.services import Layout, Service
from ejsync.startup import prepare_school
from ejsync.store import connect


@contextlib.contextmanager
def inside(folder: Path) -> Iterator[None]:
    """Work in a school's folder (its relative var/ and build/), then come back."""
    here = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(here)


@contextlib.contextmanager
def district_storage(district: District, port: int | None = None) -> Iterator[SeaweedServer | None]:
    """The embedded SeaweedFS for the block (schools configured for it), or None."""
    if not district.embedded:
        yield None
        return
    with embedded_store(district, port) as store:
        configure_schools(district, store)
        yield store


def prepare_and_publish(entry: SchoolEntry, ports: SchoolPorts,
                        say: Callable[[str], None]) -> None:
    """What `ejsync up` does for one school (demo extras included), then publish it."""
    with inside(entry.folder):
        prepare_school(Layout(entry.database), ports.url(ports.diary) + "/", say)
        conn = connect(entry.database)
        try:
            published = publish(conn, school_settings(entry), Path("build"),
                                target=entry.publish)
        finally:
            conn.close()
    say(f"{entry.key}: опубликовано {published.files} файлов → {entry.publish}/releases/"
        f"{published.release}")


def district_services(district: District, host: str, base_port: int) -> list[Service]:
    """Every school's servers, in district order."""
    services: list[Service] = []
    for index, entry in enumerate(district.schools):
        services += school_services(entry, school_ports(host, base_port, index))
    return services
