"""School profiles: the TOML settings where the regulations disagree or a school may choose."""

from __future__ import annotations

import os
import sqlite3
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ejsync.errors import UserError

PROFILES_DIR = Path(__file__).resolve().parent
DEFAULT_PROFILE = "default"
# A school keeps its own profiles in this directory; they win over the shipped ones.
PROFILE_DIR_ENV = "EJSYNC_PROFILE_DIR"


class ProfileError(UserError):
    """A profile file is missing, malformed or holds a wrong value; the message names the key."""


def _int_range(low: int, high: int) -> Callable[[Any], bool]:
    return lambda v: isinstance(v, int) and not isinstance(v, bool) and low <= v <= high


def _number_range(low: float, high: float) -> Callable[[Any], bool]:
    return lambda v: isinstance(v, int | float) and not isinstance(v, bool) and low <= v <= high


def _grade_band(v: Any) -> bool:
    return (
        isinstance(v, list)
        and len(v) == 2
        and all(_int_range(1, 11)(g) for g in v)
        and v[0] <= v[1]
    )


def _written_days(v: Any) -> bool:
    return (
        isinstance(v, list)
        and bool(v)
        and all(
            isinstance(item, dict)
            and set(item) == {"grades", "days"}
            and _grade_band(item["grades"])
            and _int_range(0, 30)(item["days"])
            for item in v
        )
    )


def _by_hours(v: Any) -> bool:
    return (
        isinstance(v, list)
        and bool(v)
        and all(
            isinstance(item, dict)
            and set(item) == {"min_hours", "min_marks"}
            and _number_range(0, 40)(item["min_hours"])
            and _int_range(0, 50)(item["min_marks"])
            for item in v
        )
    )


def _extra_marks(v: Any) -> bool:
    return isinstance(v, list) and all(
        isinstance(item, dict)
        and set(item) == {"value", "title"}
        and isinstance(item["value"], str)
        and item["value"].strip()
        and isinstance(item["title"], str)
        for item in v
    )


def _numeric_marks(v: Any) -> bool:
    return isinstance(v, list) and bool(v) and all(_int_range(1, 10)(m) for m in v)


def _boolean(v: Any) -> bool:
    return isinstance(v, bool)


# Every key a profile may hold: (check, what a valid value looks like, in Russian).
SCHEMA: dict[str, tuple[Callable[[Any], bool], str]] = {
    "title": (lambda v: isinstance(v, str) and bool(v.strip()), "непустая строка"),
    "marks.numeric": (_numeric_marks, "список целых отметок, например [2, 3, 4, 5]"),
    "marks.extra": (_extra_marks, 'список вида [{ value = "зач", title = "зачтено" }]'),
    "marks.from_grade": (_int_range(1, 11), "номер класса от 1 до 11"),
    "deadlines.oral_days": (_int_range(0, 30), "целое число дней от 0 до 30"),
    "deadlines.written_days": (
        _written_days,
        "список вида [{ grades = [2, 8], days = 3 }, { grades = [9, 11], days = 4 }]",
    ),
    "deadlines.homework_hours": (_number_range(0, 24), "число часов от 0 до 24"),
    "deadlines.homework_from_grade": (_int_range(1, 11), "номер класса от 1 до 11"),
    "deadlines.lesson_same_day": (_boolean, "true или false"),
    "deadlines.final_days_before_end": (_int_range(0, 60), "целое число дней от 0 до 60"),
    "deadlines.forecast_days_before_end": (_int_range(0, 90), "целое число дней от 0 до 90"),
    "deadlines.absence_reason_days": (_int_range(1, 60), "целое число дней от 1 до 60"),
    "mark_count.by_hours": (
        _by_hours,
        "список вида [{ min_hours = 0, min_marks = 3 }, { min_hours = 2, min_marks = 6 }]",
    ),
    "mark_count.require_written": (_boolean, "true или false"),
    "mark_count.written_not_required": (
        lambda v: isinstance(v, list) and all(isinstance(s, str) and s.strip() for s in v),
        'список названий предметов, например ["Музыка", "Физическая культура"]',
    ),
    "final.justified_tolerance": (_number_range(0, 3), "число от 0 до 3"),
    "final.forecast_threshold": (_number_range(0.01, 0.99), "число от 0,01 до 0,99"),
    "families.offline_printout_days": (_int_range(1, 60), "целое число дней от 1 до 60"),
    "families.parent_check_per_week": (_int_range(0, 7), "целое число от 0 до 7"),
    "families.inform_days": (_int_range(1, 60), "целое число дней от 1 до 60"),
    "families.failing_below": (_number_range(2, 5), "число от 2 до 5"),
    "families.unexcused_lessons": (_int_range(1, 100), "целое число уроков от 1 до 100"),
    "language.check": (_boolean, "true или false"),
    "curriculum.weeks_grade_1": (_int_range(1, 52), "целое число недель от 1 до 52"),
    "curriculum.weeks": (_int_range(1, 52), "целое число недель от 1 до 52"),
    "periods.quarters": (_grade_band, "диапазон классов, например [1, 9]"),
    "periods.half_years": (_grade_band, "диапазон классов, например [10, 11]"),
    "print.health_sheet": (_boolean, "true или false"),
}


@dataclass(frozen=True)
class Profile:
    """A validated school profile; `values` maps dotted keys ('deadlines.oral_days') to values."""

    name: str
    values: dict[str, Any]

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    def written_days(self, grade: int) -> int | None:
        """R-MARK-WRITTEN: the days a written work of `grade` may take to mark (None: no marks)."""
        for band in self.values["deadlines.written_days"]:
            low, high = band["grades"]
            if low <= grade <= high:
                return band["days"]
        return None

    def min_marks(self, hours_per_week: float) -> int:
        """R-MARK-COUNT: the fewest current marks a period mark needs at this weekly load."""
        bands = sorted(self.values["mark_count.by_hours"], key=lambda b: b["min_hours"])
        fitting = [b["min_marks"] for b in bands if hours_per_week >= b["min_hours"]]
        return fitting[-1] if fitting else bands[0]["min_marks"]

    def study_weeks(self, grade: int) -> int:
        """R-KTP-HOURS: study weeks of the year for `grade` (33 in grade 1, 34 otherwise)."""
        return self.values["curriculum.weeks_grade_1" if grade == 1 else "curriculum.weeks"]

    def period_code_kind(self, grade: int) -> str:
        """R-PERIODS: 'Q' when `grade` works in quarters, 'H' in half-years."""
        low, high = self.values["periods.quarters"]
        return "Q" if low <= grade <= high else "H"

    def scale(self) -> list[tuple[str, int | None, str]]:
        """The mark scale rows (value, numeric value, title) the database must hold."""
        titles = {2: "неудовлетворительно", 3: "удовлетворительно", 4: "хорошо", 5: "отлично"}
        rows: list[tuple[str, int | None, str]] = [
            (str(n), n, titles.get(n, f"отметка {n}")) for n in self.values["marks.numeric"]
        ]
        rows += [(item["value"], None, item["title"]) for item in self.values["marks.extra"]]
        return rows


def profile_dirs() -> list[Path]:
    """Where profiles are looked up: $EJSYNC_PROFILE_DIR first, then the shipped ones."""
    local = os.environ.get(PROFILE_DIR_ENV)
    return [Path(local), PROFILES_DIR] if local else [PROFILES_DIR]


def available_profiles() -> list[str]:
    """Names of the profiles that can be activated."""
    return sorted({path.stem for d in profile_dirs() for path in d.glob("*.toml")})


def _flatten(data: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in data.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, dict) and f"{dotted}." in {k[: len(dotted) + 1] for k in SCHEMA}:
            flat.update(_flatten(value, f"{dotted}."))
        else:
            flat[dotted] = value
    return flat


def _read(name: str, seen: tuple[str, ...]) -> dict[str, Any]:
    found = [d / f"{name}.toml" for d in profile_dirs() if (d / f"{name}.toml").is_file()]
    if not found:
        known = ", ".join(available_profiles())
        raise ProfileError(f"Профиль школы «{name}» не найден. Есть профили: {known}.")
    path = found[0]
    if name in seen:
        raise ProfileError(f"Профиль «{name}»: ключ extends образует цикл ({' → '.join(seen)}).")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"Профиль «{name}» ({path}): ошибка синтаксиса TOML: {exc}.") from exc
    parent = data.pop("extends", None)
    values = _flatten(data)
    for key in values:
        if key not in SCHEMA:
            raise ProfileError(
                f"Профиль «{name}»: неизвестный ключ {key}. Проверьте написание; "
                "список ключей — в docs/rules.md."
            )
    if parent is None:
        return values
    if not isinstance(parent, str):
        raise ProfileError(f"Профиль «{name}»: ключ extends должен быть именем профиля.")
    return {**_read(parent, (*seen, name)), **values}


def load_profile(name: str = DEFAULT_PROFILE) -> Profile:
    """Read, merge (extends) and validate the profile `name`; ProfileError names the bad key."""
    values = _read(name, ())
    for key, (check, expected) in SCHEMA.items():
        if key not in values:
            raise ProfileError(f"Профиль «{name}»: нет ключа {key} (нужно: {expected}).")
        if not check(values[key]):
            raise ProfileError(
                f"Профиль «{name}»: ключ {key} = {values[key]!r} неверен, нужно: {expected}."
            )
    quarters, halves = values["periods.quarters"], values["periods.half_years"]
    covered = sorted([*range(quarters[0], quarters[1] + 1), *range(halves[0], halves[1] + 1)])
    if covered != list(range(1, 12)):
        raise ProfileError(
            f"Профиль «{name}»: ключи periods.quarters и periods.half_years должны вместе "
            "покрывать классы с 1 по 11 без пересечений, например [1, 9] и [10, 11]."
        )
    return Profile(name, values)


def active_profile_name(conn: sqlite3.Connection) -> str:
    """The profile named by `settings.profile` (default when unset)."""
    row = conn.execute("SELECT value FROM settings WHERE key = 'profile'").fetchone()
    return row[0] if row else DEFAULT_PROFILE


def active_profile(conn: sqlite3.Connection) -> Profile:
    """The validated profile the database names."""
    return load_profile(active_profile_name(conn))


def apply_profile(conn: sqlite3.Connection, profile: Profile) -> list[str]:
    """Store the profile name and the values triggers and printing need (marks_from_grade,
    mark_scale, offline_printout_weeks).

    Runs inside the caller's transaction; refuses to drop a mark value that marks already use.
    Returns what changed, in Russian, for the command to print.
    """
    done = []
    wanted = {value: (number, title) for value, number, title in profile.scale()}
    existing = {row[0]: (row[1], row[2]) for row in conn.execute("SELECT * FROM mark_scale")}
    for value in sorted(set(existing) - set(wanted)):
        if conn.execute("SELECT 1 FROM marks WHERE value = ? LIMIT 1", (value,)).fetchone():
            raise ProfileError(
                f"Профиль «{profile.name}»: в шкале (ключи marks.numeric, marks.extra) нет "
                f"отметки «{value}», а в журнале она уже выставлена. Добавьте её в профиль."
            )
        conn.execute("DELETE FROM mark_scale WHERE value = ?", (value,))
        done.append(f"из шкалы убрана отметка «{value}»")
    for value, (number, title) in wanted.items():
        if existing.get(value) != (number, title):
            conn.execute(
                "INSERT INTO mark_scale (value, numeric_value, title) VALUES (?, ?, ?)"
                " ON CONFLICT(value) DO UPDATE SET numeric_value = excluded.numeric_value,"
                " title = excluded.title",
                (value, number, title),
            )
            done.append(f"в шкале отметка «{value}» ({title})")
    settings = {
        "profile": profile.name,
        "marks_from_grade": str(profile["marks.from_grade"]),
        # the print editions' schedule of family printouts (R-OFFLINE-FAMILY), in weeks
        "offline_printout_weeks": str(max(1, round(profile["families.offline_printout_days"] / 7))),
    }
    for key, value in settings.items():
        old = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        if old is None or old[0] != value:
            conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?)"
                " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )
            done.append(f"настройка {key} = {value}")
    return done
