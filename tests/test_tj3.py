"""Milestones on TaskJuggler's convention, compared with TaskJuggler 3 itself.

A milestone occupies no working day: it is reached at the instant its prerequisites' work
ends (and shown on that day), the project ends at the instant after the last work, so a sink
milestone never extends the plan. Dates of small networks must equal tj3's.

Skipped when tj3 is not installed; CI installs it (Debian package ``tj3``) and sets
``EGOVKIT_REQUIRE_TJ3`` so the comparison cannot silently skip there.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import make_workspace, measure_model

from egovkit.plan.schedule import build_plan

TJ3 = shutil.which("tj3")
REQUIRED = bool(os.environ.get("EGOVKIT_REQUIRE_TJ3"))
pytestmark = pytest.mark.skipif(
    TJ3 is None and not REQUIRED, reason="tj3 not found: apt-get install tj3"
)
MON = dt.date(2024, 1, 8)

# (id, working days, prerequisites)
NETWORKS = {
    "sink-milestone-parallel-equal": [("A", 5, ()), ("M", 0, ("A",)), ("B", 5, ())],
    "sink-milestone-parallel-longer": [("A", 5, ()), ("M", 0, ("A",)), ("B", 6, ())],
    "milestone-between": [("A", 3, ()), ("M", 0, ("A",)), ("C", 2, ("M",))],
    "milestone-chain": [("A", 2, ()), ("M", 0, ("A",)), ("N", 0, ("M",)), ("C", 1, ("N",))],
    "start-milestone": [("S", 0, ()), ("A", 4, ("S",)), ("E", 0, ("A",))],
    "join": [("A", 2, ()), ("B", 4, ()), ("M", 0, ("A", "B")), ("C", 3, ("M",))],
}


def test_tj3_is_installed() -> None:
    assert TJ3 is not None, "tj3 is required here: apt-get install tj3"


def tj3_dates(network, tmp_path: Path) -> dict[str, tuple[dt.date, dt.date]]:
    tasks = []
    for ident, days, deps in network:
        body = [f"depends {', '.join(deps)}"] if deps else [f"start {MON.isoformat()}"]
        body.append("milestone" if days == 0 else f"length {days}d")
        tasks.append(f'task {ident} "{ident}" {{ {" ".join(body)} }}')
    project = f"""project p "P" {MON.isoformat()} +3m {{
  timezone "UTC"
  timeformat "%Y-%m-%d %H:%M"
}}
{chr(10).join(tasks)}
taskreport "out" {{ formats csv columns id, start, end }}
"""
    (tmp_path / "p.tjp").write_text(project, "utf-8")
    subprocess.run([TJ3, "--silent", "p.tjp"], cwd=tmp_path, check=True, timeout=120)
    with open(tmp_path / "out.csv", encoding="utf-8") as handle:
        rows = list(csv.reader(handle, delimiter=";"))[1:]
    milestones = {ident for ident, days, _ in network if days == 0}
    out = {}
    for ident, start, end in rows:
        first = dt.datetime.fromisoformat(start)
        day = first.date()
        if ident not in milestones and first.hour >= 17:
            # tj3 starts a successor at the instant its predecessor ends (17:00); its work
            # begins on the next working day, which is the date egovkit shows
            day += dt.timedelta(days=1)
            while day.weekday() >= 5:
                day += dt.timedelta(days=1)
        out[ident] = (day, dt.datetime.fromisoformat(end).date())
    return out


@pytest.mark.parametrize("name", sorted(NETWORKS))
def test_dates_equal_taskjugglers(name: str, tmp_path: Path) -> None:
    network = NETWORKS[name]
    measures = [measure_model(i, f"{d} days", depends_on=list(p)) for i, d, p in network]
    plan = build_plan(make_workspace(measures), today=MON)
    ours = {m.id: (m.start, m.finish) for m in plan.measures}
    assert ours == tj3_dates(network, tmp_path)
    work = [m.finish for m in plan.measures if not m.milestone]
    assert plan.finish == max(work)  # the plan ends with its last work, never later
