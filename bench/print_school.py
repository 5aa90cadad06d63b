"""Print the whole school's journals (Q2 for grades 1–9, H1 for 10–11) as the agent prints them,
with the code of a given source tree (this one, or the code before a change):

    python bench/print_school.py TREE DB KEY OUT

Prints one JSON line: sheets, editions, and the peak RSS of this process and of its largest
render process (its children: the render workers of either version). A child's peak is its
VmHWM, sampled every 20 ms: its ru_maxrss would count the parent's memory it was started from."""

from __future__ import annotations

import json
import os
import resource
import sys
import threading
from datetime import datetime
from datetime import time as clock_time
from pathlib import Path

from measure import peak_rss_mb, tree_pids

PERIOD = "Q2"          # grades 1-9
SENIOR_PERIOD = "H1"   # grades 10-11, ending the same day


def agent_run(conn, period) -> datetime:
    """The instant the agent prints `period`: 18:00 school time on its penultimate day."""
    from ejsync.printing.calendar import penultimate_day
    from ejsync.store.clock import school_timezone

    return datetime.combine(penultimate_day(period), clock_time(18), tzinfo=school_timezone(conn))


def print_school(db: Path, key: Path, out: Path) -> dict:
    """Every class journal of both periods, as of the agent's run; their sheets and count."""
    from ejsync.printing import jobs
    from ejsync.printing.calendar import period_by_code
    from ejsync.printing.signing import load_signer
    from ejsync.store import connect

    signer = load_signer(key)
    conn = connect(db)
    as_of = agent_run(conn, period_by_code(conn, PERIOD))
    editions = [edition for code in (PERIOD, SENIOR_PERIOD)
                for edition in jobs.print_journals(conn, period_code=code, out=out,
                                                   signer=signer, as_of=as_of)]
    return {"pages": sum(e.pages for e in editions), "editions": len(editions)}


class ChildPeaks(threading.Thread):
    """The largest VmHWM of any descendant of this process, sampled until stopped."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak_mb = 0.0
        self.stopped = threading.Event()

    def run(self) -> None:
        own = Path("/proc/self/cmdline").read_bytes()
        while not self.stopped.wait(0.02):
            try:
                for pid in tree_pids(os.getpid())[1:]:
                    # not yet the worker's own program: still this process's memory
                    if Path(f"/proc/{pid}/cmdline").read_bytes() != own:
                        self.peak_mb = max(self.peak_mb, peak_rss_mb(pid))
            except OSError:  # one ended meanwhile
                pass


def main() -> int:
    tree, db, key, out = (Path(arg) for arg in sys.argv[1:5])
    sys.path.insert(0, str(tree.resolve()))
    children = ChildPeaks()
    children.start()
    figures = print_school(db, key, out)
    children.stopped.set()
    children.join()
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({**figures, "main_mb": own, "render_mb": children.peak_mb}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
