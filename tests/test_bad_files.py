"""Every failure a person can meet ends in a Russian message and an exit code, never a traceback:
each command is fed each bad database file, an output folder it cannot write or that is full,
a missing key and a port in use; the bad file is left byte for byte as it was."""

from __future__ import annotations

import hashlib
import os
import random
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from ejsync.cli import build_parser, main
from ejsync.config import PROJECT_ROOT
from ejsync.printing.signing import generate_key
from tests.servers import free_port

CYRILLIC_WORDS = re.compile(r"[А-Яа-яЁё]{4,}(?:\s+[А-Яа-яЁё]{2,}){2,}")
SERVERS = {"gate", "staff", "up", "agent"}  # run as processes: they would serve if not refused


def truncated(good: bytes) -> bytes:
    return good[: len(good) // 2]


def smashed(good: bytes) -> bytes:
    """The schema's first page (after the file header) and the middle third of the pages."""
    page, noise = 4096, random.Random(16)
    damaged = bytearray(good)
    damaged[100:page] = noise.randbytes(page - 100)
    for number in range(len(good) // page // 3, len(good) // page // 3 * 2):
        damaged[number * page:(number + 1) * page] = noise.randbytes(page)
    return bytes(damaged)


def foreign(folder: Path) -> bytes:
    path = folder / "notes.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    conn.execute("INSERT INTO notes (body) VALUES ('список покупок')")
    conn.commit()
    conn.close()
    return path.read_bytes()


@pytest.fixture(scope="session")
def bad_files(_tiny_school_template: Path, tmp_path_factory) -> dict[str, bytes]:
    """The bad databases, by name: what each command must refuse in Russian."""
    good = _tiny_school_template.read_bytes()
    return {
        "truncated": truncated(good),
        "smashed": smashed(good),
        "empty": b"",
        "random": random.Random(7).randbytes(64 * 1024),
        "foreign": foreign(tmp_path_factory.mktemp("foreign")),
    }


# Each command with the arguments it needs besides --db; {tmp} is the test's folder.
COMMANDS = {
    "access": ["access", "list", "--family", "1"],
    "account": ["account", "token", "--staff", "1"],
    "agent": ["agent", "--out", "{tmp}/diary"],
    "archive": ["archive", "list"],
    "backup": ["backup", "--to", "{tmp}/backups", "--passphrase-file", "{tmp}/passphrase"],
    "build": ["build", "--out", "{tmp}/diary"],
    "check": ["check", "--full"],
    "doctor": ["doctor", "--diary", "{tmp}/diary", "--site", "{tmp}/site", "--archive",
               "{tmp}/archive", "--staff-url", "http://127.0.0.1:9/", "--gate-url",
               "http://127.0.0.1:9/", "--site-url", "http://127.0.0.1:9/"],
    "gate": ["gate", "--root", "{tmp}/diary", "--port", "{port}"],
    "guides": ["guides", "--out", "{tmp}/guides"],
    "import": ["import", "students", "{tmp}/students.csv"],
    "migrate": ["migrate"],
    "notify": ["notify", "status"],
    "print": ["print", "journal", "--period", "Q2", "--out", "{tmp}/archive"],
    "profile": ["profile", "show"],
    "publish": ["publish", "--build", "{tmp}/build", "--target", "s3://ejsync-pages/school",
                "--storage", "{tmp}/storage.toml"],
    "replicate": ["replicate", "--storage", "{tmp}/storage.toml"],
    "report": ["report", "REP-CONTROL", "--out", "{tmp}/report.html"],
    "restore": ["restore", "{bad}", "--to", "{tmp}/restored.db", "--passphrase-file",
                "{tmp}/passphrase"],
    "site": ["site", "--out", "{tmp}/site"],
    "staff": ["staff", "--port", "{port}"],
    "storage": ["storage", "set", "--storage", "{tmp}/storage.toml", "--endpoint",
                "http://127.0.0.1:9", "--replica", "s3://ejsync-replicas/school"],
    "up": ["up", "--diary", "{tmp}/diary", "--site", "{tmp}/site", "--site-port", "{port}",
           "--staff-port", "{port2}", "--gate-port", "{port3}"],
    "violations": ["violations", "list"],
}
# demo makes a new database; district reads its TOML of schools, each with its own database
NO_DATABASE = {"demo", "district"}


def environment(tmp: Path) -> dict[str, str]:
    return dict(os.environ, PYTHONPATH=str(PROJECT_ROOT), COLUMNS="250",
                EJSYNC_ARCHIVE_KEY=str(tmp / "keys" / "archive.key"),
                EJSYNC_ACCESS_KEY_FILE=str(tmp / "keys" / "access.key"))


def prepared(tmp: Path) -> Path:
    """A working folder with what the commands need besides the database: keys, a diary
    folder, a passphrase and a CSV file."""
    generate_key(tmp / "keys" / "archive.key")
    (tmp / "diary").mkdir()
    (tmp / "passphrase").write_text("код директора\n", encoding="utf-8")
    (tmp / "students.csv").write_text("Фамилия;Имя;Класс\nИванов;Иван;5А\n", encoding="utf-8")
    return tmp


def argv_for(command: str, tmp: Path, bad: Path) -> list[str]:
    ports = {"port": free_port(), "port2": free_port(), "port3": free_port()}
    argv = [part.format(tmp=tmp, bad=bad, **ports) for part in COMMANDS[command]]
    return argv if command == "restore" else [*argv, "--db", str(bad)]


def run(argv: list[str], tmp: Path, capsys, monkeypatch) -> tuple[int, str]:
    """The command in this process (fast), or as a process for the servers."""
    if argv[0] in SERVERS:
        result = subprocess.run([sys.executable, "-m", "ejsync", *argv], capture_output=True,
                                text=True, timeout=90, cwd=tmp, env=environment(tmp))
        return result.returncode, result.stdout + result.stderr
    monkeypatch.chdir(tmp)
    for name, value in environment(tmp).items():
        monkeypatch.setenv(name, value)
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("kind", ["truncated", "smashed", "empty", "random", "foreign"])
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_each_command_refuses_each_bad_database_in_russian(
        command, kind, bad_files, tmp_path, capsys, monkeypatch):
    tmp = prepared(tmp_path)
    bad = tmp / "bad" / "school.db"
    bad.parent.mkdir()
    bad.write_bytes(bad_files[kind])
    before = digest(bad)
    code, output = run(argv_for(command, tmp, bad), tmp, capsys, monkeypatch)
    assert code not in (0, None), output
    assert "Traceback" not in output
    assert CYRILLIC_WORDS.search(output), output
    assert "ejsync restore" in output or "--db" in output or "резервная копия" in output, output
    assert digest(bad) == before  # nothing already stored changes
    assert sorted(p.name for p in bad.parent.iterdir() if p.suffix == ".db") == ["school.db"]


def test_every_command_that_reads_the_database_is_in_the_matrix():
    commands = set(build_parser()._subparsers._group_actions[0].choices)
    assert commands - NO_DATABASE - {"restore"} <= set(COMMANDS), (
        "a new command: add it to COMMANDS in tests/test_bad_files.py")


def confined(argv: list[str], *, read_only: Path | None = None, full: Path | None = None,
             keep: Path | None = None) -> list[str]:
    """`argv` in its own mount namespace where `read_only` is mounted read-only and `full` is a
    small tmpfs (holding a copy of `keep`) filled up, so nothing outside the test is touched."""
    steps = []
    if read_only:
        steps.append(f'mount --bind "{read_only}" "{read_only}" && '
                     f'mount -o remount,bind,ro "{read_only}"')
    if full:
        steps.append(f'mount -t tmpfs -o size=4m tmpfs "{full}"')
        if keep:
            steps.append(f'cp "{keep}" "{full}/"')
        steps.append(f'(dd if=/dev/zero of="{full}/filler" bs=4k 2>/dev/null; true)')
    return ["unshare", "--mount", "sh", "-c", " && ".join(steps) + ' && exec "$@"', "sh", *argv]


@pytest.fixture(scope="session")
def mounts_possible(tmp_path_factory) -> None:
    """Tests run as root here: a private mount namespace gives real read-only and full folders."""
    if shutil.which("unshare") is None:
        pytest.skip("no unshare(1) here: read-only and full folders cannot be made")
    probe = tmp_path_factory.mktemp("probe")
    done = subprocess.run(confined(["true"], read_only=probe, full=probe), capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"no mount namespace here (unshare: {done.stderr.decode()[:200]})")


# Commands writing into a folder: the folder given, the arguments ({out} is that folder).
WRITERS = {
    "build": ["build", "--out", "{out}/diary"],
    "site": ["site", "--out", "{out}/site"],
    "report": ["report", "REP-CONTROL", "--out", "{out}/report.html"],
    "print": ["print", "journal", "--class", "5А", "--period", "Q2", "--preliminary",
              "--out", "{out}"],
    "guides": ["guides", "--role", "family", "--out", "{out}"],
    "backup": ["backup", "--to", "{out}", "--passphrase-file", "{tmp}/passphrase"],
    "access": ["access", "issue", "--family", "2", "--letter-dir", "{out}"],
    "migrate": ["migrate", "--db", "{out}/new.db"],
    "check": ["check", "--full", "--db", "{out}/school.db"],
}


@pytest.mark.parametrize("folder", ["read-only", "full"])
@pytest.mark.parametrize("command", sorted(WRITERS))
def test_a_folder_that_cannot_be_written_is_a_russian_error(
        command, folder, tiny_school, tmp_path, mounts_possible):
    tmp = prepared(tmp_path)
    out = tmp / "out"
    out.mkdir()
    if command == "check":
        shutil.copyfile(tiny_school.path, out / "school.db")
    argv = [sys.executable, "-m", "ejsync",
            *[part.format(out=out, tmp=tmp) for part in WRITERS[command]]]
    if "--db" not in argv:
        argv += ["--db", str(tiny_school.path)]
    before = digest(tiny_school.path)
    place = {"read_only": out} if folder == "read-only" else {
        "full": out, "keep": tiny_school.path if command == "check" else None}
    result = subprocess.run(confined(argv, **place), capture_output=True, text=True, timeout=120,
                            cwd=tmp, env=environment(tmp))
    output = result.stdout + result.stderr
    assert result.returncode not in (0, None), output
    assert "Traceback" not in output
    assert re.search(r"только для чтения|нет места|нельзя писать|нет прав", output, re.I), output
    if (command, folder) == ("access", "full"):  # the code is issued; the letter needs space
        assert "ejsync access reissue --family 2" in output
    else:
        assert digest(tiny_school.path) == before


def test_a_missing_archive_key_is_a_russian_error(tiny_school, tmp_path, capsys, monkeypatch):
    tmp = prepared(tmp_path)
    (tmp / "keys" / "archive.key").unlink()
    code, output = run(["print", "journal", "--period", "Q2", "--out", str(tmp / "archive"),
                        "--db", str(tiny_school.path)], tmp, capsys, monkeypatch)
    assert code == 2 and "archive keygen" in output and "Traceback" not in output


def test_a_missing_access_key_stops_the_gate_in_russian(tiny_school, tmp_path):
    tmp = prepared(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "ejsync", "gate", "--db", str(tiny_school.path), "--root",
         str(tmp / "diary"), "--port", str(free_port()), "--key-file", str(tmp / "none.key")],
        capture_output=True, text=True, timeout=60, cwd=tmp, env=environment(tmp))
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Файл ключа доступа" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("command", ["gate", "staff"])
def test_a_port_in_use_is_a_russian_error(command, tiny_school, tmp_path):
    tmp = prepared(tmp_path)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        argv = [command, "--db", str(tiny_school.path), "--port", str(port)]
        if command == "gate":
            argv += ["--root", str(tmp / "diary")]
        result = subprocess.run([sys.executable, "-m", "ejsync", *argv], capture_output=True,
                                text=True, timeout=60, cwd=tmp, env=environment(tmp))
    assert result.returncode == 2, result.stdout + result.stderr
    assert f"Порт {port}" in result.stderr and "занят" in result.stderr
    assert "Traceback" not in result.stderr
