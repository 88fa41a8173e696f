"""The budget-by-year and effort tables of the Arbeitsplan (figures: :mod:`egovkit.plan.budget`)."""

from __future__ import annotations

from egovkit.plan.budget import UNASSIGNED, Budget
from egovkit.render.context_arbeitsplan import (
    BudgetTable,
    EffortRow,
    EffortTable,
    MoneyRow,
    Pair,
)
from egovkit.render.rows import Builder


def _row(b: Builder, budget: Budget, label: str, kind: str, field: str | None = None) -> MoneyRow:
    money = b.locale.money
    years = budget.years
    if kind == "all":
        values = [budget.total("one_off", y) + budget.total("running", y) for y in years]
    else:
        values = [budget.total(kind, y, field) for y in years]
    return MoneyRow(label, tuple(money(v) for v in values), money(sum(values)), kind)


def budget_table(b: Builder, budget: Budget) -> BudgetTable | None:
    """One-off cost by field of action and year, then the totals, funding and own share."""
    if not budget.has_money:
        return None
    t = b.t
    tops = [f for f in b.strategy.fields]
    fields = tuple(
        _row(b, budget, f.title, "one_off", f.id)
        for f in tops
        if any(m.field == f.id and m.one_off for m in budget.measures)
    )
    totals = (
        _row(b, budget, t["budget_one_off"], "one_off"),
        _row(b, budget, t["budget_funded"], "funded"),
        _row(b, budget, t["budget_own"], "own"),
        _row(b, budget, t["budget_running"], "running"),
        _row(b, budget, t["budget_all"], "all"),
    )
    sources: dict[str, int] = {}
    for m in budget.measures:
        for source, euros in m.by_source.items():
            sources[source] = sources.get(source, 0) + euros
    costed = {m.id for m in budget.measures if m.one_off}
    without = tuple(
        b.measure_ref(m.id)
        for m in sorted(b.plan.measures, key=lambda s: s.order)
        if m.id not in costed
    )
    return BudgetTable(
        years=tuple(str(y) for y in budget.years),
        fields=fields,
        totals=totals,
        sources=tuple(Pair(k, b.locale.money(v)) for k, v in sorted(sources.items())),
        note=t["budget_note"],
        measures_without_cost=without,
    )


def effort_table(b: Builder, budget: Budget) -> EffortTable | None:
    """Effort per unit and year beside the unit's capacity."""
    if not budget.effort:
        return None
    t, loc = b.t, b.locale
    rows = []
    for uy in budget.effort:
        if uy.capacity is None:
            state = t["effort_no_capacity"]
        else:
            state = t["effort_exceeded"] if uy.exceeded else t["effort_within"]
        rows.append(
            EffortRow(
                unit=b.name(uy.unit) if uy.unit != UNASSIGNED else t["effort_unassigned"],
                year=str(uy.year),
                effort=loc.decimal(uy.effort),
                capacity=loc.decimal(uy.capacity) if uy.capacity is not None else t["none"],
                exceeded=uy.exceeded,
                state=state,
                measures=tuple(b.measure_ref(mid) for mid in uy.measures),
            )
        )
    return EffortTable(
        rows=tuple(rows),
        total=loc.decimal(sum(budget.effort_by_measure.values())),
        note=t["effort_note"],
        exceeded=sum(1 for r in rows if r.exceeded),
    )


def money_figures(b: Builder, budget: Budget) -> list[Pair]:
    """Cost, funding, own share, running cost and effort for the management summary."""
    t, loc = b.t, b.locale
    out: list[Pair] = []
    if budget.has_money:
        out += [
            Pair(t["budget_one_off"], loc.money(budget.total("one_off"))),
            Pair(t["budget_funded"], loc.money(budget.total("funded"))),
            Pair(t["budget_own"], loc.money(budget.total("own"))),
        ]
        running = sum(m.running_cost or 0 for m in _models(b))
        if running:
            out.append(Pair(t["budget_running_year"], loc.money(running)))
    if budget.effort_by_measure:
        total = sum(budget.effort_by_measure.values())
        out.append(Pair(t["effort_total"], f"{loc.decimal(total)} {t['person_days']}"))
    return out


def _models(b: Builder):
    for m in b.plan.measures:
        loaded = b.ws.measure_by_id.get(m.id)
        if loaded is not None:
            yield loaded.model
