"""The SQLite store: connection, migrations and named queries."""

from ejsync.store.db import connect, transaction
from ejsync.store.migrate import current_versions, migrate
from ejsync.store.writers import Writer

__all__ = ["connect", "transaction", "migrate", "current_versions", "Writer"]
