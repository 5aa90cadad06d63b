"""A diary page in real headless Chromium at phone width: readable, no sideways scrolling."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests import tiny_school as t

PHONE = {"width": 375, "height": 740}
PAGES = ["index.html", "subjects-Q2.html", "results.html", "attendance.html", "events.html",
         "info.html"]


@pytest.fixture
def phone(browser):
    """A phone-sized browser page."""
    context = browser.new_context(locale="ru-RU", viewport=PHONE, device_scale_factor=2,
                                  java_script_enabled=False)
    page = context.new_page()
    yield page
    context.close()


def test_diary_is_usable_at_phone_width(built_diary, phone):
    folder = built_diary.out / built_diary.tokens[t.IVANOV]
    for name in PAGES:
        phone.goto((folder / name).as_uri())
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{name} scrolls sideways ({width} px)"
        assert phone.locator("h1").first.is_visible()
        small = phone.evaluate(
            "[...document.querySelectorAll('main td, main th, main p')]"
            ".filter(e => e.offsetParent && parseFloat(getComputedStyle(e).fontSize) < 12).length")
        assert small == 0, f"{name} has text under 12 px"
        tabs = phone.locator("nav.tabs a")
        assert tabs.count() == 6
        for i in range(tabs.count()):
            box = tabs.nth(i).bounding_box()
            assert box["height"] >= 32 and box["x"] + box["width"] <= PHONE["width"]
    phone.goto((folder / "week-2026-11-16.html").as_uri())
    math_row = phone.locator("table.lessons tbody tr").first
    assert math_row.locator("td.marks").is_visible()
    assert math_row.locator("td.marks").bounding_box()["width"] > 250  # a card, not a thin column
    assert phone.get_by_text("Отличная работа у доски").is_visible()
    assert phone.get_by_text("№ 245, 247").is_visible()
    phone.get_by_role("link", name="Предметы").click()
    assert phone.locator("h1").inner_text() == "Предметы: 2 четверть"
    assert phone.get_by_text("4,67").is_visible()
    save_screenshots(phone, folder)


def save_screenshots(phone, folder: Path) -> None:
    """Week and subjects views for the user guides, when EJSYNC_SCREENSHOTS names a folder."""
    target = os.environ.get("EJSYNC_SCREENSHOTS")
    if not target:
        return
    Path(target).mkdir(parents=True, exist_ok=True)
    for name, shot in (("week-2026-11-16.html", "diary-week.png"),
                       ("subjects-Q2.html", "diary-subjects.png")):
        phone.goto((folder / name).as_uri())
        phone.screenshot(path=str(Path(target) / shot), full_page=True)
        assert (Path(target) / shot).stat().st_size > 10_000


def test_print_hides_navigation_and_keeps_the_lessons(built_diary, phone):
    folder = built_diary.out / built_diary.tokens[t.IVANOV]
    phone.goto((folder / "week-2026-11-16.html").as_uri())
    phone.emulate_media(media="print")
    assert not phone.locator("nav.tabs").is_visible()
    assert not phone.locator("nav.weeks").is_visible()
    assert phone.get_by_text("Сложение дробей").is_visible()
