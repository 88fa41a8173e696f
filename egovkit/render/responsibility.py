"""Who does what: the RACI matrix, the risk register, the reporting cycle and the programmes
with their sub-projects (data: :mod:`egovkit.plan.raci`, profiles, organization.yaml)."""

from __future__ import annotations

from egovkit.model.arbeitsplan import Level, Risk
from egovkit.model.profile import Phase, Profile
from egovkit.plan.raci import raci, uses_raci
from egovkit.render.context_arbeitsplan import (
    Pair,
    ProgrammeView,
    RaciMatrix,
    RaciRow,
    ReportingRow,
    RiskCell,
    RiskMatrix,
    RiskMatrixRow,
    RiskRow,
    SubProjectRow,
)
from egovkit.render.rows import Builder

#: More parties than this make the matrix unreadable on A4; the rest are counted.
MAX_PARTIES = 10
_LEVELS = (Level.low, Level.medium, Level.high)


def raci_matrix(b: Builder) -> RaciMatrix | None:
    """Measures × parties, R/A/C/I. Columns: every party that is responsible or accountable
    somewhere, then the most frequent consulted or informed parties, up to
    :data:`MAX_PARTIES`, in organization.yaml order; the others of a row are named in its
    last column, so no assignment is lost."""
    if not uses_raci(b.ws):
        return None
    assignments = raci(b.ws)
    measures = [m for m in sorted(b.plan.measures, key=lambda s: s.order) if m.id in assignments]
    rows_of = [assignments[m.id] for m in measures]
    used = {p for a in rows_of for p in a.parties}
    if not used:
        return None
    org = b.ws.organization.model if b.ws.organization is not None else None
    known = [x.id for x in (*org.bodies, *org.roles, *org.units)] if org is not None else []
    rank = {p: n for n, p in enumerate(dict.fromkeys(known))}
    leading = {p for a in rows_of for p in (*a.responsible, a.accountable) if p}
    frequency = {p: sum(p in a.parties for a in rows_of) for p in used}
    others = sorted(used - leading, key=lambda p: (-frequency[p], rank.get(p, len(rank)), p))
    chosen = set(sorted(leading, key=lambda p: (rank.get(p, len(rank)), p))[:MAX_PARTIES])
    chosen.update(others[: max(0, MAX_PARTIES - len(chosen))])
    shown = sorted(chosen, key=lambda p: (rank.get(p, len(rank)), p))
    rows = tuple(
        RaciRow(
            measure=b.measure_ref(m.id),
            cells=tuple(a.letters(p) for p in shown),
            derived=len(a.given) < 4,
            more="; ".join(f"{b.name(p)} ({a.letters(p)})" for p in a.parties if p not in chosen),
        )
        for m, a in zip(measures, rows_of, strict=True)
    )
    return RaciMatrix(
        parties=tuple(b.name(p) for p in shown),
        rows=rows,
        legend=b.t["raci_legend"],
        more=any(r.more for r in rows),
    )


def _score(risk: Risk) -> str:
    """low, medium or high: the product of probability and impact on a 1–3 scale."""
    product = (_LEVELS.index(risk.probability) + 1) * (_LEVELS.index(risk.impact) + 1)
    return "high" if product >= 6 else "medium" if product >= 3 else "low"


def risks(b: Builder) -> tuple[RiskRow, ...]:
    """The plan-wide risks, then the risks of each profile, by level; a risk written as a
    sentence has no rating and is shown as "not rated" (never given a made-up one)."""
    found: list[tuple[Risk, str, bool]] = [
        (r, b.t["risk_plan_wide"], True) for r in b.strategy.risks
    ]
    for item in b.profiles:
        meta = item.meta
        for r in meta.risks:
            rated = isinstance(r, Risk)
            risk = r if rated else Risk(title=r, measures=list(meta.measures))
            found.append((risk, meta.title, rated))
    rank = {"high": 0, "medium": 1, "low": 2}
    found.sort(key=lambda x: rank[_score(x[0])] if x[2] else 3)  # stable: file order within
    return tuple(_risk_row(b, n, r, source, rated) for n, (r, source, rated) in enumerate(found, 1))


def _risk_row(b: Builder, n: int, r: Risk, source: str, rated: bool) -> RiskRow:
    loc, none = b.locale, b.t["none"]
    unrated = b.t["risk_unrated"]
    return RiskRow(
        number=n,
        anchor=f"risk-{n}",
        title=r.title,
        probability=loc.text(f"level_{r.probability.value}") if rated else unrated,
        impact=loc.text(f"level_{r.impact.value}") if rated else unrated,
        level=_score(r) if rated else "unrated",
        level_label=loc.text(f"level_{_score(r)}") if rated else unrated,
        owner=b.name(r.owner) if r.owner else none,
        countermeasure=r.countermeasure or none,
        measures=tuple(b.measure_ref(mid) for mid in r.measures),
        source=source,
    )


def risk_matrix(b: Builder, rows: tuple[RiskRow, ...]) -> RiskMatrix | None:
    """Probability (columns, low → high) × impact (rows, high → low), risk numbers per cell."""
    rows = tuple(r for r in rows if r.level != "unrated")
    if not rows:
        return None
    labels = [b.locale.text(f"level_{lv.value}") for lv in _LEVELS]
    cells: dict[tuple[str, str], list[int]] = {}
    for r in rows:
        cells.setdefault((r.probability, r.impact), []).append(r.number)
    matrix_rows = []
    for i, impact in reversed(list(enumerate(labels))):
        line = []
        for j, probability in enumerate(labels):
            product = (i + 1) * (j + 1)
            level = "high" if product >= 6 else "medium" if product >= 3 else "low"
            line.append(RiskCell(level, tuple(cells.get((probability, impact), ()))))
        matrix_rows.append(RiskMatrixRow(impact, tuple(line)))
    return RiskMatrix(tuple(labels), tuple(matrix_rows))


def reporting(b: Builder) -> tuple[ReportingRow, ...]:
    """Which body meets how often and receives which reports, and to whom it reports."""
    if b.ws.organization is None:
        return ()
    none = b.t["none"]
    return tuple(
        ReportingRow(
            body=x.name,
            kind=b.locale.body_kind(x.kind.value),
            cadence=x.meets or none,
            receives=", ".join(x.receives) or none,
            reports_to=b.name(x.reports_to) if x.reports_to else none,
        )
        for x in b.ws.organization.model.bodies
        if x.meets or x.receives or x.reports_to
    )


def _phase_text(b: Builder, ph: Phase) -> str:
    return f"{ph.name}: {b.date(ph.start)} – {b.date(ph.end)}"


def programmes(b: Builder, profiles: list[Profile]) -> tuple[ProgrammeView, ...]:
    """Profiles with sub-projects, funding or transferability."""
    out = []
    for p in profiles:
        meta = p.meta
        if not (meta.subprojects or meta.funding or meta.transferability):
            continue
        out.append(
            ProgrammeView(
                id=meta.id,
                title=meta.title,
                href=f"profiles/{meta.id}.html",
                subprojects=tuple(_subproject(b, sub) for sub in meta.subprojects),
                phases=tuple(_phase_text(b, ph) for ph in meta.phases),
                funding=_funding(b, meta.funding),
                transferability=_transfer(b, meta.transferability),
            )
        )
    return tuple(out)


def _subproject(b: Builder, sub) -> SubProjectRow:
    scheduled = [b.by_id[mid] for mid in sub.measures if mid in b.by_id]
    period = b.t["none"]
    if scheduled:
        period = f"{b.date(min(m.start for m in scheduled))} – {b.date(max(m.finish for m in scheduled))}"
    done = sum(1 for m in scheduled if m.status.value == "done")
    return SubProjectRow(
        id=sub.id,
        title=sub.title,
        lead=b.name(sub.lead) if sub.lead else b.t["none"],
        measures=tuple(b.measure_ref(mid) for mid in sub.measures),
        phases=tuple(_phase_text(b, ph) for ph in sub.phases),
        period=period,
        status=b.locale.text("subproject_done", done=done, total=len(sub.measures)),
    )


def _funding(b: Builder, funding) -> tuple[Pair, ...]:
    if funding is None:
        return ()
    t, loc = b.t, b.locale
    out = [Pair(t["funding_programme"], funding.programme)]
    if funding.total is not None:
        out.append(Pair(t["funding_total"], loc.money(funding.total)))
    for share in funding.shares:
        value = (
            loc.money(share.amount) if share.amount is not None else f"{loc.decimal(share.share)} %"
        )
        out.append(Pair(share.source, value))
    if funding.start or funding.end:
        out.append(Pair(t["funding_period"], f"{b.date(funding.start)} – {b.date(funding.end)}"))
    return tuple(out)


def _transfer(b: Builder, tr) -> tuple[Pair, ...]:
    if tr is None:
        return ()
    t = b.t
    out = [Pair(t["transfer_what"], tr.what)]
    if tr.available:
        out.append(Pair(t["transfer_from"], b.date(tr.available)))
    if tr.audience:
        out.append(Pair(t["transfer_audience"], tr.audience))
    if tr.licence:
        out.append(Pair(t["transfer_licence"], tr.licence))
    return tuple(out)
