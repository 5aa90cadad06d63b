"""Write the district rollup, from the schools' databases or from their replicas."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from ejsync.district.config import District
from ejsync.district.rollup import SchoolSource, district_rollup
from ejsync.district.run import district_storage
from ejsync.district.storage import school_settings
from ejsync.files import write_durably
from ejsync.replica.restore import restore_from_replica
from ejsync.reports.output import to_csv, to_html


def write_district_report(district: District, out: Path, *, as_of: str | None,
                          period: str | None, from_replicas: bool,
                          say: Callable[[str], None]) -> tuple[Path, Path]:
    """district.html and district.csv in `out`."""
    with tempfile.TemporaryDirectory(prefix="ejsync-district-") as work:
        if from_replicas:
            with district_storage(district):
                sources = [SchoolSource(e.key, restore_from_replica(
                    school_settings(e), Path(work) / f"{e.key}.db", at=None, force=False,
                    say=say).target) for e in district.schools]
            origin = "копии школ в хранилище"
        else:
            sources = [SchoolSource(e.key, e.db) for e in district.schools]
            origin = "базы школ"
        report = district_rollup(district.name, sources, as_of=as_of, period=period,
                                 origin=origin)
    html, csv = out / "district.html", out / "district.csv"
    write_durably(html, to_html(report).encode())
    write_durably(csv, to_csv(report).encode("utf-8"))
    return html, csv
