"""Build the school site of a test school with the real `ejsync site` command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from ejsync.config import PROJECT_ROOT
from tests.tiny_school import TinySchool

CONSULTATION = ("INSERT INTO consultations (staff_id, room, weekday, starts_at, ends_at, topics)"
                " VALUES (1, '101', 2, '14:00', '15:30', 'вход в дневник, коды доступа')")
ADMIN_CONTACTS = "UPDATE staff SET email = 'admin@school7.example.ru' WHERE id = 1"


def build_site_of(school: TinySchool, out: Path) -> Path:
    """Add a consultation and the admin's e-mail, run `ejsync site`, return the site folder."""
    conn = school.connect()
    conn.execute(CONSULTATION)
    conn.execute(ADMIN_CONTACTS)
    conn.close()
    result = subprocess.run(
        [sys.executable, "-m", "ejsync", "site", "--db", str(school.path), "--out", str(out),
         "--today", "2026-11-18"],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120,
        env=dict(os.environ, PYTHONPATH=str(PROJECT_ROOT)),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return out
