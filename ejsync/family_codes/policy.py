"""How many wrong codes lock a family's login and for how long (the gate and the letter)."""

from __future__ import annotations

from datetime import timedelta

from ejsync.store import lockout

FAMILY_POLICY = lockout.Policy(max_failures=5, window=timedelta(minutes=15),
                               lock=timedelta(minutes=15))
