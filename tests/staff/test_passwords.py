"""Password hashing: argon2id, never more hashes at once than the machine has cores but one,
in threads of their own that a storm of logins cannot take from other requests."""

from __future__ import annotations

import os
import threading
from concurrent.futures import ThreadPoolExecutor

from ejsync.staff import passwords


def test_simultaneous_logins_leave_a_core_to_other_work(monkeypatch):
    stored = passwords.hash_password("верный-пароль")
    real = passwords._HASHER
    running, most = 0, 0
    lock = threading.Lock()

    class CountingHasher:
        """The real argon2 hasher, counting how many verifications run at once."""

        def verify(self, hash_: str, password: str) -> bool:
            nonlocal running, most
            with lock:
                running += 1
                most = max(most, running)
            try:
                return real.verify(hash_, password)
            finally:
                with lock:
                    running -= 1

    monkeypatch.setattr(passwords, "_HASHER", CountingHasher())
    attempts = ["верный-пароль", "неверный"] * 6
    with ThreadPoolExecutor(max_workers=12) as pool:
        results = list(pool.map(lambda p: passwords.verify_password(stored, p), attempts))
    assert results == [True, False] * 6
    assert 1 <= most <= max(1, (os.cpu_count() or 1) - 1) < len(attempts)
