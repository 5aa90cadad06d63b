"""Benchmark: a 1,000-student demo school for the whole year (target < 60 s, < 500 MB).

Run: PYTHONPATH=. python bench/demo.py [--students 1000] [--until 2027-05-26]
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from ejsync.demo import generate_demo

TARGET_SECONDS = 60
TARGET_MB = 500


def main() -> int:
    """Generate into a temporary file and print wall time, rows, size and peak memory."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--students", type=int, default=1000)
    parser.add_argument("--until", type=date.fromisoformat, default=date(2027, 5, 26))
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "school.db"
        started = time.perf_counter()
        summary = generate_demo(db, students=args.students, seed=args.seed, until=args.until,
                                progress=sys.stderr.isatty())
        wall = time.perf_counter() - started
        size = sum(p.stat().st_size for p in Path(tmp).iterdir())
    usage = resource.getrusage(resource.RUSAGE_SELF)
    peak_mb = usage.ru_maxrss / 1024
    print(f"demo school: {args.students} students, seed {args.seed}, until {args.until}")
    for table, count in summary.rows.items():
        print(f"  {table:<22} {count:>10,}")
    rows = sum(summary.rows.values())
    print(f"rows written      {rows:,} ({rows / wall:,.0f} rows/s)")
    print(f"wall time         {wall:.1f} s (target < {TARGET_SECONDS} s)")
    print(f"cpu time          {usage.ru_utime:.1f} s user + {usage.ru_stime:.1f} s system "
          f"(wall minus cpu = waiting for a core shared with other work)")
    print(f"database size     {size / 2**20:.1f} MB (with WAL)")
    print(f"peak memory       {peak_mb:.0f} MB ru_maxrss (target < {TARGET_MB} MB)")
    ok = wall < TARGET_SECONDS and peak_mb < TARGET_MB
    print("result            " + ("within target" if ok else "OVER TARGET"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
