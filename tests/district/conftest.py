"""One real SeaweedFS for the whole test session, and schools configured to use it."""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

from ejsync.config import PROJECT_ROOT
from ejsync.objectstore.seaweed import Identity, SeaweedServer
from tests.tiny_school import build_tiny_school

ADMIN = Identity("admin", "EJADMIN", "admin-" + secrets.token_hex(8))
SCHOOLS = {key: Identity(key, f"EJ{key.upper().replace('-', '')}", f"{key}-" + secrets.token_hex(8),
                         (f"{key}-replica", f"{key}-site"))
           for key in ("school-a", "school-b")}


@pytest.fixture(scope="session")
def seaweed(tmp_path_factory: pytest.TempPathFactory):
    """`weed server -s3` on loopback free ports, with a bucket pair per test school."""
    server = SeaweedServer(tmp_path_factory.mktemp("seaweed"), [ADMIN, *SCHOOLS.values()],
                           public_buckets=[f"{key}-site" for key in SCHOOLS])
    server.start()
    server.create_buckets([b for identity in SCHOOLS.values() for b in identity.buckets])
    yield server
    server.stop()


def ejsync(*args: str, cwd: Path, check: bool = True, timeout: float = 300) -> subprocess.CompletedProcess:
    """`python -m ejsync ARGS` in `cwd`, its output as text."""
    env = dict(os.environ, PYTHONPATH=str(PROJECT_ROOT), COLUMNS="200")
    result = subprocess.run([sys.executable, "-m", "ejsync", *args], cwd=cwd, env=env,
                            capture_output=True, text=True, timeout=timeout)
    if check and result.returncode != 0:
        raise AssertionError(f"ejsync {' '.join(args)} failed ({result.returncode}):\n"
                             f"{result.stdout}\n{result.stderr}")
    return result


@dataclass
class School:
    """A tiny school in its own folder, with storage settings pointing at the test store."""

    folder: Path
    key: str
    prefix: str

    @property
    def db(self) -> Path:
        return self.folder / "db" / "school.db"

    @property
    def storage(self) -> Path:
        return self.folder / "var" / "secrets" / "storage.toml"

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return ejsync(*args, cwd=self.folder, check=check)

    def replicate(self, log: Path) -> subprocess.Popen:
        env = dict(os.environ, PYTHONPATH=str(PROJECT_ROOT), PYTHONUNBUFFERED="1")
        return subprocess.Popen([sys.executable, "-m", "ejsync", "replicate"], cwd=self.folder,
                                env=env, stdout=open(log, "w"), stderr=subprocess.STDOUT)  # noqa: SIM115


def make_school(folder: Path, seaweed: SeaweedServer, key: str, endpoint: str | None = None,
                access_key: str | None = None) -> School:
    """A tiny school with its own identity, configured for `key`'s buckets under a new prefix."""
    identity = SCHOOLS[key]
    prefix = f"t-{uuid.uuid4().hex[:10]}"
    (folder / "db").mkdir(parents=True)
    build_tiny_school(folder / "db" / "school.db")
    school = School(folder, key, prefix)
    secret = folder / "secret.txt"
    secret.write_text(identity.secret_access_key)
    school.run("storage", "set", "--endpoint", endpoint or seaweed.endpoint,
               "--access-key-id", access_key or identity.access_key_id,
               "--secret-access-key-file", str(secret),
               "--replica", f"s3://{key}-replica/{prefix}", "--publish", f"s3://{key}-site/{prefix}")
    secret.unlink()
    return school


def wait_for(condition, timeout: float = 60, what: str = "condition"):
    """Poll `condition()` until it returns something true."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def remove_database(db: Path) -> None:
    """The machine's state is gone: the database, its WAL and Litestream's local files."""
    for path in db.parent.iterdir():
        if path.name.startswith((db.name, f".{db.name}")):
            shutil.rmtree(path) if path.is_dir() else path.unlink()
