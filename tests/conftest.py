"""Fixtures shared by every test area."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.tiny_school import TinySchool, build_tiny_school


@pytest.fixture(scope="session")
def _tiny_school_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("tiny") / "school.db"
    build_tiny_school(path)
    return path


@pytest.fixture
def tiny_school(_tiny_school_template: Path, tmp_path: Path) -> TinySchool:
    """A fresh copy of the tiny school (see tests/tiny_school.py) for one test."""
    path = tmp_path / "school.db"
    shutil.copyfile(_tiny_school_template, path)
    return TinySchool(path)


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    """Debian's real headless Chromium, driven by Playwright."""
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        pytest.fail("/usr/bin/chromium is missing: run ./quickstart.sh test to install it")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh browser context and page (desktop size); closed after the test."""
    context = browser.new_context(locale="ru-RU", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()
