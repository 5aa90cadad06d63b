"""Benchmark: a 1,000-student demo school for the whole year (target < 60 s, < 500 MB).

Generates the school `--rounds` times (each into a new file) and prints min/median of wall
and CPU time, the rows written and the peak memory. There is no outside anchor for this
generator; the rows-per-second figure is what compares runs.

Run: PYTHONPATH=. python bench/demo.py [--students 1000] [--until 2027-05-26] [--rounds 2]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from ejsync.demo import generate_demo

TARGET_SECONDS = 60
TARGET_MB = 500


def one_round(args: argparse.Namespace) -> tuple[float, float, dict[str, int], float]:
    """Wall and CPU seconds, rows by table and database size (MB) of one generation."""
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "school.db"
        started, cpu = time.perf_counter(), time.process_time()
        summary = generate_demo(db, students=args.students, seed=args.seed, until=args.until,
                                progress=sys.stderr.isatty())
        wall, cpu = time.perf_counter() - started, time.process_time() - cpu
        size = sum(p.stat().st_size for p in Path(tmp).iterdir()) / 2**20
    return wall, cpu, summary.rows, size


def main() -> int:
    """Generate into temporary files and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--students", type=int, default=1000)
    parser.add_argument("--until", type=date.fromisoformat, default=date(2027, 5, 26))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    runs = [one_round(args) for _ in range(args.rounds)]
    walls, cpus = [r[0] for r in runs], [r[1] for r in runs]
    rows_by_table, size = runs[0][2], runs[0][3]
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"demo school: {args.students} students, seed {args.seed}, until {args.until},"
          f" {args.rounds} rounds")
    for table, count in rows_by_table.items():
        print(f"  {table:<22} {count:>10,}")
    rows = sum(rows_by_table.values())
    print(f"rows written      {rows:,} ({rows / min(cpus):,.0f} rows per CPU second)")
    print(f"wall time         min {min(walls):.1f} s, median {statistics.median(walls):.1f} s"
          f" (target < {TARGET_SECONDS} s)")
    print(f"cpu time          min {min(cpus):.1f} s, median {statistics.median(cpus):.1f} s")
    print(f"database size     {size:.1f} MB (with WAL)")
    print(f"peak memory       {peak_mb:.0f} MB ru_maxrss (target < {TARGET_MB} MB)")
    print(f"machine load      {os.getloadavg()[0]:.1f} (1 min) on {os.cpu_count()} cores")
    ok = min(walls) < TARGET_SECONDS and peak_mb < TARGET_MB
    print("result            " + ("within target" if ok else "OVER TARGET"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
