"""Family logins: random, so a login says nothing about the family and cannot be guessed
from a surname or a number (R-PERSONAL-DATA; guessing a login must not lock a family out)."""

from __future__ import annotations

import random
import secrets

# Lower-case letters and digits that cannot be mistaken for each other on a printed letter.
ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def new_family_login(rng: random.Random | None = None) -> str:
    """A login like 'k7mq-p9x2' (about 40 bits); `rng` only for the reproducible demo."""
    choose = rng.choice if rng is not None else secrets.choice
    chars = [choose(ALPHABET) for _ in range(8)]
    return "".join(chars[:4]) + "-" + "".join(chars[4:])


def unused_family_login(taken: set[str], rng: random.Random | None = None) -> str:
    """A new login not in `taken` (and now added to it)."""
    while (login := new_family_login(rng)) in taken:
        pass
    taken.add(login)
    return login
