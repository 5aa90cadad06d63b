"""Fixtures of the guide tests, and the screenshot folder of the whole test session.

Screenshots: the browser tests of every area save their screens into $EJSYNC_SCREENSHOTS when it
is set. This conftest sets it (unless already set) to build/screenshots in `pytest_configure`,
which pytest calls while collecting, before any test of any area runs — so one `pytest` call over
the whole suite makes every screenshot the guides show. The checks of the published guides
(test_published.py) are moved to the end of the session, after the tests that take the
screenshots; run alone, they first run the producing tests themselves (see producers.py).
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from ejsync.content import HELP_URL_ENV
from ejsync.help.guides import DEFAULT_SCREENSHOTS, SCREENSHOTS_ENV
from tests.guides.sitebuild import build_site_of
from tests.servers import free_port
from tests.staff.conftest import _start, _with_accounts
from tests.tiny_school import TinySchool

LAST_MODULE = "test_published.py"
SESSION = {"started": time.time(), "passed": set()}


def pytest_configure(config: pytest.Config) -> None:
    """Point every area's screenshot saving at one folder before any test runs."""
    os.environ.setdefault(SCREENSHOTS_ENV, str(DEFAULT_SCREENSHOTS))
    SESSION["started"] = time.time()


def pytest_collection_modifyitems(session, config, items: list[pytest.Item]) -> None:
    """The checks of the published guides go last."""
    last = [item for item in items if item.path.name == LAST_MODULE]
    items[:] = [item for item in items if item.path.name != LAST_MODULE] + last


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Remember the tests that passed (the screenshots they take are there)."""
    if report.when == "call" and report.passed:
        SESSION["passed"].add(report.nodeid)


@dataclass(frozen=True)
class HelpSite:
    """A built school site and the local web server publishing it."""

    root: Path
    url: str

    def help_url(self) -> str:
        return f"{self.url}/help"


def serve_folder(root: Path) -> tuple[ThreadingHTTPServer, str]:
    """A real HTTP server publishing `root` on a free loopback port (like the school's web host)."""
    handler = partial(SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *args: None
    server = ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture(scope="session")
def help_site(_tiny_school_template: Path, tmp_path_factory) -> Iterator[HelpSite]:
    """The tiny school's site built by `ejsync site`, served over HTTP."""
    tmp = tmp_path_factory.mktemp("help-site")
    shutil.copyfile(_tiny_school_template, tmp / "school.db")
    root = build_site_of(TinySchool(tmp / "school.db"), tmp / "site")
    server, url = serve_folder(root)
    yield HelpSite(root, url)
    server.shutdown()


@pytest.fixture(scope="module")
def staff_server(help_site: HelpSite, _tiny_school_template: Path, tmp_path_factory):
    """`ejsync staff` over the tiny school with accounts, sending /help/… to the built site."""
    tmp = tmp_path_factory.mktemp("guides-staff")
    shutil.copyfile(_tiny_school_template, tmp / "school.db")
    _with_accounts(tmp / "school.db")
    with pytest.MonkeyPatch.context() as env:
        env.setenv(HELP_URL_ENV, help_site.help_url())
        yield from _start(TinySchool(tmp / "school.db"), tmp)
