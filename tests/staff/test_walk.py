"""Every page a role can reach, walked in real Chromium: no English where staff look, no raw
column names, and axe-core finds no serious or critical accessibility issue."""

from __future__ import annotations

import re
from collections import deque
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

from ejsync.staff.labels import COLUMNS
from tests.staff.conftest import LOGINS, login_in_browser, screenshot
from tests.tiny_school import ADMIN, MATH_5A_MON, MATH_TEACHER

# Words of an English interface (Datasette's, a browser's) that must not reach a Russian user.
ENGLISH_UI = {
    "add", "apply", "back", "cancel", "choose", "close", "column", "columns", "count",
    "delete", "download", "edit", "error", "export", "facet", "facets", "filter", "filters",
    "hide", "home", "insert", "jump", "loading", "login", "logout", "next", "none", "null",
    "previous", "query", "records", "remove", "required", "row", "rows", "save", "search",
    "select", "set", "show", "sort", "sorted", "submit", "suggested", "table", "tables",
    "true", "false", "update", "value", "view", "views", "where",
}
RAW_COLUMNS = {name for name in COLUMNS if "_" in name}
WORD = re.compile(r"(?<![\w/.@-])[A-Za-z][A-Za-z_]+(?![\w/.@-])")
TEXT_JS = """() => {
  const body = document.body.cloneNode(true);  // code is code: SQL editors and listings aside
  body.querySelectorAll('.cm-editor, pre, code, textarea, script, style, .rows-and-columns tbody,'
    + ' .facet-results li').forEach(e => e.remove());  // and the data itself
  document.body.after(body);
  body.style.display = 'block';
  const texts = [document.title, body.innerText];
  body.remove();
  document.querySelectorAll('[title], [aria-label], [placeholder], input[type=submit], button')
    .forEach(e => texts.push(e.getAttribute('title') || '', e.getAttribute('aria-label') || '',
                            e.getAttribute('placeholder') || '',
                            e.tagName === 'INPUT' ? e.value : ''));
  document.querySelectorAll('select option').forEach(o => texts.push(o.textContent));
  return texts.join('\\n');
}"""
SKIP = ("/staff/logout", "/staff/login", "/help/", "/ejsync-static/")
MAX_PAGES = 45


def english_words(text: str) -> set[str]:
    """Latin words of a page that belong to an English interface or are raw column names."""
    found = set()
    for word in WORD.findall(text):
        if word.lower() in ENGLISH_UI or word in RAW_COLUMNS:
            found.add(word)
    return found


def serious_issues(page) -> list[tuple[str, str, list]]:
    """axe-core's serious and critical findings on the page as it is now."""
    results = Axe().run(page).response
    return [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
            for v in results["violations"] if v["impact"] in ("serious", "critical")]


def _links(page, here: str) -> list[str]:
    found = []
    for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))"):
        url = urlsplit(href)
        if url.netloc or not url.path.startswith(("/staff", "/school")) or \
                url.path.startswith(SKIP) or url.path.endswith((".csv", ".json")):
            continue
        if url.path.startswith("/school/") and here.startswith("/school/"):
            continue  # one level of the admin's raw tables is enough
        found.append(url.path + (f"?{url.query}" if url.query else ""))
    return found


def walk(page, server, start: str = "/staff/"):
    """Breadth-first over the pages reachable from the desk; yields each path once, loaded."""
    seen, queue = set(), deque([start])
    while queue and len(seen) < MAX_PAGES:
        path = queue.popleft()
        key = urlsplit(path).path + ("?" + urlsplit(path).query if "role=" in path else "")
        if key in seen:
            continue
        seen.add(key)
        response = page.goto(server.url + path)
        assert response.status < 500, (path, response.status)
        yield path
        queue.extend(_links(page, path))


@pytest.mark.parametrize("staff_id", [s for s in LOGINS if s != ADMIN])
def test_no_english_and_no_accessibility_issue_on_any_page_a_role_reaches(page, staff_server,
                                                                           staff_id):
    login_in_browser(page, staff_server, staff_id, "/staff/")
    problems, visited = {}, []
    for path in walk(page, staff_server):
        visited.append(path)
        assert not urlsplit(page.url).path.startswith("/school"), path  # never Datasette's pages
        if words := english_words(page.evaluate(TEXT_JS)):
            problems[f"{path}: English"] = sorted(words)
        if issues := serious_issues(page):
            problems[f"{path}: axe"] = issues
    assert len(visited) >= 6, visited
    assert not problems, problems


def test_the_admins_pages_and_datasette_dialogs_are_russian_and_accessible(page, staff_server):
    login_in_browser(page, staff_server, ADMIN, "/staff/")
    problems, visited = {}, []
    for path in walk(page, staff_server):
        visited.append(path)
        if issues := serious_issues(page):
            problems[f"{path}: axe"] = issues
        if not path.startswith("/school") or path.endswith("/-/schema"):
            continue  # the schema page is SQL by nature
        if words := english_words(page.evaluate(TEXT_JS)) - {"json"}:
            problems[f"{path}: English"] = sorted(words)
    assert any(p.startswith("/school/") for p in visited), visited
    page.goto(f"{staff_server.url}/school/students")
    page.click("button.table-insert-row")
    dialog = page.locator("dialog[open]")
    dialog.wait_for()
    assert "Добавить строку в «Ученики»" in dialog.inner_text()
    assert not english_words(dialog.inner_text()), dialog.inner_text()
    page.wait_for_timeout(200)
    if issues := serious_issues(page):
        problems["insert dialog: axe"] = issues
    assert not problems, problems


@pytest.mark.parametrize("width", [375, 768])
def test_the_lesson_page_fits_a_phone_and_a_tablet(browser, staff_server, width):
    context = browser.new_context(locale="ru-RU", viewport={"width": width, "height": 812},
                                  has_touch=True, is_mobile=width < 500)
    page = context.new_page()
    login_in_browser(page, staff_server, MATH_TEACHER, f"/staff/lesson/{MATH_5A_MON}")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{overflow}px wider than the {width}px screen"
    small = page.evaluate("""() => [...document.querySelectorAll(
        '#lesson-form input:not([type=hidden]), #lesson-form select, #lesson-form textarea,'
        + ' #lesson-form button, .ej-pick')]
      .filter(e => e.offsetParent !== null)
      .map(e => [e.name || e.id || e.textContent, e.getBoundingClientRect()])
      .filter(([, r]) => r.width < 24 || r.height < 24).map(([n]) => n)""")
    assert not small, f"tap targets under 24 px: {small}"
    save = page.locator("#save").bounding_box()
    assert save["y"] + save["height"] <= 812, "«Сохранить урок» is not on the first screen"
    if width == 375:  # one thumb: the quick marks fill the field
        screenshot(page, "lesson-phone")
        page.locator("tr[data-student] .ej-pick[data-value='5']").first.tap()
        first = page.locator("tr[data-student] input.mark").first
        assert first.input_value() == "5"
        assert not serious_issues(page)
    context.close()
