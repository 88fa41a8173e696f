"""D-rules on deadlines and the horizon, judged on the schedule computed once per run.

Each deadline of a measure is judged separately (:mod:`egovkit.plan.deadlines`): D001 when
the plan finishes after a deadline that is still ahead (the plan can still be changed), D004
when a deadline has passed and the measure is not done (a fact to report). Measures that are
done are history and never reported: nothing in the files can change them.
"""

from __future__ import annotations

import datetime as dt

from egovkit.diagnostics.codes import finding
from egovkit.diagnostics.record import Diagnostic, Location, Severity
from egovkit.load.sourcemap import SourceMap
from egovkit.load.workspace import Workspace
from egovkit.model import Measure, Obligation, Status
from egovkit.plan.deadlines import DeadlineVerdict, Verdict
from egovkit.plan.result import Plan, ScheduledMeasure, chain_text


def _iso(day: dt.date) -> str:
    return day.isoformat()  # finding messages are English: ISO dates, like the YAML files


def _days(n: int) -> str:
    return f"{n:,} working day{'s' if n != 1 else ''}"


def deadline_missed(ws: Workspace, plan: Plan) -> list[Diagnostic]:
    """D001 (at risk) and D004 (overdue): one finding per deadline exceeded.

    A legal deadline that the measure's own, later deadline knowingly replaces is reported
    once, as the note L003; the plan still shows its verdict.
    """
    out = []
    scheduled = plan.by_id()
    for sm in plan.measures:
        if sm.status is Status.done:
            continue
        item = ws.measure_by_id[sm.id]
        own = item.model.deadline
        for v in sm.deadlines:
            replaced = v.source != "measure" and own is not None and own > v.date
            if v.verdict in (Verdict.at_risk, Verdict.overdue) and not replaced:
                out.append(_deadline_finding(item.model, sm, v, item.source, scheduled))
    return out


def _deadline_finding(
    m: Measure, sm: ScheduledMeasure, v: DeadlineVerdict, src: SourceMap, scheduled: dict
) -> Diagnostic:
    setter = "its own deadline" if v.source == "measure" else v.source
    location = _deadline_location(m, v.source, src)
    if v.verdict is Verdict.overdue:
        message = (
            f"the deadline {_iso(v.date)} (set by {setter}) has passed and the measure is not "
            f"done; the plan finishes it {_iso(sm.finish)}, {_days(v.slip_days)} late"
        )
        return finding("D004", message, location)
    message = (
        f"scheduled finish {_iso(sm.finish)} is {_days(v.slip_days)} after the deadline "
        f"{_iso(v.date)} (set by {setter}); driving chain: {chain_text(sm.driving_chain)}"
    )
    head = scheduled[sm.driving_chain[0]]
    if head.capacity_delay:
        message += (
            f"; '{head.id}' waits {head.capacity_delay} working days for capacity of "
            f"unit '{head.owner}'"
        )
    severity = Severity.error if m.obligation is Obligation.required else Severity.warning
    return finding("D001", message, location, (), severity)


def _deadline_location(m: Measure, source: str, src: SourceMap) -> Location:
    if source == "measure":
        return src.value("deadline")
    if source in m.legal:
        return src.value("legal", m.legal.index(source))
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
                f"scheduled finish {_iso(sm.finish)} is after the end of the strategy horizon "
                f"{_iso(plan.horizon_end)}; shorten the measure or its prerequisites, "
                "or extend 'horizon.end' in strategy.yaml",
                by_id[sm.id].source.value("id"),
            )
        )
    return out
