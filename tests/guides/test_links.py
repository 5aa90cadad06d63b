"""Where /help/<guide> goes: the configured help URL, else the school's website."""

from __future__ import annotations

from ejsync.content import HELP_URL_ENV, help_redirect_url


def test_the_school_website_is_used_when_no_help_url_is_set(monkeypatch):
    monkeypatch.delenv(HELP_URL_ENV, raising=False)
    site = "https://school12.example.ru/"
    assert help_redirect_url(site, "family") == "https://school12.example.ru/help/family.html"
    assert help_redirect_url(site, "staff") == "https://school12.example.ru/help/index.html"
    assert help_redirect_url(site, "../secrets") is None
    assert help_redirect_url("", "family") is None


def test_the_help_url_wins_over_the_website(monkeypatch):
    monkeypatch.setenv(HELP_URL_ENV, "http://127.0.0.1:8000/help/")
    assert help_redirect_url("https://school12.example.ru", "class-teacher") == (
        "http://127.0.0.1:8000/help/class-teacher.html")
