"""D003: the schedule leaves the span of dates egovkit plans with, and what pushed it there."""

from __future__ import annotations

import datetime as dt

from egovkit.diagnostics.codes import finding
from egovkit.diagnostics.record import Diagnostic, Location
from egovkit.load.workspace import Workspace
from egovkit.model import Status
from egovkit.model.types import MAX_DATE
from egovkit.plan.result import Plan, ScheduledMeasure
from egovkit.plan.workdays import working_days


def out_of_range(ws: Workspace, plan: Plan) -> list[Diagnostic]:
    """D003 when the schedule finishes after ``MAX_DATE`` (renderers and exports stop there)."""
    return [_out_of_range(ws, "", plan)] if plan.finish > MAX_DATE else []


def calendar_overflow(ws: Workspace, reason: str) -> Diagnostic:
    """D003 when the schedule could not be computed at all: it ran past the year 9999."""
    return _out_of_range(ws, reason)


def _out_of_range(ws: Workspace, reason: str, plan: Plan | None = None) -> Diagnostic:
    """D003: the schedule leaves the dates egovkit plans with (after ``MAX_DATE``).

    With a ``plan``, point at what pushes the first measure past the end: a late date that
    holds back its driving chain (``not_before``, ``started``, ``finished``, the status date,
    ``planning.start``), a closure, or else the longest measure of the chain. Without one
    (the calendar ran past the year 9999, which only durations add up to), point at the
    longest measure.
    """
    if plan is None:
        longest = max(
            ws.measures,
            key=lambda i: working_days(i.model.duration) if i.model.duration else 0,
            default=None,
        )
        location = longest.source.value("duration") if longest else ws.strategy.source.value()
        return finding(
            "D003",
            f"cannot schedule: {reason}; check the durations (the longest measure is "
            f"'{longest.model.id if longest else '-'}')",
            location,
        )
    scheduled = plan.by_id()
    late = min((m for m in plan.measures if m.finish > MAX_DATE), key=lambda m: (m.finish, m.order))
    chain = [scheduled[i] for i in late.driving_chain]
    head = chain[0]
    prefix = (
        f"cannot schedule: '{late.id}' would finish on {_iso(late.finish)}, after "
        f"{_iso(MAX_DATE)}, the last day egovkit plans with"
    )
    day, what, location, lateness = _holding_date(ws, plan, head)
    closures = ws.strategy.model.planning.closures
    lost = [_overlap(c.start, c.end, day, late.finish) for c in closures]
    worst = max(range(len(lost)), key=lost.__getitem__, default=None)
    closed = lost[worst] if worst is not None else 0
    work = (late.finish - day).days + 1 - closed
    longest = max(chain, key=lambda m: m.duration_days)  # the first of equals
    if (lateness > 0 and lateness >= max(work, closed)) or (
        closed <= work and not longest.duration_days  # only days off after a late date
    ):
        message = f"{prefix}; it cannot start before {_iso(day)} ({what}); check that date"
        return finding("D003", message, location)
    if closed > work:
        c = closures[worst]
        message = (
            f"{prefix}; the closure '{c.title}' ({_iso(c.start)} to {_iso(c.end)}) stops all work "
            f"for {closed:,} days of it; check the closure"
        )
        return finding("D003", message, ws.strategy.source.value("planning", "closures", worst))
    message = f"{prefix}; check the durations: the longest measure"
    if len(chain) > 1:
        message += f" of its driving chain ({len(chain)} measures from '{head.id}')"
    message += f" is '{longest.id}' ({longest.duration_days} working days)"
    if head.capacity_delay and head.owner:
        message += (
            f"; '{head.id}' waits {head.capacity_delay} working days for capacity of unit "
            f"'{head.owner}'"
        )
    return finding("D003", message, ws.measure_by_id[longest.id].source.value("duration"))


def _holding_date(
    ws: Workspace, plan: Plan, head: ScheduledMeasure
) -> tuple[dt.date, str, Location, int]:
    """The latest date that holds back ``head`` (the start of a driving chain): the date, its
    name, where it is written, and how many days it lies after where plans normally start."""
    strategy, src = ws.strategy.model, ws.strategy.source
    item = ws.measure_by_id[head.id]
    m = item.model
    start = strategy.planning.start
    found: list[tuple[dt.date, str, Location, dt.date]] = []  # date, name, where, baseline
    if m.status is Status.done:
        if m.started:
            found.append((m.started, f"started of '{m.id}'", item.source.value("started"), start))
        elif m.finished:
            location = item.source.value("finished")
            found.append((m.finished, f"finished of '{m.id}'", location, start))
    else:
        if m.status is Status.in_progress and m.started:
            found.append((m.started, f"started of '{m.id}'", item.source.value("started"), start))
        if m.status is not Status.in_progress and m.not_before:
            location = item.source.value("not_before")
            found.append((m.not_before, f"not_before of '{m.id}'", location, start))
        if plan.status_date_from == "today":
            status = ("--today", item.source.value("id"))
        elif plan.status_date_from == "status_date":
            status = ("planning.status_date", src.value("planning", "status_date"))
        else:
            status = ("today's date", item.source.value("id"))
        found.append((plan.status_date, *status, start))
    found.append((start, "planning.start", src.value("planning", "start"), strategy.horizon.start))
    # the latest date; of equal ones, the one furthest from where plans normally start
    day, what, location, baseline = max(found, key=lambda f: (f[0], f[0] - f[3]))
    return day, what, location, (day - baseline).days


def _overlap(first: dt.date, last: dt.date, lo: dt.date, hi: dt.date) -> int:
    """Days that ``[first, last]`` and ``[lo, hi]`` have in common (inclusive ranges)."""
    return max(0, (min(last, hi) - max(first, lo)).days + 1)


def _iso(day: dt.date) -> str:
    return day.isoformat()  # finding messages are English: ISO dates, like the YAML files
