"""Password hashing (argon2id) and generated passwords."""

from __future__ import annotations

import os
import secrets
import threading

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from ejsync.errors import UserError

MIN_LENGTH = 8
_HASHER = PasswordHasher()  # argon2id, RFC 9106 low-memory profile: 64 MiB a hash
# At 8:00 every teacher logs in at once: hash no more passwords at a time than there are
# cores, so memory stays at 64 MiB a core instead of 64 MiB a waiting login.
_AT_ONCE = threading.BoundedSemaphore(os.cpu_count() or 1)
_ALPHABET = "abcdefghijkmnpqrstuvwxyzACDEFGHJKLMNPQRSTUVWXYZ23456789"


def hash_password(password: str) -> str:
    """An argon2id hash of `password`, refusing passwords too short to be safe."""
    if len(password) < MIN_LENGTH:
        raise UserError(
            f"Пароль слишком короткий: нужно не меньше {MIN_LENGTH} символов. Придумайте другой."
        )
    with _AT_ONCE:
        return _HASHER.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """Whether `password` matches `password_hash`."""
    try:
        with _AT_ONCE:
            return _HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def generate_password(length: int = 12) -> str:
    """A random password without look-alike characters (0/O, 1/l)."""
    return "".join(secrets.choice(_ALPHABET) for _ in range(length))
