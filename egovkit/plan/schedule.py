"""Critical-path schedule of the measures on working days → :class:`~egovkit.plan.result.Plan`.

The algorithm (docs/scheduling.md) runs in named phases over one :class:`Net` (the measures,
their order and calendar) and one :class:`Times` (working-day indexes as they are decided):

1. ``place_started``: done and in-progress measures keep their actual dates;
2. ``occupy_units``: they occupy their units' capacity first;
3. ``place_waiting``: serial schedule generation in the stable order, with levelling;
4. ``_backward_pass``: latest starts and finishes, slack and criticality;
5. ``_driving_chains`` and ``_critical_path``: why each measure starts when it does;
6. ``_scheduled``: the result record of each measure.
"""

from __future__ import annotations

import datetime as dt

from egovkit.load.workspace import Workspace
from egovkit.model import Measure, Obligation, Status
from egovkit.model.deadlines import deadline_of, legal_deadline_of
from egovkit.plan.deadlines import applicable, judge, slip
from egovkit.plan.graph import build_graph, stable_order, waves
from egovkit.plan.net import WAITING, Net, Times, released
from egovkit.plan.placement import occupy_units, place_started, place_waiting, place_windows
from egovkit.plan.result import (
    CalendarInfo,
    DrivingChain,
    Plan,
    ScheduledMeasure,
    chain_text,
)
from egovkit.plan.workdays import WEEKDAYS, calendar_for, working_days

__all__ = [
    "CalendarInfo", "DrivingChain", "Plan", "ScheduledMeasure", "build_plan", "chain_text",
    "order_key",
]  # fmt: skip

OBLIGATION_RANK = {Obligation.required: 0, Obligation.standard: 1, Obligation.voluntary: 2}


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


def build_plan(ws: Workspace, today: dt.date | None = None) -> Plan:
    """Schedule every measure that is not cancelled. Precondition: the workspace checks
    without errors (no cycles, no unknown references)."""
    if ws.strategy is None:
        raise ValueError("cannot schedule without strategy.yaml")
    net = _prepare(ws, today)
    t = Times()
    place_started(net, t)
    place_windows(net, t)
    loads = occupy_units(net, t)
    place_waiting(net, t, loads)
    project_end = _backward_pass(net, t)
    chains = _driving_chains(net, t)
    path = _critical_path(net, t, project_end)
    out = [_scheduled(net, t, i, n, chains[i]) for n, i in enumerate(net.order)]
    return _plan(net, today, out, path, _last_work_day(net, out))


def _prepare(ws: Workspace, today: dt.date | None) -> Net:
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
    windows = {
        i: (cal.index_on_or_after(m.period.first), cal.index_on_or_before(m.period.last) + 1)
        for i, m in active.items()
        if m.period is not None
    }
    length = {
        i: working_days(m.duration)
        if m.duration is not None
        else max(0, windows[i][1] - windows[i][0])
        for i, m in active.items()
    }
    return Net(
        ws=ws,
        cal=cal,
        status_date=status_date,
        status_i=cal.index_on_or_after(status_date),
        active=active,
        graph=graph,
        order=order,
        preds={i: sorted(graph.predecessors(i), key=pos.__getitem__) for i in order},
        length=length,
        deadlines=deadlines,
        waves=waves(graph, order),
        windows=windows,
        fixed={i for i, m in active.items() if m.duration is None and m.status in WAITING},
    )


def _backward_pass(net: Net, t: Times) -> int:
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
    linked = net.graph.number_of_edges() > 0  # no finish-to-start links: no critical path
    for i in net.order:
        done = net.active[i].status is Status.done
        t.slack[i] = 0 if done else t.late_end[i] - t.end[i]
        t.critical[i] = linked and t.slack[i] == 0 and not done and not _pinned(net, i)
    return project_end


def _pinned(net: Net, i: str) -> bool:
    """Placed by its period (planned, or in progress counting results): nothing moves it,
    so it is never critical."""
    m = net.active[i]
    return i in net.fixed or (
        m.period is not None and m.status is Status.in_progress and not m.progress_means_time
    )


def _driver(net: Net, t: Times, i: str, only_critical: bool) -> str | None:
    """The prerequisite whose finish sets ``i``'s start (the first in stable order)."""
    if not net.waiting(i):
        return None
    tight = (
        p for p in net.preds[i] if t.end[p] == t.start[i] and (t.critical[p] or not only_critical)
    )
    return next(tight, None)


def _driving_chains(net: Net, t: Times) -> dict[str, DrivingChain]:
    """Phase 5a: one link per measure (linear memory)."""
    chains: dict[str, DrivingChain] = {}
    for i in net.order:
        d = _driver(net, t, i, only_critical=False)
        chains[i] = DrivingChain(i, chains[d] if d else None)
    return chains


def _critical_path(net: Net, t: Times, project_end: int) -> tuple[str, ...]:
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


def _late_dates(net: Net, t: Times, i: str) -> tuple[dt.date, dt.date]:
    m = net.active[i]
    if m.status is Status.done:
        return t.dates[i]
    cal, late_end = net.cal, t.late_end[i]
    if t.end[i] == t.start[i]:  # a milestone: the latest instant, shown like its date
        at_start = late_end == t.start[i] and not released(net, t, i)
        day = cal.date_at(late_end if at_start else late_end - 1)
        return day, day
    late_last = cal.date_at(late_end - 1)
    moving = net.length[i] if net.waiting(i) else t.remaining[i]
    return (cal.date_at(t.late_start[i]) if moving else late_last, late_last)


def _scheduled(net: Net, t: Times, i: str, order: int, chain: DrivingChain) -> ScheduledMeasure:
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
        window=(m.period.first, m.period.last) if m.period else None,
        fixed_window=i in net.fixed,
        progress_known=m.progress_known,
        progress_means_time=m.progress_means_time,
    )


def _last_work_day(net: Net, out: list[ScheduledMeasure]) -> dt.date:
    """The plan's finish: the last working day of work (a milestone takes no time and is
    shown on the day its prerequisites' work ends)."""
    return max((s.finish for s in out), default=net.ws.strategy.model.planning.start)


def _plan(
    net: Net,
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
