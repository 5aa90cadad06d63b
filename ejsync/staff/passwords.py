"""Password hashing (argon2id) and generated passwords."""

from __future__ import annotations

import fcntl
import os
import secrets
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from ejsync.errors import UserError

MIN_LENGTH = 8
_HASHER = PasswordHasher()  # argon2id, RFC 9106 low-memory profile: 64 MiB a hash
# At 8:00 every teacher logs in at once: hash no more passwords at a time than there are
# cores but one, so memory stays at 64 MiB a hashing core instead of 64 MiB a waiting login,
# and one core is left to the lessons being saved and the diaries being built meanwhile.
HASHING_AT_ONCE = max(1, (os.cpu_count() or 1) - 1)
_AT_ONCE = threading.BoundedSemaphore(HASHING_AT_ONCE)
PASSWORD_NICE = 10  # a storm of logins yields the CPU to the lessons being saved
# A folder the server's processes share (set by `serve` for several workers): their turns to
# hash are lock files there, so the limit holds for the server, not for each of its processes.
TURNS_ENV = "EJSYNC_PASSWORD_TURNS"


def _lower_priority() -> None:
    """Run this thread at a lower priority than the rest of the server (Linux: per thread)."""
    thread = threading.get_native_id()
    os.setpriority(os.PRIO_PROCESS, thread,
                   min(19, os.getpriority(os.PRIO_PROCESS, thread) + PASSWORD_NICE))


# The servers' threads for work that hashes passwords (logins, new passwords): logins waiting
# for a turn wait here, not in the threads every other request needs.
PASSWORD_THREADS = ThreadPoolExecutor(HASHING_AT_ONCE, thread_name_prefix="password",
                                      initializer=_lower_priority)
_ALPHABET = "abcdefghijkmnpqrstuvwxyzACDEFGHJKLMNPQRSTUVWXYZ23456789"


@contextmanager
def hashing_turn() -> Iterator[None]:
    """One of the HASHING_AT_ONCE turns to hash: of this process, and of every process whose
    EJSYNC_PASSWORD_TURNS names the same folder."""
    with _AT_ONCE:
        folder = os.environ.get(TURNS_ENV)
        if not folder:
            yield
            return
        with _take_turn(Path(folder)):  # the lock is released when the file is closed
            yield


def _take_turn(folder: Path) -> IO[str]:
    """A free turn's lock file, locked; when every turn is taken, wait for one of them."""
    for number in range(HASHING_AT_ONCE):
        handle = _turn_file(folder, number)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return handle
        except BlockingIOError:
            handle.close()
    handle = _turn_file(folder, threading.get_native_id() % HASHING_AT_ONCE)
    fcntl.flock(handle, fcntl.LOCK_EX)
    return handle


def _turn_file(folder: Path, number: int) -> IO[str]:
    return open(folder / f"password-turn-{number}.lock", "a")  # noqa: SIM115


def hash_password(password: str) -> str:
    """An argon2id hash of `password`, refusing passwords too short to be safe."""
    if len(password) < MIN_LENGTH:
        raise UserError(
            f"Пароль слишком короткий: нужно не меньше {MIN_LENGTH} символов. Придумайте другой."
        )
    with hashing_turn():
        return _HASHER.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """Whether `password` matches `password_hash`."""
    try:
        with hashing_turn():
            return _HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def generate_password(length: int = 12) -> str:
    """A random password without look-alike characters (0/O, 1/l)."""
    return "".join(secrets.choice(_ALPHABET) for _ in range(length))
