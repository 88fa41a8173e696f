"""A baseline in the plan (``plan build --baseline``): the Gantt's thin baseline bars and
drift labels, and the slippage table (baseline against current start and finish)."""

from __future__ import annotations

from dataclasses import dataclass

from egovkit.plan.result import Plan
from egovkit.plan.workdays import calendar_for
from egovkit.render.context_items import Ref
from egovkit.render.gantt import Baseline
from egovkit.render.rows import Builder


@dataclass(frozen=True)
class SlipRow:
    measure: Ref
    cells: tuple[str, ...]  # baseline start, baseline finish, current start, current finish, slip
    late: bool


@dataclass(frozen=True)
class BaselineView:
    name: str
    intro: str
    rows: tuple[SlipRow, ...]
    critical_new: tuple[Ref, ...]
    critical_left: tuple[Ref, ...]


def baseline(b: Builder, base: Plan, name: str, rev: str) -> tuple[Baseline, BaselineView]:
    """The Gantt's baseline and the slippage table of the current plan against ``base``."""
    cal = calendar_for(b.strategy)
    then = base.by_id()
    dates, drift, rows = {}, {}, []
    for m in sorted(b.plan.measures, key=lambda x: x.order):
        old = then.get(m.id)
        if old is None:
            continue
        days = cal.index_on_or_before(m.finish) - cal.index_on_or_before(old.finish)
        dates[m.id] = (old.start, old.finish)
        drift[m.id] = days
        cells = (b.date(old.start), b.date(old.finish), b.date(m.start), b.date(m.finish))
        rows.append(
            SlipRow(
                b.measure_ref(m.id),
                (*cells, b.locale.text("report_wd", days=f"{days:+d}")),
                days > 0,
            )
        )
    total = cal.index_on_or_before(b.plan.finish) - cal.index_on_or_before(base.finish)
    intro = b.locale.text(
        "baseline_intro",
        name=name,
        rev=rev[:7],
        before=b.date(base.finish),
        after=b.date(b.plan.finish),
        days=f"{total:+d}",
    )
    now, old_path = set(b.plan.critical_path), set(base.critical_path)
    view = BaselineView(
        name=name,
        intro=intro,
        rows=tuple(rows),
        critical_new=tuple(
            b.measure_ref(mid) for mid in b.plan.critical_path if mid not in old_path
        ),
        critical_left=tuple(b.measure_ref(mid) for mid in base.critical_path if mid not in now),
    )
    return Baseline(name, dates, drift), view
