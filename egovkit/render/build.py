"""Build the :class:`~egovkit.render.context.PlanContext` of ``plan.md.j2`` and ``index.html.j2``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import replace

from markupsafe import Markup

from egovkit.diagnostics.record import Diagnostic
from egovkit.load.workspace import Workspace
from egovkit.plan.schedule import Plan, ScheduledMeasure
from egovkit.render import markdown, mermaid, verdicts
from egovkit.render.context import (
    OBLIGATIONS,
    STATUSES,
    CalendarContext,
    FieldSection,
    Figure,
    GoalItem,
    LegalBasisRow,
    MeasureRow,
    PlanContext,
    VerdictCount,
    md_link,
)
from egovkit.render.depgraph import depgraph_svg
from egovkit.render.gantt import GanttGroup, gantt_svg
from egovkit.render.locale import Locale
from egovkit.render.markdown import MdRaw
from egovkit.render.profiles import build_profile_page, organization, profile
from egovkit.render.rows import Builder, counts, progress

__all__ = ["build_plan_context", "build_profile_page"]

Rows = dict[str, MeasureRow]  # measure id → its table row


def build_plan_context(
    ws: Workspace, plan: Plan, locale: Locale, found: Iterable[Diagnostic] = ()
) -> PlanContext:
    """The context of the plan pages; ``found`` are the check's findings to show in it."""
    b = Builder(ws, plan, locale)
    s = b.strategy
    measures = sorted(plan.measures, key=lambda m: m.order)
    findings = verdicts.findings(b, found)
    marks = verdicts.finding_refs(findings)
    rows = {m.id: replace(b.row(m), findings=marks.get(m.id, ())) for m in measures}
    fields, groups = _fields(b, measures, rows)
    counts_ = verdicts.verdict_counts(b, measures)
    capacity = tuple(rows[m.id] for m in measures if m.capacity_delay > 0)
    lang = s.planning.language.value  # of the user text, marked where the page differs
    return PlanContext(
        lang=locale.language,
        content_lang=lang,
        title=s.title,
        municipality=s.municipality.name,
        status_date=b.date(plan.status_date),
        status_date_iso=plan.status_date.isoformat(),
        leitbild_html=markdown.to_html(s.leitbild, top=3),
        leitbild_md=markdown.to_markdown(s.leitbild, top=3),
        goals=_goals(b, measures),
        figures=_figures(b, measures, counts_, len(capacity)),
        fields=fields,
        gantt_svg=Markup(gantt_svg(groups, plan.status_date, locale, content_lang=lang)),
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
    )


def _fields(
    b: Builder, measures: list[ScheduledMeasure], rows: Rows
) -> tuple[tuple[FieldSection, ...], tuple[GanttGroup, ...]]:
    """Fields in strategy order, measures in plan order; unknown fields last, by id."""
    by_field: dict[str, list[ScheduledMeasure]] = {}
    for m in measures:
        by_field.setdefault(m.field, []).append(m)
    field_list = [(f.id, f.title, f.description or "") for f in b.strategy.fields]
    known = {f.id for f in b.strategy.fields}
    other = b.t["other_field"]
    field_list += [(fid, f"{other}: {fid}", "") for fid in sorted(set(by_field) - known)]
    fields, groups = [], []
    for fid, title, description in field_list:
        items = by_field.get(fid, [])
        rollup = b.t["field_rollup"].format(
            done=sum(1 for m in items if m.status.value == "done"),
            total=len(items),
            active=sum(1 for m in items if m.status.value == "in_progress"),
            progress=b.locale.percent(progress(items)),
        )
        fields.append(
            FieldSection(
                fid, f"f-{fid}", title, description, rollup, tuple(rows[m.id] for m in items)
            )
        )
        groups.append(GanttGroup(f"f-{fid}", title, tuple(items)))
    return tuple(fields), tuple(groups)


def _goals(b: Builder, measures: list[ScheduledMeasure]) -> tuple[GoalItem, ...]:
    """Every strategic goal with the measures serving it, in plan order."""
    serving: dict[str, list[str]] = {}
    for m in measures:
        if (lm := b.ws.measure_by_id.get(m.id)) is not None:
            for gid in dict.fromkeys(lm.model.goals):
                serving.setdefault(gid, []).append(m.id)
    return tuple(
        GoalItem(
            g.id,
            f"g-{g.id}",
            g.title,
            g.description or "",
            tuple(b.measure_ref(mid) for mid in serving.get(g.id, [])),
        )
        for g in b.strategy.goals
    )


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
        Figure(t["fig_progress"], _progress_text(b, measures)),
    ]
    if costs:
        figures.append(Figure(t["fig_cost"], loc.money(sum(costs))))
    return tuple(figures)


def _progress_text(b: Builder, measures: list[ScheduledMeasure]) -> str:
    text = b.locale.percent(progress(measures))
    unknown = sum(1 for m in measures if m.status.value == "unknown")
    if unknown:
        text += f" ({b.t['fig_progress_unknown'].format(count=b.locale.number(unknown))})"
    return text


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
