"""The district file: its name, the shared object storage and the list of schools.

    [district]
    name = "Управление образования Верхнеречинского района"
    storage = "embedded"      # SeaweedFS started by `ejsync district up`, or an S3 URL

    [[school]]
    key = "school-12"         # folder and bucket names: latin letters, digits, '-'
    name = "СОШ № 12"
    folder = "schools/school-12"          # default: schools/<key>, beside this file
    database = "db/school.db"             # inside the folder (default)
    site = "http://127.0.0.1:8120"        # the school site's address
    replica = "s3://school-12-replica/main"   # default as shown
    publish = "s3://school-12-site/main"      # default as shown

Each school runs in its own folder: its database, builds, keys (var/secrets) and storage
settings are its own, so nothing of one school is reachable with another's keys.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from ejsync.errors import UserError
from ejsync.objectstore.location import Location, parse_location

EMBEDDED = "embedded"
KEY = re.compile(r"^[a-z0-9][a-z0-9-]{1,40}[a-z0-9]$")


@dataclass(frozen=True)
class SchoolEntry:
    """One school of the district."""

    key: str
    name: str
    folder: Path
    database: Path
    site: str
    replica: Location
    publish: Location

    @property
    def db(self) -> Path:
        """The database file."""
        return self.folder / self.database

    @property
    def buckets(self) -> tuple[str, ...]:
        """The school's buckets (its storage identity may use these only)."""
        return tuple(dict.fromkeys((self.replica.bucket, self.publish.bucket)))


@dataclass(frozen=True)
class District:
    """The district file, read."""

    path: Path
    name: str
    storage: str
    schools: list[SchoolEntry]

    @property
    def folder(self) -> Path:
        """Where the district file is (relative paths start here)."""
        return self.path.parent

    @property
    def embedded(self) -> bool:
        """Whether the district runs its own SeaweedFS."""
        return self.storage == EMBEDDED

    def school(self, key: str) -> SchoolEntry:
        """The school with this key."""
        for entry in self.schools:
            if entry.key == key:
                return entry
        raise UserError(f"В {self.path} нет школы «{key}»: есть "
                        f"{', '.join(s.key for s in self.schools)}.")


def load_district(path: Path) -> District:
    """Read and check the file; Russian errors name the school and the field."""
    if not path.is_file():
        raise UserError(f"Файла района {path} нет. Пример: docs/district.md или "
                        "«ejsync district demo FILE».")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise UserError(f"Файл района {path} не читается: {exc}.") from exc
    head = data.get("district", {})
    entries = data.get("school", [])
    if not entries:
        raise UserError(f"В {path} нет ни одной школы: добавьте разделы [[school]].")
    schools, seen = [], set()
    for number, raw in enumerate(entries, start=1):
        key = str(raw.get("key", ""))
        if not KEY.match(key):
            raise UserError(f"{path}, школа № {number}: key «{key}» — 3–42 строчные латинские "
                            "буквы, цифры и дефисы (это имя папки и корзин).")
        if key in seen:
            raise UserError(f"{path}: школа «{key}» указана дважды.")
        seen.add(key)
        folder = path.parent / raw.get("folder", f"schools/{key}")
        schools.append(SchoolEntry(
            key=key, name=str(raw.get("name", key)), folder=folder,
            database=Path(raw.get("database", "db/school.db")), site=str(raw.get("site", "")),
            replica=parse_location(raw.get("replica", f"s3://{key}-replica/main"),
                                   f"{key}: replica"),
            publish=parse_location(raw.get("publish", f"s3://{key}-site/main"),
                                   f"{key}: publish"),
        ))
    return District(path, str(head.get("name", "Район")), str(head.get("storage", EMBEDDED)),
                    schools)


def district_text(name: str, schools: list[tuple[str, str]]) -> str:
    """A district file for (key, name) pairs with the defaults (for `district demo`)."""
    lines = ["# ejsync: a district of schools (see docs/district.md).", "[district]",
             f'name = "{name}"', f'storage = "{EMBEDDED}"']
    for key, title in schools:
        lines += ["", "[[school]]", f'key = "{key}"', f'name = "{title}"']
    return "\n".join(lines) + "\n"
