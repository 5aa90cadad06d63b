"""Benchmark of the user guides (issue 9): the six handouts as PDF/A, and the school site with
and without the help section (the baseline: the same site with no guides), in the same run.

    PYTHONPATH=$PWD python bench/guides.py [--students 50]

Screenshots come from build/screenshots (run the test suite first to have them)."""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pypdf import PdfReader  # noqa: E402

from ejsync.demo import generate_demo  # noqa: E402
from ejsync.help import load_guides, screenshots_dir  # noqa: E402
from ejsync.help.pdf import print_guides  # noqa: E402
from ejsync.site import build as site_build  # noqa: E402
from ejsync.site.generated import load_site_data  # noqa: E402
from ejsync.store import connect  # noqa: E402
from ejsync.store.clock import stamp  # noqa: E402

TODAY = date(2026, 11, 18)


def peak_mb() -> float:
    """Peak resident memory of this process or its render workers, in MB."""
    return max(resource.getrusage(who).ru_maxrss
               for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)) / 1024


def timed_site(conn, out: Path, *, with_help: bool) -> float:
    """Wall time of one site build; without help the guides folder is empty."""
    empty = out.parent / "no-help"
    empty.mkdir(exist_ok=True)
    original = site_build.copy_help_content
    if not with_help:
        site_build.copy_help_content = lambda target: original(target, source=empty)
    try:
        started = time.perf_counter()
        site_build.build_site(conn, out, today=TODAY)
        return time.perf_counter() - started
    finally:
        site_build.copy_help_content = original


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--students", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        generate_demo(work / "school.db", students=args.students, until=TODAY, progress=False)
        conn = connect(work / "school.db", readonly=True)
        data = load_site_data(conn, TODAY)
        shots = sorted(p.name for p in screenshots_dir().glob("*.png"))
        print(f"screenshots available: {len(shots)} in {screenshots_dir()}")

        started = time.perf_counter()
        printed = print_guides(load_guides(), work / "pdf", school=dict(data.school),
                               consultations=data.consultations, admins=data.admins,
                               generated_at=stamp())
        pdf_seconds = time.perf_counter() - started
        pages = sum(len(PdfReader(p.path).pages) for p in printed)
        size = sum(p.path.stat().st_size for p in printed) / 1e6
        images = sum(p.screenshots for p in printed)
        print(f"guides PDF: {len(printed)} guides, {pages} pages, {images} screenshots, "
              f"{size:.1f} MB, {pdf_seconds:.2f} s ({pdf_seconds / pages * 1000:.0f} ms a page)")

        baseline = timed_site(conn, work / "site-base", with_help=False)
        with_help = timed_site(conn, work / "site", with_help=True)
        print(f"site without help (baseline): {baseline:.2f} s; with the help section: "
              f"{with_help:.2f} s; ratio {with_help / baseline:.2f}x")
        print(f"peak memory: {peak_mb():.0f} MB")


if __name__ == "__main__":
    main()
