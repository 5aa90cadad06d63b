"""`ejsync profile`: list, show and activate the school profile (TOML)."""

from __future__ import annotations

import argparse

from ejsync.commands._common import add_db_argument, output_console
from ejsync.commands._database import open_current
from ejsync.profiles import (
    active_profile_name,
    apply_profile,
    available_profiles,
    load_profile,
)
from ejsync.store import transaction


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `profile list|show|set`."""
    parser = subparsers.add_parser("profile", help="профиль школы: сроки и настройки положений")
    actions = parser.add_subparsers(dest="action", metavar="ДЕЙСТВИЕ", required=True)
    listing = actions.add_parser("list", help="какие профили есть")
    listing.set_defaults(func=run_list)
    show = actions.add_parser("show", help="значения профиля (по умолчанию — активного)")
    add_db_argument(show)
    show.add_argument("name", nargs="?", metavar="ИМЯ")
    show.set_defaults(func=run_show)
    choose = actions.add_parser("set", help="сделать профиль активным и перенести его в базу")
    add_db_argument(choose)
    choose.add_argument("name", metavar="ИМЯ")
    choose.set_defaults(func=run_set)


def run_list(args: argparse.Namespace) -> int:
    """Print the shipped profiles with their titles."""
    console = output_console()
    for name in available_profiles():
        console.print(f"{name}\t{load_profile(name)['title']}")
    return 0


def run_show(args: argparse.Namespace) -> int:
    """Print every key of a profile."""
    name = args.name or active_profile_name(open_current(args.db, readonly=True))
    profile = load_profile(name)
    console = output_console()
    console.print(f"[bold]{profile.name}[/]: {profile['title']}")
    for key, value in sorted(profile.values.items()):
        if key != "title":
            console.print(f"  {key} = {value!r}")
    return 0


def run_set(args: argparse.Namespace) -> int:
    """Validate the profile, then store its name, marks_from_grade and mark scale in one go."""
    profile = load_profile(args.name)
    conn = open_current(args.db)
    with transaction(conn):
        done = apply_profile(conn, profile)
    console = output_console()
    console.print(f"Активный профиль: {profile.name} ({profile['title']}).")
    for line in done:
        console.print(f"  {line}")
    return 0
