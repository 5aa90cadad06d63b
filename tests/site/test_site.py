"""The public site: built by the real command with Pelican, texts kept, every link resolves."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html
import pytest

from ejsync.config import CONTENT_DIR, PROJECT_ROOT
from ejsync.diary.views import CONSULTATIONS_PATH
from ejsync.site.regulations import REGULATIONS, import_regulations, without_debris
from tests.tiny_school import build_tiny_school

SOURCES = Path("/work/shared/regulations")
if not SOURCES.is_dir():
    SOURCES = PROJECT_ROOT.parent / "shared" / "regulations"


def alnum(text: str) -> str:
    """Only the letters and digits of a text, in order (layout and markup ignored)."""
    return re.sub(r"[\W_]+", "", text).casefold()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site of the tiny school with a consultation, an answered question and events."""
    tmp_path = tmp_path_factory.mktemp("site")
    tiny_school = build_tiny_school(tmp_path / "school.db")
    conn = tiny_school.connect()
    conn.executescript("""
        UPDATE staff SET email = 'admin@school7.example.ru', phone = '+7 900 111-22-33'
        WHERE id = 1;
        UPDATE school SET diary_url = 'https://diary.school7.example.ru/';
        INSERT INTO consultations (staff_id, room, weekday, starts_at, ends_at, topics)
        VALUES (1, '101', 2, '14:00', '15:30', 'вход в дневник, коды доступа');
        INSERT INTO support_requests (asked_on, asked_by, role, question, answer, answered_by)
        VALUES ('2026-11-10', 'Иванова О. П.', 'родитель', 'Код не подходит, что делать?',
                'Включите автоматическое время на телефоне.', 1);
        INSERT INTO events (date, title, place, class_id, public) VALUES
            ('2026-12-20', 'Новогодний концерт', 'актовый зал', NULL, 1),
            ('2026-11-27', 'Собрание 5А', 'каб. 205', 2, 1),
            ('2026-11-28', 'Совещание педагогов', '', NULL, 0);
    """)
    conn.close()
    out = tmp_path / "site"
    result = subprocess.run(
        [sys.executable, "-m", "ejsync", "site", "--db", str(tiny_school.path), "--out", str(out),
         "--today", "2026-11-18"],
        cwd=PROJECT_ROOT, capture_output=True, text=True, env={"PYTHONPATH": str(PROJECT_ROOT)},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "сайт собран" in result.stdout
    return out


def page_text(path: Path) -> str:
    return " ".join(" ".join(lxml.html.parse(str(path)).getroot().itertext()).split())


def test_every_internal_link_resolves(site):
    pages = list(site.rglob("*.html"))
    assert len(pages) >= 10
    for page in pages:
        tree = lxml.html.parse(str(page)).getroot()
        for link in tree.xpath("//a/@href | //link/@href | //img/@src"):
            parts = urlsplit(link)
            if parts.scheme or link.startswith(("mailto:", "tel:", "#")):
                continue
            target = (page.parent / parts.path).resolve()
            assert target.is_file(), f"{page.name}: broken link {link}"
    assert (site / CONSULTATIONS_PATH).is_file()  # the diary links here


def test_home_lists_every_regulation_and_help_page(site):
    home = page_text(site / "index.html")
    for regulation in REGULATIONS:
        assert regulation.title in home
        assert (site / f"{regulation.slug}.html").is_file()
    for title in ("График консультаций", "Поддержка", "Как получить и восстановить доступ"):
        assert title in home


def test_schedule_support_and_events_come_from_the_database(site):
    schedule = page_text(site / "consultations.html")
    assert "Вторник 14:00–15:30 101 Админова Анна Сергеевна" in schedule
    assert "вход в дневник, коды доступа" in schedule
    support = page_text(site / "support.html")
    assert "admin@school7.example.ru" in support and "+7 900 111-22-33" in support
    assert "ваш логин" in support and "вашу роль" in support and "МБОУ СШ № 7" in support
    assert "Код не подходит, что делать?" in support and "Иванова" not in support
    access = page_text(site / "access.html")
    assert "https://diary.school7.example.ru/" in access and "классному руководителю" in access
    events = page_text(site / "events.html")
    assert "20 декабря 2026" in events and "Новогодний концерт" in events
    assert "Собрание 5А (5А класс)" in events and "Совещание педагогов" not in events


def test_regulation_pages_keep_the_original_text(site):
    for regulation in REGULATIONS:
        source = (SOURCES / regulation.source).read_text(encoding="utf-8")
        article = lxml.html.parse(str(site / f"{regulation.slug}.html")).getroot().xpath(
            "//article")[0]
        published = alnum(" ".join(article.itertext()))
        kept = without_debris(regulation, source)
        assert published == alnum(regulation.title) + alnum(kept), regulation.source


def test_regulations_are_clean_markdown(tmp_path):
    fresh = import_regulations(SOURCES, tmp_path)
    for path in fresh:
        committed = CONTENT_DIR / "regulations" / path.name
        assert committed.read_text(encoding="utf-8") == path.read_text(encoding="utf-8"), (
            f"{committed} differs from the converter's output: run ejsync site "
            "--import-regulations")
        text = path.read_text(encoding="utf-8")
        assert "\uf0b7" not in text and "\f" not in text and "\u00a0" not in text
        assert text.count("\n## ") >= 2
        for paragraph in text.split("\n\n"):
            assert "\n" not in paragraph.strip() or paragraph.lstrip().startswith(
                ("- ", "Title:")), f"{path.name}: a paragraph is still wrapped: {paragraph[:80]}"


def test_each_event_is_its_own_item_and_the_support_contacts_are_not_glued(site):
    tree = lxml.html.parse(str(site / "events.html")).getroot()
    items = [" ".join(li.itertext()) for li in tree.xpath("//article//li")]
    assert len(items) == 2, items
    assert "Новогодний концерт" in items[1] and "Собрание 5А" in items[0]
    support = lxml.html.parse(str(site / "support.html")).getroot()
    admin = [" ".join(li.itertext()) for li in support.xpath("//article//li")
             if "Админова" in " ".join(li.itertext())]
    assert admin and "Школа:" not in admin[0], admin
    assert any(" ".join(p.itertext()).startswith("Школа: ") for p in support.xpath("//article/p"))


def test_a_regulation_page_opens_with_the_document_not_pdf_debris(site):
    article = lxml.html.parse(str(site / "polozhenie-ob-ezh.html")).getroot().xpath("//article")[0]
    first = article.xpath(".//p")[0].text_content()
    assert first.startswith("2.4. Оперативный доступ"), first
    assert "за весь период 2.4." not in page_text(site / "polozhenie-ob-ezh.html")


def test_publish_help_is_russian_usage():
    result = subprocess.run(["bash", "publish.sh", "--help"], cwd=PROJECT_ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0
    assert result.stdout.startswith("Использование: ./publish.sh")
    assert "--target" in result.stdout and "#" not in result.stdout
    assert not re.search(r"\b(the|and|to|of)\b", result.stdout)  # no English sentences
