"""The whole school's print with the code before a change and with this tree, at equal output
(issue 17): rounds interleaved, each run in its own process tree, then every edition's page
count and `pdftotext -layout` text compared between the two."""

from __future__ import annotations

import io
import json
import sqlite3
import statistics
import subprocess
import sys
import tarfile
from pathlib import Path

from measure import adopt_orphans, run_accounted

ROOT = Path(__file__).resolve().parent.parent


def baseline_tree(ref: str, into: Path) -> Path:
    """The files of commit `ref` (git archive), to print with the code before the change."""
    archive = subprocess.run(["git", "archive", ref], cwd=ROOT, capture_output=True, check=True)
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(into, filter="data")
    return into


def print_school(tree: Path, db: Path, key: Path, out: Path) -> dict:
    """The whole school printed by `tree`'s code on a fresh copy of `db`: CPU and wall of the
    whole process tree, sheets, and peak memory of the printing and the render processes."""
    copy = out.with_suffix(".db")
    with sqlite3.connect(db) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    out.mkdir(parents=True)
    stdout, figures = run_accounted([sys.executable, str(ROOT / "bench" / "print_school.py"),
                                     str(tree), str(copy), str(key), str(out)])
    copy.unlink()
    return {**figures, **json.loads(stdout.strip().splitlines()[-1])}


def editions(out: Path) -> dict[str, Path]:
    """The PDFs printed under `out`, by their name."""
    return {pdf.name: pdf for pdf in sorted(out.rglob("*.pdf"))}


def pdf_pages(pdf: Path) -> int:
    """Page count of a PDF (pdfinfo)."""
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return next(int(line.split()[1]) for line in info.stdout.splitlines()
                if line.startswith("Pages:"))


def pdf_layout_text(pdf: Path) -> str:
    """`pdftotext -layout` of a PDF: the text where it stands on the sheet."""
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout


def pdf_word_boxes(pdf: Path) -> list[str]:
    """Every word of a PDF with its box on its sheet (`pdftotext -bbox`)."""
    boxes = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True,
                           text=True, check=True).stdout
    return [line.strip() for line in boxes.splitlines() if "<word " in line or "<page " in line]


def differences(before: Path, after: Path) -> list[str]:
    """What differs between two prints of the same editions: missing editions, page counts,
    layout text, word positions; empty when the output is equal."""
    old, new = editions(before), editions(after)
    found = [f"{name}: only in one of the two" for name in sorted(set(old) ^ set(new))]
    for name in sorted(set(old) & set(new)):
        if (pages := (pdf_pages(old[name]), pdf_pages(new[name])))[0] != pages[1]:
            found.append(f"{name}: {pages[0]} vs {pages[1]} sheets")
        elif pdf_layout_text(old[name]) != pdf_layout_text(new[name]):
            found.append(f"{name}: the layout text differs")
        elif pdf_word_boxes(old[name]) != pdf_word_boxes(new[name]):
            found.append(f"{name}: a word stands elsewhere")
    return found


def compare_school(ref: str, db: Path, key: Path, work: Path, rounds: int) -> dict:
    """`rounds` interleaved rounds of the whole school's print, before (`ref`) and after (this
    tree), alternating which goes first; the figures of each and the output differences."""
    adopt_orphans()
    before_tree = baseline_tree(ref, work / "baseline")
    runs: dict[str, list[dict]] = {"before": [], "after": []}
    trees = {"before": before_tree, "after": ROOT}
    diffs: list[str] = []
    for number in range(rounds):
        order = ("before", "after") if number % 2 == 0 else ("after", "before")
        for name in order:
            runs[name].append(print_school(trees[name], db, key, work / f"{name}{number}"))
        diffs += differences(work / f"before{number}", work / f"after{number}")
    return {"runs": runs, "differences": sorted(set(diffs)),
            "editions": len(editions(work / "after0"))}


def spread(runs: list[dict], key: str) -> str:
    """'min–median' of one figure over the rounds."""
    values = [run[key] for run in runs]
    return f"{min(values):.1f}–{statistics.median(values):.1f}"
