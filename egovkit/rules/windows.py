"""Plan checks of time windows and of the age of a status (D005, C007)."""

from __future__ import annotations

from collections.abc import Iterator

from egovkit.diagnostics.codes import finding
from egovkit.diagnostics.record import Diagnostic
from egovkit.load.workspace import Workspace
from egovkit.model import Status
from egovkit.plan.result import Plan


def period_before_prerequisite(ws: Workspace, plan: Plan) -> Iterator[Diagnostic]:
    """D005: a measure placed in its period starts before a prerequisite finishes."""
    by_id = plan.by_id()
    for sm in plan.measures:
        if not sm.fixed_window:
            continue
        for dep in sm.depends_on:
            before = by_id[dep]
            if before.finish >= sm.start and not before.milestone:
                item = ws.measure_by_id[sm.id]
                yield finding(
                    "D005",
                    f"the period of '{sm.id}' starts {sm.start.isoformat()}, but its "
                    f"prerequisite '{dep}' finishes {before.finish.isoformat()}; move the "
                    "period or check the dependency",
                    item.source.value("period", "start"),
                )


def status_stale(ws: Workspace, plan: Plan) -> Iterator[Diagnostic]:
    """C007: a measure's status is older than planning.stale_after_days at the status date."""
    limit = ws.strategy.model.planning.stale_after_days
    for item in ws.measures:
        m = item.model
        if m.as_of is None or m.status in (Status.done, Status.cancelled):
            continue
        age = (plan.status_date - m.as_of).days
        if age > limit:
            yield finding(
                "C007",
                f"the status of '{m.id}' dates from {m.as_of.isoformat()}, {age} days before "
                f"the status date (more than {limit}); update status and as_of",
                item.source.value("as_of"),
            )
