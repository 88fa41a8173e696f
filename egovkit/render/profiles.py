"""Contexts for the implementation organisation and the project profiles (Steckbriefe)."""

from __future__ import annotations

from markupsafe import Markup

from egovkit.model import Profile
from egovkit.model.profile import Budget, Milestone, Phase
from egovkit.plan.schedule import ScheduledMeasure
from egovkit.render import markdown
from egovkit.render.context import (
    BodyRow,
    MilestoneRow,
    OrgContext,
    PhaseRow,
    PlanContext,
    ProfileDetail,
    ProfilePage,
    RoleRow,
    UnitRow,
)
from egovkit.render.gantt import TimelineItem, timeline_svg
from egovkit.render.rows import Builder


def organization(b: Builder, measures: list[ScheduledMeasure]) -> OrgContext | None:
    org, t, loc = b.org, b.t, b.locale
    if org is None:
        return None
    owned: dict[str, list[str]] = {}
    for m in measures:
        loaded = b.ws.measure_by_id.get(m.id)
        units = [o.unit for o in loaded.model.all_owners] if loaded else []
        for unit in units or ([m.owner] if m.owner else []):
            owned.setdefault(unit, []).append(m.id)
    bodies = tuple(
        BodyRow(
            x.id,
            f"o-{x.id}",
            x.name,
            loc.body_kind(x.kind.value),
            tuple(x.tasks),
            tuple(b.name(mid) for mid in x.members),
            x.meets or t["none"],
        )
        for x in org.bodies
    )
    roles = tuple(
        RoleRow(x.id, f"o-{x.id}", x.name, b.name(x.unit), x.person or t["none"], tuple(x.tasks))
        for x in org.roles
    )
    units = tuple(
        UnitRow(
            x.id,
            f"o-{x.id}",
            x.name,
            loc.unit_kind(x.kind.value),
            str(x.capacity) if x.capacity else t["unlimited"],
            tuple(b.measure_ref(mid) for mid in owned.get(x.id, ())),
        )
        for x in org.units
    )
    return OrgContext(bodies, roles, units)


def profile(b: Builder, p: Profile) -> ProfileDetail:
    meta = p.meta
    scheduled = sorted(
        (b.by_id[mid] for mid in meta.measures if mid in b.by_id), key=lambda m: m.order
    )
    phases = sorted(meta.phases, key=lambda ph: (ph.start, ph.end, ph.name))
    milestones = sorted(meta.milestones, key=lambda ms: (ms.date, ms.title))
    budget_total, funding, funding_source = _budget(b, meta.budget)
    rows = tuple(b.row(m, prefix="../index.html#", profile_prefix="") for m in scheduled)
    return ProfileDetail(
        id=meta.id,
        anchor=f"p-{meta.id}",
        href=f"profiles/{meta.id}.html",
        title=meta.title,
        client=b.name(meta.client),
        lead=b.name(meta.lead),
        participants=tuple(b.name(x) for x in meta.participants),
        period=_period(b, phases, scheduled),
        measures=rows,
        cancelled=tuple(b.measure_ref(mid) for mid in meta.measures if mid not in b.by_id),
        phases=tuple(
            PhaseRow(
                ph.name, b.date(ph.start), ph.start.isoformat(), b.date(ph.end), ph.end.isoformat()
            )
            for ph in phases
        ),
        milestones=tuple(
            MilestoneRow(
                ms.title,
                b.date(ms.date),
                ms.date.isoformat(),
                b.measure_ref(ms.measure, "../index.html#") if ms.measure else None,
            )
            for ms in milestones
        ),
        budget_total=budget_total,
        funding=funding,
        funding_source=funding_source,
        risks=tuple(r if isinstance(r, str) else r.title for r in meta.risks),
        kpis=tuple(meta.kpis),
        body_html=markdown.to_html(p.body, top=3),
        body_md=markdown.to_markdown(p.body, top=4),
        timeline_svg=_timeline(b, meta.id, phases, milestones),
        indicator_rows=tuple(r for r in rows if r.indicators),
    )


def _period(b: Builder, phases: list[Phase], scheduled: list[ScheduledMeasure]) -> str:
    """First to last day of the phases, else of the measures, else the dash."""
    if phases:
        return f"{b.date(phases[0].start)} – {b.date(max(ph.end for ph in phases))}"
    if scheduled:
        first, last = min(m.start for m in scheduled), max(m.finish for m in scheduled)
        return f"{b.date(first)} – {b.date(last)}"
    return b.t["none"]


def _timeline(b: Builder, pid: str, phases: list[Phase], milestones: list[Milestone]) -> Markup:
    items = [TimelineItem(ph.name, ph.start, ph.end, False) for ph in phases]
    items += [
        TimelineItem(
            ms.title,
            ms.date,
            ms.date,
            True,
            f"../index.html#m-{ms.measure}" if ms.measure in b.by_id else None,
        )
        for ms in milestones
    ]
    if not items:
        return Markup("")
    lang = b.strategy.planning.language.value
    svg = timeline_svg(items, b.plan.status_date, b.locale, f"timeline-{pid}", content_lang=lang)
    return Markup(svg)


def _budget(b: Builder, budget: Budget | None) -> tuple[str, str, str]:
    """Total budget, funding and funding programme, formatted; the dash where missing."""
    none = b.t["none"]
    if budget is None:
        return none, none, none
    return (
        b.locale.money(budget.total),
        b.locale.money(budget.funding) if budget.funding else none,
        budget.funding_source or none,
    )


def build_profile_page(plan_ctx: PlanContext, profile: ProfileDetail) -> ProfilePage:
    return ProfilePage(
        lang=plan_ctx.lang,
        content_lang=plan_ctx.content_lang,
        title=plan_ctx.title,
        municipality=plan_ctx.municipality,
        status_date=plan_ctx.status_date,
        status_date_iso=plan_ctx.status_date_iso,
        index_href="../index.html",
        profile=profile,
        strategy_css=plan_ctx.strategy_css,
    )
