"""D-rules: deadlines and the horizon, judged on the computed schedule.

They run only when the repository has no errors that would make a schedule meaningless.
Measures that are done are history and never reported: nothing in the files can change them.
"""

from __future__ import annotations

import datetime as dt

from egovkit.diagnostics import Diagnostic, Location, Severity
from egovkit.model import Measure, Obligation, Status
from egovkit.rules.registry import finding
from egovkit.schedule import Plan, ScheduledMeasure, build_plan, chain_text
from egovkit.sourcemap import SourceMap
from egovkit.workdays import CalendarError, working_days
from egovkit.workspace import Workspace


def schedule_findings(
    ws: Workspace, found: list[Diagnostic], today: dt.date | None = None
) -> list[Diagnostic]:
    if any(d.severity is Severity.error for d in found) or ws.strategy is None:
        return []
    try:
        plan = build_plan(ws, today=today)
    except CalendarError as exc:
        return [_out_of_range(ws, str(exc))]
    return [*deadline_missed(ws, plan), *beyond_horizon(ws, plan)]


def _out_of_range(ws: Workspace, reason: str) -> Diagnostic:
    """D003: absurd durations; point at the longest measure."""
    longest = max(ws.measures, key=lambda item: working_days(item.model.duration), default=None)
    location = longest.source.value("duration") if longest else ws.strategy.source.value()
    return finding(
        "D003",
        f"cannot schedule: {reason}; check the durations (the longest measure is "
        f"'{longest.model.id if longest else '-'}')",
        location,
    )


def _de(day: dt.date) -> str:
    return day.strftime("%d.%m.%Y")


def deadline_missed(ws: Workspace, plan: Plan) -> list[Diagnostic]:
    """D001: the scheduled finish is after the effective deadline."""
    out = []
    by_id = ws.measure_by_id
    scheduled = plan.by_id()
    for sm in plan.measures:
        if sm.deadline_slip <= 0 or sm.status is Status.done:
            continue
        item = by_id[sm.id]
        m = item.model
        setter = "its own deadline" if sm.deadline_source == "measure" else sm.deadline_source
        message = (
            f"scheduled finish {_de(sm.finish)} is {sm.deadline_slip} working "
            f"day{'s' if sm.deadline_slip != 1 else ''} after the deadline {_de(sm.deadline)} "
            f"(set by {setter}); driving chain: {chain_text(sm.driving_chain)}"
        )
        head = scheduled[sm.driving_chain[0]]
        if head.capacity_delay:
            message += (
                f"; '{head.id}' waits {head.capacity_delay} working days for capacity of "
                f"unit '{head.owner}'"
            )
        severity = Severity.error if m.obligation is Obligation.required else Severity.warning
        out.append(finding("D001", message, _deadline_location(m, sm, item.source), (), severity))
    return out


def _deadline_location(m: Measure, sm: ScheduledMeasure, src: SourceMap) -> Location:
    if m.deadline is not None:
        return src.value("deadline")
    if sm.deadline_source in m.legal:
        return src.value("legal", m.legal.index(sm.deadline_source))
    return src.value("id")


def beyond_horizon(ws: Workspace, plan: Plan) -> list[Diagnostic]:
    """D002: the scheduled finish is after the end of the strategy horizon."""
    out = []
    by_id = ws.measure_by_id
    for sm in plan.measures:
        if sm.finish <= plan.horizon_end or sm.status is Status.done:
            continue
        out.append(
            finding(
                "D002",
                f"scheduled finish {_de(sm.finish)} is after the end of the strategy horizon "
                f"{_de(plan.horizon_end)}; shorten the measure or its prerequisites, "
                "or extend 'horizon.end' in strategy.yaml",
                by_id[sm.id].source.value("id"),
            )
        )
    return out
