"""Build and run the staff Datasette: the school database as `school`, our config and plugins."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import uvicorn
import yaml
from datasette.app import Datasette
from datasette.database import Database

from ejsync.config import PLUGINS_DIR, PROJECT_ROOT, TEMPLATES_DIR
from ejsync.staff.database import require_database
from ejsync.staff.passwords import TURNS_ENV

CONFIG_PATH = PROJECT_ROOT / "datasette.yaml"
DB_ENV, SECRET_ENV = "EJSYNC_STAFF_DB", "EJSYNC_STAFF_SECRET"
STAFF_TEMPLATES = TEMPLATES_DIR / "staff"
DATABASE_NAME = "school"


def build_datasette(db_path: Path) -> Datasette:
    """A Datasette serving `db_path` as `school` with datasette.yaml, plugins/ and templates."""
    require_database(db_path)
    config = yaml.safe_load(CONFIG_PATH.read_text(encoding="utf-8"))
    datasette = Datasette(
        config=config,
        plugins_dir=str(PLUGINS_DIR),
        template_dir=str(STAFF_TEMPLATES),
        static_mounts=[("ejsync-static", str(STAFF_TEMPLATES / "static"))],
        secret=os.environ.get(SECRET_ENV) or secrets.token_hex(32),
    )
    if "_memory" in datasette.databases:
        datasette.remove_database("_memory")
    datasette.add_database(
        Database(datasette, path=str(db_path.resolve()), is_mutable=True), name=DATABASE_NAME
    )
    return datasette


def app_from_environment():
    """The ASGI app of one worker process (the database and the secret come from the parent)."""
    return build_datasette(Path(os.environ[DB_ENV])).app()


def password_turns_folder(db_path: Path) -> Path:
    """Where the processes of one school's staff server take turns to hash passwords."""
    folder = db_path.resolve().parent / ".password-turns"
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder


def serve(db_path: Path, host: str, port: int, workers: int = 1) -> None:
    """Run the staff server until interrupted; several worker processes share the port, the
    database and one secret (flash messages and form protection are signed with it)."""
    options = {"host": host, "port": port, "log_level": "warning", "proxy_headers": False}
    if workers <= 1:
        uvicorn.run(build_datasette(db_path).app(), **options)
        return
    require_database(db_path)
    os.environ[DB_ENV] = str(db_path.resolve())
    os.environ[TURNS_ENV] = str(password_turns_folder(db_path))
    os.environ.setdefault(SECRET_ENV, secrets.token_hex(32))
    uvicorn.run("ejsync.staff.server:app_from_environment", factory=True, workers=workers,
                **options)
