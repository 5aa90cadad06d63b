"""Errors a user sees: one class, a Russian message, a non-zero exit."""

from __future__ import annotations


class UserError(Exception):
    """A problem the user can fix; the message is Russian and says what to do."""

    exit_code = 2
