"""C-rules: statuses agree with prerequisites and dates; every goal and field is served."""

from __future__ import annotations

from collections.abc import Iterator

from egovkit.diagnostics.codes import finding, switched_on
from egovkit.diagnostics.record import Diagnostic
from egovkit.load.workspace import Workspace
from egovkit.model import Status


def prerequisite_status(ws: Workspace) -> Iterator[Diagnostic]:
    by_id = ws.measure_by_id
    for item in ws.measures:
        m, src = item.model, item.source
        for i, dep_id in enumerate(m.depends_on):
            dep = by_id.get(dep_id)
            if dep is None or dep_id == m.id:
                continue
            dep_status = dep.model.status
            if m.status is Status.done and dep_status is not Status.done:
                yield finding(
                    "C001",
                    f"'{m.id}' is done but its prerequisite '{dep_id}' is {dep_status.value}; "
                    "update one of the two statuses",
                    src.value("depends_on", i),
                )
            elif m.status is Status.in_progress and dep_status is Status.planned:
                yield finding(
                    "C002",
                    f"'{m.id}' is in progress but its prerequisite '{dep_id}' is still planned",
                    src.value("depends_on", i),
                )


def status_dates(ws: Workspace) -> Iterator[Diagnostic]:
    """C005; a measure planned by a period takes its actual dates from the period when
    none are given (published strategies rarely give more)."""
    for item in ws.measures:
        m, src = item.model, item.source
        windowed = m.period is not None
        if m.status is Status.done and m.finished is None and not windowed:
            yield finding(
                "C005",
                f"'{m.id}' is done but has no 'finished' date; add the actual finish date",
                src.value("status"),
            )
        if m.status in (Status.done, Status.in_progress) and m.started is None and not windowed:
            yield finding(
                "C005",
                f"'{m.id}' is {m.status.value} but has no 'started' date; add the actual start",
                src.value("status"),
            )
        if m.status is Status.planned and m.started is not None:
            yield finding(
                "C005",
                f"'{m.id}' is planned but has a 'started' date; set status: in_progress",
                src.key("started"),
            )
        if m.status is not Status.done and m.finished is not None:
            yield finding(
                "C005",
                f"'{m.id}' has a 'finished' date but status {m.status.value}; set status: done",
                src.key("finished"),
            )
        if m.started and m.finished and m.finished < m.started:
            yield finding(
                "C005",
                f"'{m.id}' finished ({m.finished}) before it started ({m.started})",
                src.value("finished"),
            )
        if m.status is Status.done and m.progress not in (0, 100):
            yield finding(
                "C005",
                f"'{m.id}' is done but progress is {m.progress} %; set progress: 100 or remove it",
                src.value("progress"),
            )


def coverage(ws: Workspace) -> Iterator[Diagnostic]:
    if ws.strategy is None:
        return
    s, src = ws.strategy.model, ws.strategy.source
    active = [i.model for i in ws.measures if i.model.status is not Status.cancelled]
    served_goals = {g for m in active for g in m.goals}
    used_fields = {m.field for m in active}
    for goal, _, loc in s.all_goals():
        if goal.id not in served_goals:
            yield finding(
                "C003",
                f"no measure serves strategic goal '{goal.id}' ({goal.title}); "
                "add it to a measure's 'goals' or drop the goal",
                src.value(*loc, "id"),
            )
    for field, _, loc in s.all_fields():
        inside = (f.id for f, _, _ in field.walk(loc))  # a measure of a focus area counts
        if not any(f in used_fields for f in inside):
            yield finding(
                "C004",
                f"field of action '{field.id}' ({field.title}) has no measure",
                src.value(*loc, "id"),
            )


def status_missing(ws: Workspace) -> Iterator[Diagnostic]:
    """C006 (off unless switched on): a measure publishes no status."""
    if ws.strategy is None or not switched_on("C006", ws.strategy.model.checks):
        return  # off (the default): no need to look at every measure
    for item in ws.measures:
        m = item.model
        if "status" not in m.model_fields_set:
            yield finding(
                "C006",
                f"measure '{m.id}' has no status, so its state is shown as unknown; add "
                "'status: planned' (or in_progress, done, on_hold, cancelled)",
                item.source.value("id"),
            )
