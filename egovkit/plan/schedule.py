"""Critical-path schedule of the measures on working days → :class:`~egovkit.plan.result.Plan`.

The algorithm (docs/scheduling.md) runs in named phases over one :class:`_Net` (the measures,
their order and calendar) and one :class:`_Times` (working-day indexes as they are decided):

1. ``_place_started``: done and in-progress measures keep their actual dates;
2. ``_occupy_units``: they occupy their units' capacity first;
3. ``_place_waiting``: serial schedule generation in the stable order, with levelling;
4. ``_backward_pass``: latest starts and finishes, slack and criticality;
5. ``_driving_chains`` and ``_critical_path``: why each measure starts when it does;
6. ``_scheduled``: the result record of each measure.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import networkx as nx

from egovkit.load.workspace import Workspace
from egovkit.model import Measure, Obligation, Status
from egovkit.model.deadlines import deadline_of, legal_deadline_of
from egovkit.plan.deadlines import applicable, judge, slip
from egovkit.plan.graph import build_graph, stable_order, waves
from egovkit.plan.levelling import UnitLoad
from egovkit.plan.result import (
    CalendarInfo,
    DrivingChain,
    Plan,
    ScheduledMeasure,
    chain_text,
)
from egovkit.plan.workdays import WEEKDAYS, Calendar, calendar_for, working_days

__all__ = [
    "CalendarInfo", "DrivingChain", "Plan", "ScheduledMeasure", "build_plan", "chain_text",
    "order_key",
]  # fmt: skip

OBLIGATION_RANK = {Obligation.required: 0, Obligation.standard: 1, Obligation.voluntary: 2}
_WAITING = (Status.planned, Status.on_hold)  # not started: placed by the scheduler


def order_key(measure: Measure, deadline: dt.date | None) -> tuple:
    """Tie-break among measures that are ready at the same time in the topological order:
    obligation (required first), effective deadline (earlier first, none last), priority
    (high first), id."""
    return (
        OBLIGATION_RANK[measure.obligation],
        deadline is None,
        deadline or dt.date.min,
        measure.priority.rank,
        measure.id,
    )


@dataclass
class _Net:
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

    def waiting(self, i: str) -> bool:
        return self.active[i].status in _WAITING


@dataclass
class _Times:
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


def build_plan(ws: Workspace, today: dt.date | None = None) -> Plan:
    """Schedule every measure that is not cancelled. Precondition: the workspace checks
    without errors (no cycles, no unknown references)."""
    if ws.strategy is None:
        raise ValueError("cannot schedule without strategy.yaml")
    net = _prepare(ws, today)
    t = _Times()
    _place_started(net, t)
    loads = _occupy_units(net, t)
    _place_waiting(net, t, loads)
    project_end = _backward_pass(net, t)
    chains = _driving_chains(net, t)
    path = _critical_path(net, t, project_end)
    out = [_scheduled(net, t, i, n, chains[i]) for n, i in enumerate(net.order)]
    return _plan(net, today, out, path, _last_work_day(net, out))


def _prepare(ws: Workspace, today: dt.date | None) -> _Net:
    strategy = ws.strategy.model
    cal = calendar_for(strategy)
    status_date = today or strategy.planning.status_date or dt.date.today()
    active = {
        item.model.id: item.model
        for item in ws.measure_by_id.values()
        if item.model.status is not Status.cancelled
    }
    legal = ws.legal_by_id
    deadlines = {i: deadline_of(m, legal) for i, m in active.items()}
    graph = build_graph(active.values())
    order = stable_order(graph, key=lambda i: order_key(active[i], deadlines[i][0]))
    pos = {ident: n for n, ident in enumerate(order)}
    return _Net(
        ws=ws,
        cal=cal,
        status_date=status_date,
        status_i=cal.index_on_or_after(status_date),
        active=active,
        graph=graph,
        order=order,
        preds={i: sorted(graph.predecessors(i), key=pos.__getitem__) for i in order},
        length={i: working_days(m.duration) for i, m in active.items()},
        deadlines=deadlines,
        waves=waves(graph),
    )


def _earliest(net: _Net, m: Measure, end: dict[str, int]) -> int:
    es = max((end[p] for p in net.preds[m.id] if p in end), default=0)
    if m.not_before is not None:
        es = max(es, net.cal.index_on_or_after(m.not_before))
    return max(es, 0)


def _released(net: _Net, t: _Times, i: str) -> bool:
    """Whether milestone ``i`` is reached when some work ends (a prerequisite with work, or a
    milestone reached that way, releases it at its start): then it is shown on the last
    working day of that work, like TaskJuggler does; otherwise on the day it starts."""
    s = t.start[i]
    return s > 0 and any(
        t.end.get(p) == s and (t.start[p] < t.end[p] or _released(net, t, p)) for p in net.preds[i]
    )


def _computed_dates(net: _Net, t: _Times, i: str) -> tuple[dt.date, dt.date]:
    s, e = t.start[i], t.end[i]
    if s == e:  # a milestone takes no time: the instant after its prerequisites' work
        day = net.cal.date_at(s - 1 if _released(net, t, i) else s)
        return day, day
    return net.cal.date_at(s), net.cal.date_at(e - 1)


def _place_started(net: _Net, t: _Times) -> None:
    """Phase 1: measures that started keep their dates and ignore their prerequisites."""
    cal, status_i = net.cal, net.status_i
    for i in net.order:
        m, n = net.active[i], net.length[i]
        if m.status is Status.done:
            if m.started and m.finished:
                s = cal.index_on_or_after(m.started)
                e = max(s, cal.index_on_or_before(m.finished) + 1)
            elif m.finished:
                e = cal.index_on_or_before(m.finished) + 1
                s = e - n
            else:
                s = cal.index_on_or_after(m.started) if m.started else _earliest(net, m, t.end)
                e = s + n
            t.start[i], t.end[i], t.remaining[i] = s, e, 0
            fallback = _computed_dates(net, t, i)
            t.dates[i] = (m.started or fallback[0], m.finished or fallback[1])
        elif m.status is Status.in_progress:
            s = cal.index_on_or_after(m.started) if m.started else status_i
            r0 = max(0, status_i, s)
            rest = (n * (100 - m.progress) + 99) // 100
            if n == 0:  # a milestone in progress is reached at the status date
                t.start[i] = t.end[i] = r0
            elif rest:
                t.start[i], t.end[i] = s, r0 + rest
            else:  # finished at the status date, only the status is not updated yet
                t.start[i], t.end[i] = s, max(r0 - 1, s) + 1
            t.remaining[i] = rest
            computed = _computed_dates(net, t, i)
            t.dates[i] = (m.started or computed[0], computed[1])


def _occupy_units(net: _Net, t: _Times) -> dict[str, UnitLoad]:
    """Phase 2: started measures occupy their units first and are never moved."""
    org = net.ws.organization
    capacity = {u.id: u.capacity for u in org.model.units if u.capacity} if org else {}
    loads = {unit: UnitLoad(cap) for unit, cap in capacity.items()}
    for i in net.order:
        owner = net.active[i].owner
        if i in t.start and owner in loads:
            loads[owner].add(t.start[i], t.end[i])
    return loads


def _place_waiting(net: _Net, t: _Times, loads: dict[str, UnitLoad]) -> None:
    """Phase 3: serial schedule generation in the stable order for everything not started."""
    for i in net.order:
        m, n = net.active[i], net.length[i]
        if m.status not in _WAITING:
            continue
        es = max(_earliest(net, m, t.end), net.status_i)
        s = es
        if n and m.owner in loads:
            s = loads[m.owner].earliest(es, n)
            loads[m.owner].add(s, s + n)
        t.start[i], t.end[i], t.delay[i], t.remaining[i] = s, s + n, s - es, n
        t.dates[i] = _computed_dates(net, t, i)


def _backward_pass(net: _Net, t: _Times) -> int:
    """Phase 4: latest times on the (levelled) starts; only waiting measures constrain their
    predecessors. Returns the project end: the index just after the last working day of
    work (a milestone occupies no working day, so a milestone at the end never extends it;
    TaskJuggler's convention)."""
    project_end = max(t.end.values(), default=0)
    for i in reversed(net.order):
        t.late_end[i] = min(
            (t.late_start[x] for x in net.graph.successors(i) if net.waiting(x)),
            default=project_end,
        )
        moving = net.length[i] if net.waiting(i) else t.remaining[i]
        t.late_start[i] = t.late_end[i] - moving
    for i in net.order:
        done = net.active[i].status is Status.done
        t.slack[i] = 0 if done else t.late_end[i] - t.end[i]
        t.critical[i] = t.slack[i] == 0 and not done
    return project_end


def _driver(net: _Net, t: _Times, i: str, only_critical: bool) -> str | None:
    """The prerequisite whose finish sets ``i``'s start (the first in stable order)."""
    if not net.waiting(i):
        return None
    tight = (
        p for p in net.preds[i] if t.end[p] == t.start[i] and (t.critical[p] or not only_critical)
    )
    return next(tight, None)


def _driving_chains(net: _Net, t: _Times) -> dict[str, DrivingChain]:
    """Phase 5a: one link per measure (linear memory)."""
    chains: dict[str, DrivingChain] = {}
    for i in net.order:
        d = _driver(net, t, i, only_critical=False)
        chains[i] = DrivingChain(i, chains[d] if d else None)
    return chains


def _critical_path(net: _Net, t: _Times, project_end: int) -> tuple[str, ...]:
    """Phase 5b: one chain of critical measures, from the first that ends the project back
    along critical drivers."""
    ends = [
        i
        for i in net.order
        if t.critical[i]
        and t.end[i] == project_end
        and not any(
            t.critical[x] and net.waiting(x) and t.start[x] == t.end[i]
            for x in net.graph.successors(i)
        )
    ]
    path: list[str] = []
    node = ends[0] if ends else None
    while node is not None:
        path.append(node)
        node = _driver(net, t, node, only_critical=True)
    return tuple(reversed(path))


def _late_dates(net: _Net, t: _Times, i: str) -> tuple[dt.date, dt.date]:
    m = net.active[i]
    if m.status is Status.done:
        return t.dates[i]
    cal, late_end = net.cal, t.late_end[i]
    if t.end[i] == t.start[i]:  # a milestone: the latest instant, shown like its date
        at_start = late_end == t.start[i] and not _released(net, t, i)
        day = cal.date_at(late_end if at_start else late_end - 1)
        return day, day
    late_last = cal.date_at(late_end - 1)
    moving = net.length[i] if net.waiting(i) else t.remaining[i]
    return (cal.date_at(t.late_start[i]) if moving else late_last, late_last)


def _scheduled(net: _Net, t: _Times, i: str, order: int, chain: DrivingChain) -> ScheduledMeasure:
    """Phase 6: the result record of measure ``i``."""
    m = net.active[i]
    first, last = t.dates[i]
    deadline, source = net.deadlines[i]
    legal_deadline, legal_source = legal_deadline_of(m, net.ws.legal_by_id)
    late = _late_dates(net, t, i)
    preds = set(net.preds[i])
    return ScheduledMeasure(
        id=i,
        title=m.title,
        field=m.field,
        obligation=m.obligation,
        priority=m.priority.value,
        status=m.status,
        progress=m.progress,
        owner=m.owner,
        depends_on=tuple(d for d in dict.fromkeys(m.depends_on) if d in preds),
        order=order,
        wave=net.waves[i],
        duration_days=net.length[i],
        remaining_days=t.remaining[i],
        start=first,
        finish=last,
        late_start=late[0],
        late_finish=late[1],
        slack=t.slack[i],
        critical=t.critical[i],
        milestone=net.length[i] == 0,
        fixed=m.status is Status.done,
        deadline=deadline,
        deadline_source=source,
        deadline_slip=slip(net.cal, last, deadline),
        driving_chain=chain,
        capacity_delay=t.delay.get(i, 0),
        legal_deadline=legal_deadline,
        legal_deadline_source=legal_source,
        legal_slip=slip(net.cal, last, legal_deadline),
        deadlines=judge(net.cal, m, last, net.status_date, applicable(m, net.ws.legal_by_id)),
    )


def _last_work_day(net: _Net, out: list[ScheduledMeasure]) -> dt.date:
    """The plan's finish: the last working day of work (a milestone takes no time and is
    shown on the day its prerequisites' work ends)."""
    return max((s.finish for s in out), default=net.ws.strategy.model.planning.start)


def _plan(
    net: _Net,
    today: dt.date | None,
    out: list[ScheduledMeasure],
    path: tuple[str, ...],
    finish: dt.date,
) -> Plan:
    strategy = net.ws.strategy.model
    planning = strategy.planning
    everything = [item.model for item in net.ws.measure_by_id.values()]
    return Plan(
        status_date=net.status_date,
        status_date_from="today" if today else "status_date" if planning.status_date else "clock",
        start=planning.start,
        finish=finish,
        horizon_end=strategy.horizon.end,
        calendar=CalendarInfo(
            weekdays=tuple(w for w in WEEKDAYS if w in {d.value for d in planning.workdays}),
            state=strategy.municipality.state.value,
            holidays=tuple(net.cal.holidays_between(planning.start, finish)),
            closures=tuple(sorted((c.start, c.end, c.title) for c in planning.closures)),
        ),
        measures=tuple(out),
        critical_path=path,
        cancelled=tuple(sorted(m.id for m in everything if m.status is Status.cancelled)),
    )
