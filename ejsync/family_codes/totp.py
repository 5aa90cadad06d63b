"""RFC 6238 codes: 6 digits, 30-second steps, a ±1 step window, each step usable once."""

from __future__ import annotations

import hmac
import time

import pyotp

DIGITS = 6
STEP_SECONDS = 30
WINDOW_STEPS = 1
SECRET_BYTES = 20  # 160 bits, the RFC 4226 recommendation


def new_secret() -> str:
    """A fresh random base32 secret."""
    return pyotp.random_base32(length=SECRET_BYTES * 8 // 5)


def _totp(secret: str) -> pyotp.TOTP:
    return pyotp.TOTP(secret, digits=DIGITS, interval=STEP_SECONDS)


def provisioning_uri(secret: str, login: str, issuer: str) -> str:
    """The otpauth:// URI any authenticator app can scan."""
    return _totp(secret).provisioning_uri(name=login, issuer_name=issuer)


def current_step(now: float | None = None) -> int:
    """The RFC 6238 time step of `now` (Unix seconds)."""
    return int((time.time() if now is None else now) // STEP_SECONDS)


def code_at_step(secret: str, step: int) -> str:
    """The 6-digit code of `step`."""
    return _totp(secret).generate_otp(step)


def matching_step(
    secret: str, code: str, *, last_used_step: int | None, now: float | None = None
) -> int | None:
    """The step (within ±1 of now, after `last_used_step`) whose code is `code`, else None."""
    code = code.strip().replace(" ", "")
    if len(code) != DIGITS or not code.isdigit():
        return None
    found = None
    centre = current_step(now)
    for step in range(centre - WINDOW_STEPS, centre + WINDOW_STEPS + 1):
        # Compare every candidate so the time taken does not depend on which one matched.
        if hmac.compare_digest(code_at_step(secret, step), code) and found is None:
            found = step
    if found is None or (last_used_step is not None and found <= last_used_step):
        return None
    return found


def grouped(secret: str, size: int = 4) -> str:
    """'ABCD EFGH …': the secret in groups for typing by hand."""
    return " ".join(secret[i : i + size] for i in range(0, len(secret), size))
