"""Small measuring helpers shared by the benchmarks."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import tempfile
import time
from pathlib import Path


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank) of `values`; NaN when empty."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def peak_rss_mb(pid: int) -> float:
    """Peak resident memory (VmHWM) of a running process, in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time the process `pid` has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def agent_caught_up(db: Path) -> bool:
    """Whether the agent's cursor has reached the newest change (pages built, checks done)."""
    conn = sqlite3.connect(db)
    try:
        cursor = conn.execute("SELECT change_id FROM cursors WHERE name = 'agent'").fetchone()
        last = conn.execute("SELECT MAX(id) FROM changes").fetchone()[0]
    finally:
        conn.close()
    return cursor is not None and cursor[0] >= last


def tree_pids(pid: int) -> list[int]:
    """`pid` and all its descendants (e.g. a server and its worker processes)."""
    found = [pid]
    for task in Path(f"/proc/{pid}/task").iterdir():
        children = (task / "children").read_text().split() if (task / "children").exists() else []
        for child in children:
            found += tree_pids(int(child))
    return found


def tree_cpu_seconds(pid: int) -> float:
    """CPU time of `pid` and all its descendants."""
    return sum(cpu_seconds(p) for p in tree_pids(pid))


PR_SET_CHILD_SUBREAPER = 36


def adopt_orphans() -> None:
    """Make this process the reaper of its orphaned descendants (Linux): a fork server that
    outlives its parent is then waited for here, and its CPU and memory counted."""
    import ctypes

    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)


def run_accounted(command: list[str]) -> tuple[str, dict]:
    """Run `command` and every process it starts to the end: its stdout, and the wall seconds,
    CPU seconds (user + system) and peak RSS in MB of the largest single process of the tree.
    Call adopt_orphans() once before."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(command, stdout=out, stderr=err, text=True)
        usages = [os.wait4(proc.pid, 0)]
        while True:  # what it left behind (a fork server) was adopted: wait for it too
            try:
                usages.append(os.wait4(-1, 0))
            except ChildProcessError:
                break
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(usages[0][1])
        out.seek(0)
        err.seek(0)
        if proc.returncode:
            raise RuntimeError(f"{' '.join(command[:3])} failed: {err.read()[-2000:]}")
        cpu = sum(usage.ru_utime + usage.ru_stime for _, _, usage in usages)
        peak = max(usage.ru_maxrss for _, _, usage in usages) / 1024
        return out.read(), {"wall_s": wall, "cpu_s": cpu, "peak_mb": peak}
