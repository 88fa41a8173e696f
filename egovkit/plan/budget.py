"""Money and staff time of a plan, per budget year (Haushaltsjahr = calendar year).

- **One-off cost** (``cost``) is spread over the measure's scheduled working days: a year
  gets the share of the cost that its working days are of the measure's working days. A
  milestone (no working days) books its cost in the year it is reached. Shares are rounded
  to whole euros by the largest-remainder method, so the years of a measure add up to its
  cost exactly, and so do the years of the plan.
- **Running cost** (``running_cost``, euros per year) starts the day after go-live (the
  finish) and runs to the end of the strategy horizon, pro rata by calendar days in a year
  it covers only in part.
- **Funding** (``funding``: shares in percent of the one-off cost, or amounts) is booked
  like the cost it pays for; more funding than cost is capped at the cost (and A003 says so).
- **Effort** (``effort``, person-days) is spread like the one-off cost and booked to the
  measure's lead units (shared equally when it has several), compared per year with each
  unit's ``effort_capacity``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from egovkit.load.workspace import Workspace
from egovkit.model import Measure
from egovkit.model.measure import OwnerRole
from egovkit.plan.result import Plan, ScheduledMeasure
from egovkit.plan.workdays import Calendar, calendar_for

#: The unit of effort that has no lead unit.
UNASSIGNED = ""


@dataclass(frozen=True)
class MeasureMoney:
    """One measure's money by budget year (euros)."""

    id: str
    field: str  # the top-level field of action
    one_off: dict[int, int]
    running: dict[int, int]
    funded: dict[int, int]
    by_source: dict[str, int]  # funded euros per programme or payer, adding up to funded

    def own(self, year: int) -> int:
        """What the municipality pays itself for the one-off cost in ``year``."""
        return self.one_off.get(year, 0) - self.funded.get(year, 0)


@dataclass(frozen=True)
class UnitYear:
    """Effort booked to one unit in one year, beside its capacity."""

    unit: str
    year: int
    effort: float
    capacity: float | None
    measures: tuple[str, ...]

    @property
    def exceeded(self) -> bool:
        return self.capacity is not None and self.effort > self.capacity + 1e-9


@dataclass(frozen=True)
class Budget:
    years: tuple[int, ...]
    measures: tuple[MeasureMoney, ...]
    effort: tuple[UnitYear, ...]
    effort_by_measure: dict[str, float] = field(default_factory=dict)

    def total(self, kind: str, year: int | None = None, field_id: str | None = None) -> int:
        """Sum of ``kind`` (one_off, running, funded, own) over the years or one year, over
        every field or one field."""
        total = 0
        for m in self.measures:
            if field_id is not None and m.field != field_id:
                continue
            for y in self.years if year is None else (year,):
                total += m.own(y) if kind == "own" else getattr(m, kind).get(y, 0)
        return total

    @property
    def has_money(self) -> bool:
        return any(m.one_off or m.running for m in self.measures)


def split(amount: int, weights: Sequence[int]) -> list[int]:
    """``amount`` in whole units, in proportion to ``weights``, adding up to ``amount``
    exactly (largest remainder; ties go to the earlier weight)."""
    total = sum(weights)
    if total == 0:
        return [0] * len(weights)
    exact = [Fraction(amount * w, total) for w in weights]
    parts = [int(x) for x in exact]
    left = amount - sum(parts)
    by_remainder = sorted(range(len(weights)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in by_remainder[:left]:
        parts[i] += 1
    return parts


def working_days_by_year(cal: Calendar, start: dt.date, finish: dt.date) -> dict[int, int]:
    """Working days from ``start`` to ``finish`` (inclusive) per calendar year."""
    out: dict[int, int] = {}
    for year in range(start.year, finish.year + 1):
        first = max(start, dt.date(year, 1, 1))
        last = min(finish, dt.date(year, 12, 31))
        days = cal.index_on_or_before(last) - cal.index_on_or_after(first) + 1
        if days > 0:
            out[year] = days
    return out


def _spread(amount: int, days: dict[int, int], finish: dt.date) -> dict[int, int]:
    if amount == 0:
        return {}
    if not days:  # a milestone: booked when it is reached
        return {finish.year: amount}
    years = sorted(days)
    return dict(zip(years, split(amount, [days[y] for y in years]), strict=True))


def _running(amount: int, go_live: dt.date, horizon_end: dt.date) -> dict[int, int]:
    out: dict[int, int] = {}
    for year in range(go_live.year, horizon_end.year + 1):
        first = max(go_live, dt.date(year, 1, 1))
        last = min(horizon_end, dt.date(year, 12, 31))
        days = (last - first).days + 1
        if days > 0:
            in_year = 366 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 365
            out[year] = round(Fraction(amount * days, in_year))
    return {y: v for y, v in out.items() if v}


def funded_by_source(m: Measure) -> dict[str, int]:
    """Euros of the one-off cost each source pays; scaled down (largest remainder) when the
    sources together ask for more than the cost."""
    cost = m.cost or 0
    asked: dict[str, int] = {}
    for s in m.funding:
        euros = s.amount if s.amount is not None else round(cost * Fraction(str(s.share)) / 100)
        asked[s.source] = asked.get(s.source, 0) + euros
    if sum(asked.values()) > cost:
        asked = dict(zip(asked, split(cost, list(asked.values())), strict=True))
    return {k: v for k, v in asked.items() if v}


def funded_amount(m: Measure) -> int:
    """Euros of the one-off cost that funding pays, capped at the cost."""
    return sum(funded_by_source(m).values())


def lead_units(m: Measure) -> tuple[str, ...]:
    """The units that lead ``m`` (``owner`` and lead ``owners``), else every owner unit."""
    owners = m.all_owners
    leads = tuple(o.unit for o in owners if o.role is OwnerRole.lead)
    return leads or tuple(o.unit for o in owners)


def top_fields(ws: Workspace) -> dict[str, str]:
    """Every field or focus area id → the id of its top-level field of action."""
    if ws.strategy is None:
        return {}
    return {
        f.id: ws.strategy.model.fields[loc[1]].id for f, _, loc in ws.strategy.model.all_fields()
    }


def budget(ws: Workspace, plan: Plan) -> Budget:
    """Money and effort of every scheduled (not cancelled) measure, by budget year."""
    tops = top_fields(ws)
    cal = calendar_for(ws.strategy.model)
    money: list[MeasureMoney] = []
    booked: dict[tuple[str, int], list[tuple[Fraction, str]]] = {}
    by_measure: dict[str, float] = {}
    for sm in sorted(plan.measures, key=lambda s: s.order):
        loaded = ws.measure_by_id.get(sm.id)
        if loaded is None:
            continue
        m = loaded.model
        days = working_days_by_year(cal, sm.start, sm.finish)
        money.append(_money(m, sm, days, tops, plan.horizon_end))
        if m.effort:
            by_measure[m.id] = m.effort
            _book_effort(booked, m, days, sm.finish)
    years = sorted({y for mm in money for part in (mm.one_off, mm.running) for y in part})
    return Budget(tuple(years), tuple(money), _unit_years(ws, booked), by_measure)


def _money(
    m: Measure, sm: ScheduledMeasure, days: dict[int, int], tops: dict[str, str], end: dt.date
) -> MeasureMoney:
    one_off = _spread(m.cost or 0, days, sm.finish)
    funded = _spread(funded_amount(m), {y: one_off[y] for y in one_off}, sm.finish)
    go_live = sm.finish + dt.timedelta(days=1)
    running = _running(m.running_cost or 0, go_live, end) if m.running_cost else {}
    return MeasureMoney(
        id=m.id,
        field=tops.get(m.field, m.field),
        one_off=one_off,
        running=running,
        funded=funded,
        by_source=funded_by_source(m),
    )


def _book_effort(
    booked: dict[tuple[str, int], list[tuple[Fraction, str]]],
    m: Measure,
    days: dict[int, int],
    finish: dt.date,
) -> None:
    units = lead_units(m) or (UNASSIGNED,)
    effort = Fraction(str(m.effort))
    total_days = sum(days.values())
    shares = {y: Fraction(d, total_days) for y, d in days.items()} if days else {finish.year: 1}
    for unit in units:
        for year, share in shares.items():
            booked.setdefault((unit, year), []).append((effort * share / len(units), m.id))


def _unit_years(
    ws: Workspace, booked: dict[tuple[str, int], list[tuple[Fraction, str]]]
) -> tuple[UnitYear, ...]:
    capacity = {}
    if ws.organization is not None:
        capacity = {u.id: u.effort_capacity for u in ws.organization.model.units}
    return tuple(
        UnitYear(
            unit=unit,
            year=year,
            effort=float(sum(e for e, _ in entries)),
            capacity=capacity.get(unit),
            measures=tuple(dict.fromkeys(mid for _, mid in entries)),
        )
        for (unit, year), entries in sorted(booked.items())
    )


def exceeded(units: Iterable[UnitYear]) -> list[UnitYear]:
    return [u for u in units if u.exceeded]
