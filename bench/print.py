"""Benchmark of the print editions (issues 7, 15): one class's quarter journal, the whole school's
quarter edition, the same class through WeasyPrint from equivalent HTML as the baseline, and the
sheets of every kind of edition (journals, year summary, a week of family printouts).

    .venv/bin/python bench/print.py [--students 920] [--seed 1] [--db demo.db]
                                    [--baseline COMMIT] [--rounds 3] [--compare-only]

Editions are printed as the agent prints them: with data as of the period's penultimate day
(P-PERIOD-PRINT). Each measurement runs in its own process, so its peak memory (ru_maxrss) is its
own. Targets: one class < 2 s; the whole school < 60 s, then (issue 17) < 30 s CPU and < 200 MB
per render process at equal output with the code before it (--baseline); Typst >= 10x faster
than WeasyPrint."""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from print_compare import compare_school, spread  # noqa: E402
from print_school import PERIOD, SENIOR_PERIOD, agent_run, print_school  # noqa: E402

from ejsync.printing import jobs  # noqa: E402
from ejsync.printing.calendar import (  # noqa: E402
    find_class,
    period_by_code,
    period_for_class,
    school_year,
)
from ejsync.printing.editions import count_pages  # noqa: E402
from ejsync.printing.journal import build_journal  # noqa: E402
from ejsync.printing.signing import generate_key, load_signer  # noqa: E402
from ejsync.printing.snapshot import take_snapshot  # noqa: E402
from ejsync.render import environment  # noqa: E402
from ejsync.store import connect  # noqa: E402
from ejsync.store.clock import stamp  # noqa: E402

FAMILY_WEEK = date(2026, 11, 16)
# The code before issue 17's print speed work: the whole school's print is compared with it.
BASELINE = "5e9a310"


def peak_mb() -> float:
    """Peak resident memory of this process or any of its render workers, in MB."""
    return max(resource.getrusage(who).ru_maxrss
               for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)) / 1024


def cpu_seconds() -> float:
    """CPU time (user + system) of this process and its finished render workers."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def timed(action) -> dict:
    """Wall and CPU seconds of `action()`, merged with what it returns."""
    wall, cpu = time.perf_counter(), cpu_seconds()
    figures = action()
    return {**figures, "wall_s": time.perf_counter() - wall, "cpu_s": cpu_seconds() - cpu}


def measure_class(db: Path, key: Path, out: Path, class_name: str) -> dict:
    signer = load_signer(key)
    conn = connect(db)

    def run() -> dict:
        (edition,) = jobs.print_journals(conn, period_code=PERIOD, out=out,
                                         class_names=[class_name], signer=signer,
                                         as_of=agent_run(conn, period_by_code(conn, PERIOD)))
        return {"pages": edition.pages, "editions": 1}

    return timed(run)


def measure_school(db: Path, key: Path, out: Path, _: str) -> dict:
    return timed(lambda: print_school(db, key, out))


def measure_weasyprint(db: Path, _: Path, out: Path, class_name: str) -> dict:
    import weasyprint

    conn = connect(db)

    def run() -> dict:
        snapshot = take_snapshot(conn, agent_run(conn, period_by_code(conn, PERIOD)))
        klass = find_class(snapshot.conn, class_name)
        period = period_for_class(snapshot.conn, klass, PERIOD)
        data = build_journal(snapshot.conn, klass, period, generated_at=stamp(),
                             as_of=snapshot.as_of, preliminary=False)
        html = environment().get_template("print/journal.html").render(**data)
        pdf = weasyprint.HTML(string=html).write_pdf(pdf_variant="pdf/a-2b")
        (out / "weasyprint.pdf").write_bytes(pdf)
        return {"pages": _pdf_pages(pdf), "editions": 1}

    return timed(run)


def _pdf_pages(pdf: bytes) -> int:
    import io

    import pypdf

    return len(pypdf.PdfReader(io.BytesIO(pdf)).pages) or count_pages(pdf)


def measure_others(db: Path, key: Path, out: Path, _: str) -> dict:
    """The year summary (as of the year's penultimate day) and one week of family printouts."""
    signer = load_signer(key)
    conn = connect(db)

    def run() -> dict:
        year = school_year(conn, FAMILY_WEEK.year)
        summary = jobs.print_summary(conn, start_year=FAMILY_WEEK.year, out=out, signer=signer,
                                     as_of=agent_run(conn, year))
        family = jobs.print_family_week(conn, week=FAMILY_WEEK, out=out, signer=signer, weeks=1)
        children = conn.execute("SELECT COUNT(*) FROM family_printouts WHERE edition_id = ?",
                                (family.id,)).fetchone()[0]
        return {"pages": summary.pages + family.pages, "editions": 2,
                "summary_pages": summary.pages, "family_pages": family.pages,
                "classes": len(json.loads((summary.directory / "manifest.json").read_text())
                               ["edition"]["classes"]), "children": children}

    return timed(run)


MEASURES = {"class": measure_class, "school": measure_school, "weasyprint": measure_weasyprint,
            "others": measure_others}


def run_measure(name: str, db: Path, key: Path, work: Path, class_name: str) -> dict:
    """Run one measurement in a fresh process and read its JSON line."""
    out = work / name
    out.mkdir()
    result = subprocess.run(
        [sys.executable, __file__, "--measure", name, "--db", str(db), "--key", str(key),
         "--out", str(out), "--class", class_name],
        capture_output=True, text=True, check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def biggest_class(db: Path) -> str:
    """The largest class of grades 5–9 (all subjects, marks, quarters)."""
    return connect(db).execute(
        "SELECT c.name FROM classes c JOIN enrollments e ON e.class_id = c.id"
        " WHERE c.grade BETWEEN 5 AND 9 GROUP BY c.id ORDER BY COUNT(*) DESC, c.grade DESC"
        " LIMIT 1").fetchone()[0]


def _line(figures: dict) -> str:
    return (f"{figures['wall_s']:.2f} s wall, {figures['cpu_s']:.2f} s CPU, {figures['pages']}"
            f" pages, peak {figures['peak_mb']:.0f} MB")


def _verdict(met: bool) -> str:
    return "OK" if met else "MISSED"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=920)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--db", type=Path, default=None, help="reuse a demo database")
    parser.add_argument("--measure", choices=sorted(MEASURES))
    parser.add_argument("--key", type=Path)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--class", dest="class_name")
    parser.add_argument("--baseline", default=BASELINE,
                        help="commit whose code prints the whole school for comparison")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of that comparison")
    parser.add_argument("--compare-only", action="store_true",
                        help="only the whole school before and after")
    args = parser.parse_args()
    if args.measure:
        figures = MEASURES[args.measure](args.db, args.key, args.out, args.class_name)
        print(json.dumps({**figures, "peak_mb": peak_mb()}))
        return 0
    with tempfile.TemporaryDirectory(prefix="bench-print-") as temporary:
        work = Path(temporary)
        db = work / "school.db"
        if args.db:
            # the editions get registered: work on a copy, never on the given file
            connect(args.db).backup(connect(db))
        else:
            print(f"demo school: {args.students} students, seed {args.seed}, until 2026-12-26")
            subprocess.run([sys.executable, "-m", "ejsync", "demo", "--students",
                            str(args.students), "--seed", str(args.seed), "--until", "2026-12-26",
                            "--db", str(db)], check=True, cwd=ROOT, capture_output=True)
        key = work / "secrets" / "bench.key"
        generate_key(key)
        class_name = biggest_class(db)
        size = connect(db).execute(
            "SELECT COUNT(*) FROM enrollments e JOIN classes c ON c.id = e.class_id"
            " WHERE c.name = ?", (class_name,)).fetchone()[0]
        if not args.compare_only:
            report({name: run_measure(name, db, key, work, class_name) for name in MEASURES},
                   class_name, size)
        report_comparison(compare_school(args.baseline, db, key, work / "compare", args.rounds),
                          args.baseline)
    return 0


def report(results: dict, class_name: str, size: int) -> None:
    """The figures of one class, the whole school, WeasyPrint and the other editions."""
    one, school, baseline = results["class"], results["school"], results["weasyprint"]
    others = results["others"]
    load = os.getloadavg()[0]
    print(f"machine: {os.cpu_count()} cores, load average {load:.1f} (other jobs share the cores;"
          " CPU seconds are the load-independent figure)")
    print(f"one class ({class_name}, {size} students, {PERIOD}, all subjects): {_line(one)}"
          f"  [target < 2 s: {_verdict(one['wall_s'] < 2)}]")
    print(f"whole school ({school['editions']} class journals, {PERIOD} + {SENIOR_PERIOD}):"
          f" {_line(school)}  [target < 60 s: {_verdict(school['wall_s'] < 60)}]")
    print(f"WeasyPrint baseline, same class from equivalent HTML: {_line(baseline)}")
    print(f"year summary: {others['summary_pages']} sheets for {others['classes']} classes;"
          f" family printouts, week of {FAMILY_WEEK:%d.%m.%Y}: {others['family_pages']} sheets"
          f" for {others['children']} children ({others['wall_s']:.2f} s wall for both)")
    wall_ratio = baseline["wall_s"] / one["wall_s"]
    cpu_ratio = baseline["cpu_s"] / one["cpu_s"]
    print(f"Typst vs WeasyPrint: {wall_ratio:.1f}x faster by wall time, {cpu_ratio:.1f}x by CPU"
          f" time  [target >= 10x: {_verdict(min(wall_ratio, cpu_ratio) >= 10)}]")


def report_comparison(comparison: dict, ref: str) -> None:
    """The whole school before and after, their ratio and whether the output is equal."""
    runs = comparison["runs"]
    print(f"whole school, code of {ref} (before) vs this tree (after), {len(runs['after'])}"
          f" rounds interleaved, {comparison['editions']} editions; min–median of the rounds:")
    for name in ("before", "after"):
        print(f"  {name}: {spread(runs[name], 'cpu_s')} s CPU (all processes),"
              f" {spread(runs[name], 'wall_s')} s wall, {runs[name][0]['pages']} sheets;"
              f" peak RSS {spread(runs[name], 'render_mb')} MB per render process,"
              f" {spread(runs[name], 'main_mb')} MB the printing process")
    cpu, wall = ([statistics.median(run[key] for run in runs[name])
                  for name in ("before", "after")] for key in ("cpu_s", "wall_s"))
    print(f"  after: {cpu[0] / cpu[1]:.2f}x less CPU, {wall[0] / wall[1]:.2f}x less wall"
          " (medians)")
    found = comparison["differences"]
    print("  output: " + ("every edition has the same sheets, the same pdftotext -layout text and"
                          " every word in the same box" if not found
                          else f"DIFFERS: {'; '.join(found[:10])}"))
    worst_cpu = max(run["cpu_s"] for run in runs["after"])
    worst_mb = max(run["render_mb"] for run in runs["after"])
    print(f"  [target < 30 s CPU: {_verdict(worst_cpu < 30)} (worst {worst_cpu:.1f} s);"
          f" < 200 MB per render process: {_verdict(worst_mb < 200)} (worst {worst_mb:.0f} MB);"
          f" equal output: {_verdict(not found)}]")

if __name__ == "__main__":
    raise SystemExit(main())
