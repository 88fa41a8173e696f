"""The state the scheduling phases share: the network (:class:`Net`) and the decided working-day
indexes (:class:`Times`), plus the helpers every phase uses."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import networkx as nx

from egovkit.load.workspace import Workspace
from egovkit.model import Measure, Status
from egovkit.plan.workdays import Calendar

#: Not started: placed by the scheduler (unless fixed in a time window).
WAITING = (Status.planned, Status.on_hold, Status.unknown)


@dataclass
class Net:
    """What the phases read: the measures to schedule, their order and the calendar."""

    ws: Workspace
    cal: Calendar
    status_date: dt.date
    status_i: int  # index of the first working day on or after the status date
    active: dict[str, Measure]  # not cancelled
    graph: nx.DiGraph
    order: list[str]  # stable topological order
    preds: dict[str, list[str]]  # prerequisites in stable order
    length: dict[str, int]  # working days
    deadlines: dict[str, tuple[dt.date | None, str | None]]
    waves: dict[str, int]  # 0 = no prerequisites; else 1 + the latest prerequisite's wave
    windows: dict[str, tuple[int, int]]  # period of a measure as [first, end) indexes
    fixed: set[str]  # waiting measures placed in their period, never moved

    def waiting(self, i: str) -> bool:
        """Not started and placed by the scheduler (so it can move and be critical)."""
        return self.active[i].status in WAITING and i not in self.fixed


@dataclass
class Times:
    """What the phases decide, as working-day indexes (``end`` is exclusive)."""

    start: dict[str, int] = field(default_factory=dict)
    end: dict[str, int] = field(default_factory=dict)  # successors may start here
    remaining: dict[str, int] = field(default_factory=dict)
    dates: dict[str, tuple[dt.date, dt.date]] = field(default_factory=dict)
    delay: dict[str, int] = field(default_factory=dict)  # capacity levelling
    late_start: dict[str, int] = field(default_factory=dict)
    late_end: dict[str, int] = field(default_factory=dict)
    slack: dict[str, int] = field(default_factory=dict)
    critical: dict[str, bool] = field(default_factory=dict)


def earliest(net: Net, m: Measure, end: dict[str, int]) -> int:
    es = max((end[p] for p in net.preds[m.id] if p in end), default=0)
    if m.not_before is not None:
        es = max(es, net.cal.index_on_or_after(m.not_before))
    return max(es, 0)


def released(net: Net, t: Times, i: str) -> bool:
    """Whether milestone ``i`` is reached when work ends (shown on that work's last day, like
    TaskJuggler does) rather than at the start of a day (its own date, a milestone that is
    itself not released, ``not_before`` or the status date): every prerequisite that ends
    where it starts must be work or a released milestone."""
    s, m = t.start[i], net.active[i]
    ending = [p for p in net.preds[i] if t.end.get(p) == s]
    if s <= 0 or not ending:
        return False
    if m.not_before is not None and net.cal.index_on_or_after(m.not_before) == s:
        return False
    return all(t.start[p] < t.end[p] or released(net, t, p) for p in ending)


def computed_dates(net: Net, t: Times, i: str) -> tuple[dt.date, dt.date]:
    s, e = t.start[i], t.end[i]
    if s == e:  # a milestone takes no time: the instant after its prerequisites' work
        day = net.cal.date_at(s - 1 if released(net, t, i) else s)
        return day, day
    return net.cal.date_at(s), net.cal.date_at(e - 1)
