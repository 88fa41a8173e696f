"""Build the :class:`~egovkit.render.context.PlanContext` of ``plan.md.j2`` and ``index.html.j2``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from markupsafe import Markup

from egovkit.diagnostics.record import Diagnostic
from egovkit.load.gitinfo import version
from egovkit.load.workspace import Workspace
from egovkit.plan.schedule import Plan, ScheduledMeasure
from egovkit.render import items, markdown, mermaid, verdicts
from egovkit.render.arbeitsplan import arbeitsplan
from egovkit.render.baseline import baseline
from egovkit.render.context import (
    OBLIGATIONS,
    STATUSES,
    CalendarContext,
    Figure,
    LegalBasisRow,
    MeasureRow,
    PlanContext,
    VerdictCount,
    md_link,
)
from egovkit.render.depgraph import depgraph_svg
from egovkit.render.fields import field_sections, goals
from egovkit.render.gantt import gantt_svg
from egovkit.render.locale import Locale
from egovkit.render.markdown import MdRaw
from egovkit.render.profiles import build_profile_page, organization, profile
from egovkit.render.projects import project_groups
from egovkit.render.rows import Builder, counts, progress_text

__all__ = ["build_plan_context", "build_profile_page"]

Rows = dict[str, MeasureRow]  # measure id → its table row


def build_plan_context(
    ws: Workspace,
    plan: Plan,
    locale: Locale,
    found: Iterable[Diagnostic] = (),
    group_by: str = "field",
    base: tuple[str, str, Plan] | None = None,
) -> PlanContext:
    """The context of the plan pages; ``found`` are the check's findings to show in it;
    ``group_by`` groups the Gantt by ``field`` of action or by ``project``; ``base`` is a
    baseline (name, revision, its plan) to draw and compare with."""
    b = Builder(ws, plan, locale)
    s = b.strategy
    measures = sorted(plan.measures, key=lambda m: m.order)
    findings = verdicts.findings(b, found)
    marks = verdicts.finding_refs(findings)
    rows = {m.id: replace(b.row(m), findings=marks.get(m.id, ())) for m in measures}
    fields, groups = field_sections(b, measures, rows)
    if group_by == "project":
        groups = project_groups(b, measures)
    counts_ = verdicts.verdict_counts(b, measures)
    capacity = tuple(rows[m.id] for m in measures if m.capacity_delay > 0)
    lang = s.planning.language.value  # of the user text, marked where the page differs
    gantt, slips = _gantt(b, groups, lang, _forecasts(b, measures), base)
    ctx = PlanContext(
        lang=locale.language,
        content_lang=lang,
        title=s.title,
        municipality=s.municipality.name,
        status_date=b.date(plan.status_date),
        status_date_iso=plan.status_date.isoformat(),
        leitbild_html=markdown.to_html(s.leitbild, top=3),
        leitbild_md=markdown.to_markdown(s.leitbild, top=3),
        goals=goals(b, measures),
        figures=_figures(b, measures, counts_, len(capacity)),
        fields=fields,
        gantt_svg=Markup(gantt),
        depgraph_svg=Markup(depgraph_svg(measures, locale, content_lang=lang)),
        mermaid_gantt=mermaid.gantt(groups, s.title, plan.status_date, locale),
        mermaid_flowchart=mermaid.flowchart(measures, locale),
        critical_path=tuple(rows[mid] for mid in plan.critical_path if mid in rows),
        critical_path_intro=b.t["critical_path_intro"].format(finish=b.date(plan.finish)),
        legal_groups=verdicts.legal_groups(b, measures),
        legal_bases=_legal_bases(b, measures, rows),
        exceeded=verdicts.exceeded(b, measures),
        verdict_counts=counts_,
        deadline_summary=verdicts.deadline_summary(b, counts_),
        findings=findings,
        organization=organization(b, measures),
        capacity=capacity,
        profiles=tuple(profile(b, p) for p in b.profiles),
        cancelled=tuple(b.measure_ref(mid) for mid in sorted(plan.cancelled)),
        calendar=_calendar(b),
        arbeitsplan=arbeitsplan(b),
        version=version(ws.root),
        baseline=slips,
        group_by=group_by,
        **_strategy_parts(b, measures),
    )
    return replace(ctx, strategy_css=_uses_strategy_constructs(ctx))


def _gantt(b: Builder, groups, lang: str, forecasts: list[str], base) -> tuple[str, Any]:
    """The Gantt SVG, with a baseline's bars when ``base`` is given, and the slippage view."""
    bars, slips = baseline(b, base[2], base[0], base[1]) if base else (None, None)
    svg = gantt_svg(
        groups, b.plan.status_date, b.locale, content_lang=lang, forecasts=forecasts, baseline=bars
    )
    return svg, slips


def _uses_strategy_constructs(c: PlanContext) -> bool:
    """Whether the plan shows focus areas, field goals, indicators, principles, references,
    external deliverables, periods or status dates (whose style rules are embedded then)."""
    rows = [r for f in c.fields for r in f.rows]
    return bool(
        c.principles
        or c.references
        or c.externals
        or any(f.depth > 1 or f.goals for f in c.fields)
        or any(g.indicators for g in c.goals)
        or any(r.details_md or r.as_of for r in rows)
    )


def _strategy_parts(b: Builder, measures: list[ScheduledMeasure]) -> dict[str, Any]:
    """What real strategies add: why there is no critical path, the principles matrix and
    the appendices of references and external deliverables."""
    models = [lm.model for m in measures if (lm := b.ws.measure_by_id.get(m.id)) is not None]
    ids = [m.id for m in measures]
    return {
        "critical_path_none": _no_critical_path(b, measures),
        "principles": items.principle_matrix(
            b.strategy, ids, {x.id: x for x in models}, b.measure_ref, b.locale
        ),
        "references": items.reference_groups(models, b.measure_ref, b.locale),
        "externals": items.externals(models, b.measure_ref, b.plan.status_date, b.locale),
    }


def _forecasts(b: Builder, measures: list[ScheduledMeasure]) -> list[str]:
    """Measures planned by a period and a duration: the bar is a forecast in the period."""
    return [
        m.id
        for m in measures
        if (lm := b.ws.measure_by_id.get(m.id)) is not None
        and lm.model.period is not None
        and lm.model.duration is not None
    ]


def _no_critical_path(b: Builder, measures: list[ScheduledMeasure]) -> str:
    """One true sentence for a plan without a critical path: no measures; no finish-to-start
    links (then nothing can be critical); links, but slack everywhere; or critical measures
    whose chain does not reach the end of the plan."""
    if not measures:
        return b.t["critical_path_empty"]
    if not any(m.depends_on for m in measures):
        return b.t["critical_path_no_links"]
    if not any(m.critical for m in measures):
        return b.t["critical_path_no_critical"]
    return b.t["critical_path_not_through"]


def _legal_bases(
    b: Builder, measures: list[ScheduledMeasure], rows: Rows
) -> tuple[LegalBasisRow, ...]:
    """The cited legal bases by obligation, deadline and id, with the measures citing them."""
    cited: dict[str, list[str]] = {}
    for m in measures:
        for ref in rows[m.id].legal:
            cited.setdefault(ref.id, []).append(m.id)
    rank = {key: n for n, key in enumerate(OBLIGATIONS)}

    def order(lid: str) -> tuple[int, dt.date, str]:
        if lid not in b.legal:
            return 9, dt.date.max, lid
        basis = b.legal[lid]
        return rank[basis.obligation.value], basis.deadline or dt.date.max, lid

    return tuple(_legal_basis(b, lid, cited[lid]) for lid in sorted(cited, key=order))


def _legal_basis(b: Builder, lid: str, measure_ids: list[str]) -> LegalBasisRow:
    basis = b.legal.get(lid)
    refs = tuple(b.measure_ref(mid) for mid in measure_ids)
    none = b.t["none"]
    if basis is None:  # not in the catalog: the id, and dashes
        return LegalBasisRow(
            lid, f"l-{lid}", lid, "", "voluntary", none, none, "", MdRaw(""), none, refs
        )
    return LegalBasisRow(
        id=lid,
        anchor=f"l-{lid}",
        title=basis.title,
        requires=basis.requires,
        obligation=basis.obligation.value,
        obligation_label=b.locale.obligation(basis.obligation.value),
        deadline=b.date(basis.deadline),
        source=basis.source,
        source_md=md_link(basis.title, basis.source),
        as_of=b.date(basis.as_of),
        measures=refs,
        certainty_note=basis.certainty_note or "" if basis.certainty != "certain" else "",
    )


def _figures(
    b: Builder,
    measures: list[ScheduledMeasure],
    verdict_counts: tuple[VerdictCount, ...],
    capacity: int,
) -> tuple[Figure, ...]:
    """The key figures of the overview."""
    t, loc, plan = b.t, b.locale, b.plan
    status_counts = counts(measures, "status")
    status_counts["cancelled"] = status_counts.get("cancelled", 0) + len(plan.cancelled)
    obligation_counts = counts(measures, "obligation")
    finish_text = b.date(plan.finish)
    if measures and plan.finish > plan.horizon_end:
        beyond = t["fig_beyond_horizon"].format(days=(plan.finish - plan.horizon_end).days)
        finish_text += f" ({beyond})"
    costs = [
        lm.model.cost
        for m in measures
        if (lm := b.ws.measure_by_id.get(m.id)) is not None and lm.model.cost is not None
    ]
    by_status = (
        f"{loc.status(k)} {status_counts.get(k, 0)}"
        for k in STATUSES
        if k != "unknown" or status_counts.get(k)  # shown only where it occurs
    )
    by_obligation = (f"{loc.obligation(k)} {obligation_counts.get(k, 0)}" for k in OBLIGATIONS)
    figures = [
        Figure(t["fig_measures"], loc.number(len(measures))),
        Figure(t["fig_by_status"], " · ".join(by_status)),
        Figure(t["fig_by_obligation"], " · ".join(by_obligation)),
        Figure(t["fig_start"], b.date(plan.start)),
        Figure(t["fig_finish"], finish_text if measures else t["none"]),
        Figure(t["fig_horizon"], b.date(plan.horizon_end)),
        Figure(t["fig_critical"], loc.number(sum(1 for m in measures if m.critical))),
        Figure(
            t["fig_deadlines"],
            " · ".join(f"{c.label} {loc.number(c.count)}" for c in verdict_counts) or t["none"],
        ),
        Figure(t["fig_capacity"], loc.number(capacity)),
        Figure(t["fig_progress"], progress_text(b, measures)),
    ]
    if costs:
        figures.append(Figure(t["fig_cost"], loc.money(sum(costs))))
    return tuple(figures)


def _calendar(b: Builder) -> CalendarContext:
    """The working calendar of the appendix: weekdays, public holidays, closures."""
    cal = b.plan.calendar
    return CalendarContext(
        state=cal.state,
        weekdays=", ".join(b.locale.weekday(d) for d in cal.weekdays),
        holidays_label=b.t["holidays_state"].format(state=cal.state),
        holidays=tuple(Figure(b.date(d), name) for d, name in b.locale.holidays(cal)),
        closures=tuple(Figure(f"{b.date(a)} – {b.date(z)}", title) for a, z, title in cal.closures),
    )
