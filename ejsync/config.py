"""Paths of the project and the defaults every command shares."""

from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
MIGRATIONS_DIR = PROJECT_ROOT / "db" / "migrations"
TEMPLATES_DIR = PROJECT_ROOT / "site_templates"
CONTENT_DIR = PROJECT_ROOT / "content"
PLUGINS_DIR = PROJECT_ROOT / "plugins"
DEFAULT_DB = Path("db") / "school.db"
DEFAULT_ARCHIVE = Path("archive")
SECRETS_DIR = Path("var") / "secrets"  # keys live here, outside the database and the repo
DEFAULT_TIMEZONE = "Europe/Moscow"
