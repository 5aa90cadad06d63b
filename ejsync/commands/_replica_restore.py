"""`ejsync restore --from-replica [--at TIME]`: the school from its replica, diaries rebuilt."""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from ejsync.commands._common import output_console
from ejsync.commands.backup import actor
from ejsync.commands.build import DEFAULT_OUT, describe
from ejsync.commands.storage import add_storage_argument
from ejsync.diary import build_diaries, last_change_id
from ejsync.errors import UserError
from ejsync.objectstore.settings import load_storage, storage_file
from ejsync.printing.backup import log_use
from ejsync.replica.marker import read_marker
from ejsync.replica.restore import restore_from_replica
from ejsync.store import connect
from ejsync.store.clock import school_today


def add_replica_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of a restore from the replica."""
    parser.add_argument("--from-replica", action="store_true",
                        help="восстановить школу из её копии в хранилище S3 (в --to или --db)")
    parser.add_argument("--at", metavar="ВРЕМЯ",
                        help="на какой момент: «ГГГГ-ММ-ДД ЧЧ:ММ[:СС]» по времени школы "
                             "(по умолчанию — последнее состояние копии)")
    parser.add_argument("--diary", type=Path, default=DEFAULT_OUT, metavar="DIR",
                        help=f"куда пересобрать дневники (по умолчанию {DEFAULT_OUT})")
    add_storage_argument(parser)


def parse_moment(text: str, timezone: str) -> datetime:
    """A moment in school time ('2026-12-02 13:15'), or with an explicit offset or Z."""
    try:
        moment = datetime.fromisoformat(text.strip().replace(" ", "T").replace("Z", "+00:00"))
    except ValueError:
        raise UserError(f"Время «{text}» не понято: укажите его как ГГГГ-ММ-ДД ЧЧ:ММ, например "
                        "2026-12-02 13:15.") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=ZoneInfo(timezone))


def run_from_replica(args: argparse.Namespace) -> int:
    """Restore, log the use in the restored database, rebuild every diary."""
    console = output_console()
    settings = load_storage(storage_file(args.storage))
    target: Path = args.to or args.db
    at = parse_moment(args.at, read_marker(settings).timezone) if args.at else None
    restored = restore_from_replica(settings, target, at=at, force=args.force,
                                    say=console.print)
    when = f"на {args.at}" if args.at else "последнее состояние"
    if restored.previous:
        console.print(f"Прежняя база сохранена: {restored.previous}")
    log_use(target, "restore", Path(str(settings.replica)), "", actor(args),
            f"из копии в хранилище, {when}")
    console.print(f"Школа «{restored.marker.short_name}» восстановлена в {target} ({when}).")
    conn = connect(target)
    try:
        report = build_diaries(conn, args.diary, today=school_today(conn),
                               covers_change_id=last_change_id(conn), force=True,
                               reason="полная сборка после восстановления")
    finally:
        conn.close()
    console.print(describe(report, args.diary))
    return 0
