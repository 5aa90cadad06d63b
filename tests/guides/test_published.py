"""The guides as published and printed. This module runs last in the session (conftest.py)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html
import pikepdf
import pytest
from pypdf import PdfReader

from ejsync.config import PROJECT_ROOT
from ejsync.help import GUIDES, SHIPPED_SCREENSHOTS, load_guides, screenshots_dir
from tests.guides.conftest import SESSION
from tests.guides.messages import missing_fragments, quoted_labels, quoted_messages
from tests.guides.producers import PRODUCERS, run_producers
from tests.guides.shipped import MAX_DIFFERENCE, UPDATE_ENV, difference
from tests.guides.sitebuild import build_site_of
from tests.tiny_school import TinySchool


def _stale(names: set[str]) -> set[str]:
    folder = screenshots_dir()
    return {n for n in names
            if not (folder / n).is_file() or (folder / n).stat().st_mtime < SESSION["started"]}


@pytest.fixture(scope="module")
def fresh_screenshots() -> set[str]:
    """Every screenshot the guides show, made in this run (the tests that make them are run
    here if they did not pass in this session)."""
    shown = {name for guide in load_guides() for name in guide.screenshots()}
    assert shown <= set(PRODUCERS), f"no test makes {shown - set(PRODUCERS)}"
    not_run = [PRODUCERS[n] for n in _stale(shown) if PRODUCERS[n] not in SESSION["passed"]]
    if not_run:
        run_producers(not_run)
    return shown


@pytest.fixture(scope="module")
def site(fresh_screenshots, _tiny_school_template: Path, tmp_path_factory) -> Path:
    """The site built after the screenshots were taken."""
    tmp = tmp_path_factory.mktemp("published")
    shutil.copyfile(_tiny_school_template, tmp / "school.db")
    return build_site_of(TinySchool(tmp / "school.db"), tmp / "site")


def test_every_screenshot_a_guide_shows_was_made_in_this_run(fresh_screenshots):
    assert not _stale(fresh_screenshots), (
        f"screenshots not made by this test run: {sorted(_stale(fresh_screenshots))}")


def test_the_shipped_screenshots_still_match_their_pages(fresh_screenshots):
    """content/help/img is what a fresh install shows; the pages must still look like that."""
    if os.environ.get(UPDATE_ENV) == "1":
        for name in fresh_screenshots:
            shutil.copyfile(screenshots_dir() / name, SHIPPED_SCREENSHOTS / name)
    stale = {}
    for name in sorted(fresh_screenshots):
        shipped = SHIPPED_SCREENSHOTS / name
        assert shipped.is_file(), f"{name} is not shipped in content/help/img"
        found = difference(screenshots_dir() / name, shipped)
        if found is None or found > MAX_DIFFERENCE:
            stale[name] = found
    assert not stale, (
        f"the pages no longer look like the shipped screenshots {stale}: look at "
        f"{screenshots_dir()}, then run the tests with {UPDATE_ENV}=1 to ship the new ones")
    unused = {p.name for p in SHIPPED_SCREENSHOTS.glob("*.png")} - fresh_screenshots
    assert not unused, f"content/help/img ships screenshots no guide shows: {sorted(unused)}"


def test_a_fresh_install_shows_every_screenshot_without_the_tests(tmp_path, _tiny_school_template):
    """`ejsync site` and `ejsync guides` with no test run before: the shipped screenshots."""
    shutil.copyfile(_tiny_school_template, tmp_path / "school.db")
    env = {k: v for k, v in os.environ.items() if k != "EJSYNC_SCREENSHOTS"}
    env.update(PYTHONPATH=str(PROJECT_ROOT), COLUMNS="200")
    for args in (["site", "--out", str(tmp_path / "site")],
                 ["guides", "--out", str(tmp_path / "pdf"), "--role", "teacher"]):
        result = subprocess.run(
            [sys.executable, "-m", "ejsync", *args, "--db", str(tmp_path / "school.db")],
            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "screenshots not in" not in result.stdout + result.stderr
    teacher = next(g for g in load_guides() if g.slug == "teacher")
    page = lxml.html.parse(str(tmp_path / "site" / "help" / "teacher.html")).getroot()
    shown = [Path(src).name for src in page.xpath("//article//img/@src")]
    assert shown == teacher.screenshots()
    assert all((tmp_path / "site" / "help" / "img" / name).is_file() for name in shown)
    reader = PdfReader(tmp_path / "pdf" / "teacher.pdf")
    assert sum(len(p.images) for p in reader.pages) == len(teacher.screenshots())


def test_the_help_section_shows_every_screenshot_and_no_link_is_broken(site, fresh_screenshots):
    shown = set()
    for page in site.rglob("*.html"):
        tree = lxml.html.parse(str(page)).getroot()
        for link in tree.xpath("//a/@href | //link/@href | //img/@src"):
            parts = urlsplit(link)
            if parts.scheme or link.startswith(("mailto:", "tel:")) or not parts.path:
                continue
            target = (page.parent / parts.path).resolve()
            assert target.is_file(), f"{page.relative_to(site)}: broken link {link}"
            if parts.fragment:
                ids = lxml.html.parse(str(target)).getroot().xpath("//@id")
                assert parts.fragment in ids, f"{page.name}: no #{parts.fragment} in {link}"
        shown |= {Path(src).name for src in tree.xpath("//article//img/@src")}
    assert shown == fresh_screenshots
    home = " ".join(lxml.html.parse(str(site / "index.html")).getroot().itertext())
    assert "Помощь" in home and all(g.title in home for g in load_guides())


def test_every_guide_page_carries_the_schedule_and_what_to_tell_support(site):
    index = lxml.html.parse(str(site / "help" / "index.html")).getroot()
    assert {Path(h).stem for h in index.xpath("//article//a/@href")} >= set(GUIDES)
    for slug in ("index", *GUIDES):
        text = " ".join(" ".join(
            lxml.html.parse(str(site / "help" / f"{slug}.html")).getroot().xpath(
                "//aside[@class='help-contacts']")[0].itertext()).split())
        assert "Вторник 14:00–15:30 101 Админова Анна Сергеевна" in text, slug
        assert "admin@school7.example.ru" in text, slug
        assert all(word in text for word in ("школу", "ваш логин", "вашу роль")), slug


def test_every_message_a_guide_quotes_is_shown_by_the_software():
    quoted = 0
    for guide in load_guides():
        for message in quoted_messages(guide.body):
            assert not missing_fragments(message), (
                f"{guide.slug}.md quotes a message the software does not show: {message}")
            quoted += 1
    assert quoted >= 30


def test_every_task_says_when_and_what_to_do():
    for guide in load_guides():
        sections = guide.body.split("\n## ")[1:]
        assert len(sections) >= 2 and len(guide.anchors()) == len(sections), guide.slug
        tasks = [s for s in sections if "**Когда:**" in s]
        assert len(tasks) >= 2, guide.slug
        for task in tasks:
            assert "\n1. " in task, f"{guide.slug}: no steps in «{task.splitlines()[0]}»"


def test_the_guides_print_as_pdfa_with_screenshots(tiny_school, tmp_path, fresh_screenshots):
    conn = tiny_school.connect()
    conn.execute("INSERT INTO consultations (staff_id, room, weekday, starts_at, ends_at, topics)"
                 " VALUES (1, '101', 2, '14:00', '15:30', 'коды доступа')")
    conn.close()
    result = subprocess.run(
        [sys.executable, "-m", "ejsync", "guides", "--db", str(tiny_school.path),
         "--out", str(tmp_path / "pdf")],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300,
        env=dict(os.environ, PYTHONPATH=str(PROJECT_ROOT), COLUMNS="200"),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Руководств напечатано: 6" in result.stdout
    for guide in load_guides():
        path = tmp_path / "pdf" / f"{guide.slug}.pdf"
        reader = PdfReader(path)
        text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
        assert guide.title in text and "Админова Анна Сергеевна" in text, guide.slug
        assert "ваш логин" in text and "вашу роль" in text
        for message in quoted_messages(guide.body)[:3]:
            assert message.split("…")[0].strip()[:40] in text, (guide.slug, message)
        images = sum(len(page.images) for page in reader.pages)
        assert images == len(guide.screenshots()), guide.slug
        with pikepdf.open(path) as pdf:
            assert pdf.open_metadata().pdfa_status == "2B"


# Sections about other software (the family's authenticator app), whose buttons are not ours.
OTHER_SOFTWARE = {"prilozhenie", "pismo"}


def test_every_button_and_field_a_step_names_exists_in_the_interface():
    named = 0
    for guide in load_guides(with_index=True):
        for section, label in quoted_labels(guide.body, OTHER_SOFTWARE):
            assert not missing_fragments(label), (
                f"{guide.slug}.md#{section} names «{label}», which no page or message shows")
            named += 1
    assert named >= 40
