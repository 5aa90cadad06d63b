"""The staff server's own connections, for account data Datasette's connections may not read."""

from __future__ import annotations

from ejsync.store.background import run

__all__ = ["run"]
