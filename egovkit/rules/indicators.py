"""I-rules: indicators of measures and goals have targets inside the horizon and values in
their declared range."""

from __future__ import annotations

from collections.abc import Iterator

from egovkit.diagnostics.codes import finding
from egovkit.diagnostics.record import Diagnostic
from egovkit.load.sourcemap import SourceMap
from egovkit.load.workspace import Workspace
from egovkit.model.indicators import Indicator


def indicators(ws: Workspace) -> Iterator[Diagnostic]:
    if ws.strategy is None:
        return
    horizon = ws.strategy.model.horizon
    for item in ws.measures:
        for i, ind in enumerate(item.model.indicators):
            yield from _indicator(ind, item.source, ("indicators", i), horizon)
    for goal, _, loc in ws.strategy.model.all_goals():
        for i, ind in enumerate(goal.indicators):
            yield from _indicator(ind, ws.strategy.source, (*loc, "indicators", i), horizon)


def _indicator(ind: Indicator, src: SourceMap, loc: tuple, horizon) -> Iterator[Diagnostic]:
    if not horizon.start <= ind.target.date <= horizon.end:
        yield finding(
            "I001",
            f"indicator '{ind.id}': target date {ind.target.date.isoformat()} lies outside the "
            f"strategy horizon {horizon.start.isoformat()} – {horizon.end.isoformat()}",
            src.value(*loc, "target", "date"),
        )
    points = [("target", None, ind.target.value)]
    if ind.baseline is not None:
        points.append(("baseline", None, ind.baseline.value))
    points += [("values", n, v.value) for n, v in enumerate(ind.values)]
    for key, n, value in points:
        low = ind.min is not None and value < ind.min
        high = ind.max is not None and value > ind.max
        if low or high:
            where = (*loc, key, "value") if n is None else (*loc, key, n, "value")
            yield finding(
                "I002",
                f"indicator '{ind.id}': {value:g} {ind.unit} lies outside its range "
                f"{_bound(ind.min)} … {_bound(ind.max)}",
                src.value(*where),
            )


def _bound(value: float | None) -> str:
    return "–" if value is None else f"{value:g}"
