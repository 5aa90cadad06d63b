"""A district of two demo schools: `ejsync up --district`, isolation, the rollup."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from ejsync.config import PROJECT_ROOT
from ejsync.district.config import load_district
from ejsync.startup import DEMO_FAMILY_SQL
from ejsync.store import connect
from tests.access.conftest import next_code
from tests.district.conftest import ejsync, wait_for
from tests.tiny_school import TinySchool

AS_OF, PERIOD = "2026-10-09", "Q1"


@pytest.fixture(scope="module")
def district_file(tmp_path_factory) -> Path:
    """Two demo schools of 50 students with different seeds, journals up to AS_OF."""
    folder = tmp_path_factory.mktemp("district")
    ejsync("district", "demo", "district.toml", "--schools", "2", "--students", "50",
           "--until", AS_OF, cwd=folder)
    return folder / "district.toml"


def _number(text: str) -> float | None:
    return None if text in ("", "—") else float(text.replace(",", "."))


def _rollup_rows(out: Path) -> dict[str, dict[str, list[str]]]:
    """{section title: {school: cells}} of district.csv."""
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig")), delimiter=";"))
    sections, current = {}, None
    for row in rows:
        if len(row) == 1 and row[0].startswith("REP-"):
            current = sections.setdefault(row[0].split(":")[0], {})
        elif current is not None and len(row) > 2 and row[0] != "Школа":
            current[row[0]] = row
    return sections


def _school_report(db: Path, name: str, *extra: str) -> dict:
    result = ejsync("report", name, "--db", str(db), "--as-of", AS_OF, "--format", "json",
                    *extra, cwd=db.parent)
    return {s["id"]: s["rows"] for s in json.loads(result.stdout)["sections"]}


def _check_rollup(out: Path, district_path: Path) -> None:
    sections = _rollup_rows(out / "district.csv")
    district = load_district(district_path)
    totals = {"fill": 0, "attested": 0}
    for entry in district.schools:
        fill = _school_report(entry.db, "REP-MONTHLY-FILL")["subjects"]
        result = _school_report(entry.db, "REP-PERIOD", "--period", PERIOD)
        row = sections["REP-MONTHLY-FILL"][entry.name]
        lessons = sum(r["lessons"] for r in fill)
        assert lessons > 0
        assert _number(row[2]) == lessons
        assert _number(row[8]) == sum(r["marks"] for r in fill)
        assert _number(row[4]) == round(100 * sum(r["with_topic"] for r in fill) / lessons, 1)
        period = sections["REP-PERIOD"][entry.name]
        attested = sum(r["attested"] for r in result["classes"])
        failing = sum(r["failing"] for r in result["classes"])
        assert attested > 0 and _number(period[2]) == attested
        assert _number(period[7]) == round(100 * (attested - failing) / attested, 1)
        assert _number(period[9]) == sum(r["absences"] for r in result["attendance"])
        totals["fill"] += lessons
        totals["attested"] += attested
    assert _number(sections["REP-MONTHLY-FILL"]["Всего по району"][2]) == totals["fill"]
    assert _number(sections["REP-PERIOD"]["Всего по району"][2]) == totals["attested"]
    assert "<table" in (out / "district.html").read_text(encoding="utf-8")


def test_district_rollup_equals_each_schools_own_reports(district_file, tmp_path):
    ejsync("district", "report", str(district_file), "--as-of", AS_OF, "--period", PERIOD,
           "--out", str(tmp_path), cwd=tmp_path)
    _check_rollup(tmp_path, district_file)


def free_block(size: int) -> int:
    """The first of `size` consecutive loopback ports nobody listens on."""
    import random
    import socket

    while True:
        base = random.randrange(20000, 60000, 100)
        try:
            sockets = []
            for port in range(base, base + size):
                sock = socket.socket()
                sockets.append(sock)
                sock.bind(("127.0.0.1", port))
            return base
        except OSError:
            continue
        finally:
            for sock in sockets:
                sock.close()


def _family_session(entry, diary_url: str) -> tuple[httpx.Client, str]:
    """The demo family of a school logged in through its nginx, and its child's token."""
    conn = connect(entry.db, readonly=True)
    family_id = conn.execute(DEMO_FAMILY_SQL).fetchone()["id"]
    login = conn.execute("SELECT login FROM families WHERE id = ?", (family_id,)).fetchone()[0]
    token = conn.execute("SELECT t.token FROM diary_tokens t JOIN students s ON s.id ="
                         " t.student_id WHERE s.family_id = ? ORDER BY s.id",
                         (family_id,)).fetchone()[0]
    conn.close()
    code = next_code(TinySchool(entry.db), entry.folder / "var/secrets/access.key", family_id)
    client = httpx.Client(base_url=diary_url, timeout=20)
    assert client.post("/login", data={"login": login, "code": code}).status_code == 303
    return client, token


def test_up_district_serves_each_school_and_keeps_them_apart(district_file, tmp_path):
    base = free_block(20)
    env = dict(os.environ, PYTHONPATH=str(PROJECT_ROOT), PYTHONUNBUFFERED="1")
    log = open(tmp_path / "up.log", "w")  # noqa: SIM115
    up = subprocess.Popen([sys.executable, "-m", "ejsync", "up", "--district", str(district_file),
                           "--base-port", str(base)], cwd=tmp_path, env=env, stdout=log,
                          stderr=subprocess.STDOUT, start_new_session=True)
    district = load_district(district_file)
    one, two = district.schools
    try:
        wait_for(lambda: up.poll() is not None or "Остановить: Ctrl-C" in
                 (tmp_path / "up.log").read_text(), timeout=240, what="the district to start")
        assert up.poll() is None, (tmp_path / "up.log").read_text()[-3000:]
        # Each school's site and diary come from its own bucket through its own nginx.
        site_one = httpx.get(f"http://127.0.0.1:{base + 2}/", timeout=20)
        assert site_one.status_code == 200 and one.name in site_one.text
        assert two.name in httpx.get(f"http://127.0.0.1:{base + 12}/", timeout=20).text
        family, token = _family_session(one, f"http://127.0.0.1:{base + 3}")
        page = family.get(f"/diary/{token}/")
        assert page.content == (one.folder / "build" / "diary" / token / "index.html").read_bytes()
        # The same browser at the other school: its cookie means nothing there.
        other = httpx.get(f"http://127.0.0.1:{base + 13}/diary/{token}/",
                          cookies=family.cookies, timeout=20)
        assert other.status_code == 303 and "/login" in other.headers["location"]
        staff = httpx.Client(timeout=20)
        answer = staff.post(f"http://127.0.0.1:{base}/staff/login",
                            data={"login": "admin", "password": "demo-admin"})
        assert answer.status_code == 302
        assert staff.get(f"http://127.0.0.1:{base}/staff/today").status_code == 200
        assert staff.get(f"http://127.0.0.1:{base + 10}/staff/today").status_code in (302, 303)
        # Both schools replicate; their replicas give the same rollup as their databases.
        for entry in (one, two):
            wait_for(lambda e=entry: (e.db.parent / f".{e.db.name}-replica.json").is_file(),
                     timeout=60, what="replication status")
        time.sleep(3)
    finally:
        os.killpg(up.pid, signal.SIGINT)
        up.wait(timeout=120)
        log.close()
    ejsync("district", "report", str(district_file), "--as-of", AS_OF, "--period", PERIOD,
           "--from-replicas", "--out", str(tmp_path / "replicas"), cwd=tmp_path)
    _check_rollup(tmp_path / "replicas", district_file)
    assert "копии школ" in (tmp_path / "replicas" / "district.csv").read_text(encoding="utf-8-sig")


def test_systemd_template_units_run_each_school_in_its_folder(district_file):
    """Every template unit's command, with a school's ejsync.env, is a valid ejsync command."""
    import re
    import shlex

    from ejsync.cli import build_parser

    ejsync("district", "systemd", str(district_file), cwd=district_file.parent)
    units = sorted((PROJECT_ROOT / "deploy" / "systemd").glob("ejsync-*@.service"))
    assert {u.name for u in units} >= {"ejsync-staff@.service", "ejsync-agent@.service",
                                       "ejsync-gate@.service", "ejsync-replicate@.service"}
    for entry in load_district(district_file).schools:
        env = dict(line.split("=", 1) for line in
                   (entry.folder / "ejsync.env").read_text().splitlines())
        assert (entry.folder / env["EJSYNC_DB"]).is_file()
        for unit in units:
            text = unit.read_text()
            assert "WorkingDirectory=/srv/ejsync/schools/%i" in text
            command = re.search(r"^ExecStart=\S+ (.*)$", text, re.M).group(1)
            command = re.sub(r"\$\{(\w+)\}", lambda m, e=env: e[m.group(1)], command)
            argv = shlex.split(command)
            build_parser(argv[0]).parse_args(argv)
