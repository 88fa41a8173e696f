"""Forward placement phases of the schedule (docs/scheduling.md): started measures, time
windows, unit capacity, and serial schedule generation for everything still waiting."""

from __future__ import annotations

from egovkit.model import Status
from egovkit.plan.levelling import UnitLoad
from egovkit.plan.net import Net, Times, computed_dates, earliest


def place_started(net: Net, t: Times) -> None:
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
            elif i in net.windows and not m.started:
                s, e = net.windows[i]
            else:
                s = cal.index_on_or_after(m.started) if m.started else earliest(net, m, t.end)
                e = s + n
            t.start[i], t.end[i], t.remaining[i] = s, e, 0
            fallback = computed_dates(net, t, i)
            t.dates[i] = (m.started or fallback[0], m.finished or fallback[1])
        elif m.status is Status.in_progress and not m.progress_means_time:
            place_by_results(net, t, i)
        elif m.status is Status.in_progress:
            default = net.windows[i][0] if i in net.windows else status_i
            s = cal.index_on_or_after(m.started) if m.started else default
            r0 = max(0, status_i, s)
            rest = (n * (100 - m.progress) + 99) // 100
            if n == 0:  # a milestone in progress is reached at the status date
                t.start[i] = t.end[i] = r0
            elif rest:
                t.start[i], t.end[i] = s, r0 + rest
            else:  # finished at the status date, only the status is not updated yet
                t.start[i], t.end[i] = s, max(r0 - 1, s) + 1
            t.remaining[i] = rest
            computed = computed_dates(net, t, i)
            t.dates[i] = (m.started or computed[0], computed[1])


def place_by_results(net: Net, t: Times, i: str) -> None:
    """A measure in progress whose ``progress`` counts results, not time: it keeps its
    planned period (or start + duration), extended to the status date if that is later."""
    m, cal = net.active[i], net.cal
    first, end = net.windows.get(i, (net.status_i, net.status_i + net.length[i]))
    s = cal.index_on_or_after(m.started) if m.started else first
    if i not in net.windows:
        end = s + net.length[i]
    end = max(end, net.status_i, s + 1)
    t.start[i], t.end[i] = s, end
    t.remaining[i] = max(0, end - max(s, net.status_i))
    t.dates[i] = (m.started or cal.date_at(s), cal.date_at(end - 1))


def place_windows(net: Net, t: Times) -> None:
    """Phase 1b: measures planned by a period alone are placed in it, like a fixed-date
    task; prerequisites are checked against it (D005), never used to move it."""
    for i in net.order:
        if i in net.fixed:
            s, e = net.windows[i]
            t.start[i], t.end[i], t.remaining[i] = s, max(e, s), max(0, e - s)
            t.dates[i] = computed_dates(net, t, i)


def occupy_units(net: Net, t: Times) -> dict[str, UnitLoad]:
    """Phase 2: started measures occupy their units first and are never moved."""
    org = net.ws.organization
    capacity = {u.id: u.capacity for u in org.model.units if u.capacity} if org else {}
    loads = {unit: UnitLoad(cap) for unit, cap in capacity.items()}
    for i in net.order:
        owner = net.active[i].owner
        if i in t.start and owner in loads:
            loads[owner].add(t.start[i], t.end[i])
    return loads


def place_waiting(net: Net, t: Times, loads: dict[str, UnitLoad]) -> None:
    """Phase 3: serial schedule generation in the stable order for everything not started."""
    for i in net.order:
        m, n = net.active[i], net.length[i]
        if not net.waiting(i):
            continue
        es = max(earliest(net, m, t.end), net.status_i)
        s = es
        if n and m.owner in loads:
            s = loads[m.owner].earliest(es, n)
            loads[m.owner].add(s, s + n)
        t.start[i], t.end[i], t.delay[i], t.remaining[i] = s, s + n, s - es, n
        t.dates[i] = computed_dates(net, t, i)
