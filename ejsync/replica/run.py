"""`ejsync replicate`: keep Litestream running for one school and report how it is doing.

Litestream retries failed uploads by itself; when it exits, it is started again after a
growing pause. Every few seconds the replica is listed and the newest upload time goes to
the status file (see `lag.py`), with the last error in Russian. Nothing here ever holds the
database's write lock: staff keep writing whatever the storage does.
"""

from __future__ import annotations

import re
import subprocess
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from botocore.exceptions import BotoCoreError, ClientError

from ejsync.objectstore.client import list_keys, storage_client, storage_error
from ejsync.objectstore.settings import StorageSettings
from ejsync.replica.lag import Status, write_status
from ejsync.replica.litestream import (
    DB_FOLDER,
    child_environment,
    litestream_binary,
    write_config,
)
from ejsync.replica.marker import marker_of, write_marker
from ejsync.store import connect

STATUS_EVERY = 3.0
RESTART_PAUSES = (1, 2, 5, 10, 30, 60)
LEVEL0 = "0000/"
ERROR_LINE = re.compile(r"level=ERROR .*?error=\"?(?P<error>[^\"]*)")


def explain(error: str) -> str:
    """A Litestream or storage error line in Russian."""
    if re.search(r"InvalidAccessKeyId|SignatureDoesNotMatch|AccessDenied|StatusCode: 403", error):
        return "хранилище не принимает ключи доступа: проверьте их в настройках хранилища"
    if re.search(r"connection refused|no such host|i/o timeout|dial tcp|EOF", error):
        return "хранилище недоступно: Litestream повторяет передачу, изменения копятся локально"
    return f"ошибка передачи копии: {error[:200]}"


def newest_upload(settings: StorageSettings) -> datetime | None:
    """When Litestream last uploaded a transaction file (level 0; any level if none)."""
    client = storage_client(settings)
    folder = settings.replica.key(DB_FOLDER) + "/"
    objects = list(list_keys(client, settings.replica.bucket, folder))
    level0 = [o for o in objects if o["Key"][len(folder):].startswith(LEVEL0)]
    newest = max((o["LastModified"] for o in level0 or objects), default=None)
    if newest is not None and newest.microsecond == 0:
        newest += timedelta(seconds=1)  # whole seconds: the upload ended within that second
    return newest


class Replicator:
    """Litestream as a child process, restarted when it stops, and the status it leaves."""

    def __init__(self, db: Path, settings: StorageSettings, say: Callable[[str], None]) -> None:
        self.db, self.settings, self.say = db, settings, say
        self.config = db.parent / f".{db.name}-litestream.yml"
        self.stopping = threading.Event()
        self.process: subprocess.Popen | None = None
        self.last_error = ""
        self.marker_written = False
        self.replica_at: datetime | None = None

    def run(self) -> int:
        """Replicate until `stop()`; always returns 0 (errors are reported, then retried)."""
        write_config(self.db, self.settings, self.config)
        restarts = 0
        while not self.stopping.is_set():
            self._start()
            while not self.stopping.is_set() and self.process.poll() is None:
                self._report()
                self.stopping.wait(STATUS_EVERY)
            if self.stopping.is_set():
                break
            pause = RESTART_PAUSES[min(restarts, len(RESTART_PAUSES) - 1)]
            self.last_error = (f"Litestream остановился (код {self.process.returncode}); "
                               f"перезапуск через {pause} с")
            self.say(self.last_error)
            self._report()
            restarts += 1
            self.stopping.wait(pause)
        self._stop_child()
        return 0

    def stop(self) -> None:
        """Ask `run` to finish (from a signal handler or another thread)."""
        self.stopping.set()

    def _start(self) -> None:
        argv = [str(litestream_binary()), "replicate", "-config", str(self.config)]
        self.process = subprocess.Popen(
            argv, env=child_environment(self.settings), stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True, errors="replace")
        threading.Thread(target=self._read_log, args=(self.process,), daemon=True).start()

    def _read_log(self, process: subprocess.Popen) -> None:
        for line in process.stdout:
            line = line.rstrip()
            if "level=INFO" not in line or "snapshot complete" in line:
                self.say(f"litestream: {line}")  # its routine chatter stays out of the log
            match = ERROR_LINE.search(line)
            if match:
                self.last_error = explain(match.group("error"))

    def _stop_child(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def _report(self) -> None:
        """Write the marker once, list the replica, save the status; errors become Russian."""
        error = ""
        try:
            if not self.marker_written:
                conn = connect(self.db, readonly=True)
                try:
                    write_marker(self.settings, marker_of(conn))
                finally:
                    conn.close()
                self.marker_written = True
            newest = newest_upload(self.settings)
            if newest and (self.replica_at is None or newest > self.replica_at):
                self.replica_at, self.last_error = newest, ""  # uploads go through again
        except (ClientError, BotoCoreError) as exc:
            error = str(storage_error(exc, self.settings.endpoint, "Копия"))
        write_status(self.db, Status(self.replica_at, datetime.now(UTC),
                                     error or self.last_error))
