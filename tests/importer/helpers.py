"""Helpers of the import tests: write CSV files as Excel does, fingerprint every table."""

from __future__ import annotations

import csv
import hashlib
import io
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from ejsync.config import PROJECT_ROOT
from ejsync.importer import ImportResult, import_file
from ejsync.importer.problems import ImportRefused, Problem
from ejsync.store import connect
from tests.tiny_school import TinySchool


def write_csv(
    path: Path, rows: list[list[str]], *, encoding: str = "utf-8-sig", delimiter: str = ";"
) -> Path:
    """Write `rows` (header first) the way a spreadsheet exports them: CRLF, minimal quoting."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def table_digests(db: Path) -> dict[str, str]:
    """SHA-256 of every row of every table, by table name."""
    conn = sqlite3.connect(db)
    try:
        names = [row[0] for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        digests = {}
        for name in names:
            digest = hashlib.sha256()
            for row in conn.execute(f'SELECT * FROM "{name}" ORDER BY rowid'):
                digest.update(repr(tuple(row)).encode())
            digests[name] = digest.hexdigest()
        return digests
    finally:
        conn.close()


def run_import(
    school: TinySchool, kind: str, path: Path, *, dry_run: bool = False
) -> ImportResult:
    """Import `path` into the school through the library call the CLI uses."""
    conn = connect(school.path)
    try:
        return import_file(conn, kind, path, dry_run=dry_run)
    finally:
        conn.close()


def refused(school: TinySchool, kind: str, path: Path) -> list[Problem]:
    """Import a file that must be refused; its problems; asserts no table changed."""
    before = table_digests(school.path)
    try:
        run_import(school, kind, path)
    except ImportRefused as exc:
        assert table_digests(school.path) == before
        return exc.problems
    raise AssertionError("the file was imported but should have been refused")


def query(school: TinySchool, sql: str, *params: object) -> list[tuple]:
    """Rows of a query, as tuples."""
    conn = connect(school.path)
    try:
        return [tuple(row) for row in conn.execute(sql, params)]
    finally:
        conn.close()


def run_cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """`python -m ejsync ARGS` as a real process, as a school's operator would run it."""
    env = dict(os.environ, PYTHONPATH=str(PROJECT_ROOT), COLUMNS="200")
    return subprocess.run(
        [sys.executable, "-m", "ejsync", *map(str, args)], cwd=PROJECT_ROOT, env=env,
        capture_output=True, text=True, timeout=120, check=False,
    )
