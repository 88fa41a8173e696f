"""Build the :class:`~egovkit.render.context.PlanContext` of ``plan.md.j2`` and ``index.html.j2``."""

from __future__ import annotations

import datetime as dt

from markupsafe import Markup

from egovkit.load.workspace import Workspace
from egovkit.plan.schedule import Plan, ScheduledMeasure
from egovkit.render import i18n, markdown, mermaid
from egovkit.render.context import (
    OBLIGATIONS,
    STATUSES,
    CalendarContext,
    FieldSection,
    Figure,
    GoalItem,
    LegalBasisRow,
    LegalGroup,
    PlanContext,
    md_link,
)
from egovkit.render.depgraph import depgraph_svg
from egovkit.render.gantt import GanttGroup, gantt_svg
from egovkit.render.markdown import MdRaw
from egovkit.render.profiles import build_profile_page, organization, profile
from egovkit.render.rows import Builder, counts, progress

__all__ = ["build_plan_context", "build_profile_page"]


def build_plan_context(ws: Workspace, plan: Plan, lang: str) -> PlanContext:
    b = Builder(ws, plan, lang)
    t, s = b.t, b.strategy
    measures = sorted(plan.measures, key=lambda m: m.order)
    rows = {m.id: b.row(m) for m in measures}

    # Fields in strategy order, measures in plan order; unknown fields last, by id.
    by_field: dict[str, list[ScheduledMeasure]] = {}
    for m in measures:
        by_field.setdefault(m.field, []).append(m)
    field_list = [(f.id, f.title, f.description or "") for f in s.fields]
    known = {f.id for f in s.fields}
    field_list += [(fid, f"{t['other_field']}: {fid}", "") for fid in sorted(set(by_field) - known)]
    fields, groups = [], []
    for fid, title, description in field_list:
        items = by_field.get(fid, [])
        done = sum(1 for m in items if m.status.value == "done")
        active = sum(1 for m in items if m.status.value == "in_progress")
        rollup = t["field_rollup"].format(
            done=done,
            total=len(items),
            active=active,
            progress=i18n.fmt_percent(progress(items), lang),
        )
        fields.append(
            FieldSection(
                fid, f"f-{fid}", title, description, rollup, tuple(rows[m.id] for m in items)
            )
        )
        groups.append(GanttGroup(f"f-{fid}", title, tuple(items)))

    serving: dict[str, list[str]] = {}  # goal id → measures in plan order
    for m in measures:
        if (lm := ws.measure_by_id.get(m.id)) is not None:
            for gid in dict.fromkeys(lm.model.goals):
                serving.setdefault(gid, []).append(m.id)
    goals = []
    for g in s.goals:
        served = serving.get(g.id, [])
        goals.append(
            GoalItem(
                g.id,
                f"g-{g.id}",
                g.title,
                g.description or "",
                tuple(b.measure_ref(mid) for mid in served),
            )
        )

    # Legal compliance: every measure with a legal basis, a deadline or a binding class.
    legal_groups = []
    for key in OBLIGATIONS:
        group = [
            rows[m.id]
            for m in measures
            if m.obligation.value == key and (rows[m.id].legal or m.deadline or key != "voluntary")
        ]
        if group:
            legal_groups.append(
                LegalGroup(
                    key, i18n.OBLIGATION[lang][key], i18n.OBLIGATION_LETTER[lang][key], tuple(group)
                )
            )
    cited: dict[str, list[str]] = {}
    for m in measures:
        for ref in rows[m.id].legal:
            cited.setdefault(ref.id, []).append(m.id)
    legal_bases = []
    rank = {key: n for n, key in enumerate(OBLIGATIONS)}
    for lid in sorted(
        cited,
        key=lambda lid: (
            rank[b.legal[lid].obligation.value] if lid in b.legal else 9,
            b.legal[lid].deadline or dt.date.max if lid in b.legal else dt.date.max,
            lid,
        ),
    ):
        basis = b.legal.get(lid)
        refs = tuple(b.measure_ref(mid) for mid in cited[lid])
        if basis is None:
            legal_bases.append(
                LegalBasisRow(
                    lid,
                    f"l-{lid}",
                    lid,
                    "",
                    "voluntary",
                    t["none"],
                    t["none"],
                    "",
                    MdRaw(""),
                    t["none"],
                    refs,
                )
            )
            continue
        legal_bases.append(
            LegalBasisRow(
                id=lid,
                anchor=f"l-{lid}",
                title=basis.title,
                requires=basis.requires,
                obligation=basis.obligation.value,
                obligation_label=i18n.OBLIGATION[lang][basis.obligation.value],
                deadline=b.date(basis.deadline),
                source=basis.source,
                source_md=md_link(basis.title, basis.source),
                as_of=b.date(basis.as_of),
                measures=refs,
            )
        )

    critical_rows = tuple(rows[mid] for mid in plan.critical_path if mid in rows)
    at_risk = tuple(rows[m.id] for m in measures if m.deadline_slip > 0)
    capacity = tuple(rows[m.id] for m in measures if m.capacity_delay > 0)

    # Key figures.
    status_counts = counts(measures, "status")
    status_counts["cancelled"] = status_counts.get("cancelled", 0) + len(plan.cancelled)
    obligation_counts = counts(measures, "obligation")
    finish_text = b.date(plan.finish)
    if measures and plan.finish > plan.horizon_end:
        finish_text += (
            " (" + t["fig_beyond_horizon"].format(days=(plan.finish - plan.horizon_end).days) + ")"
        )
    costs = [
        lm.model.cost
        for m in measures
        if (lm := ws.measure_by_id.get(m.id)) is not None and lm.model.cost is not None
    ]
    figures = [
        Figure(t["fig_measures"], i18n.fmt_int(len(measures), lang)),
        Figure(
            t["fig_by_status"],
            " · ".join(f"{i18n.STATUS[lang][k]} {status_counts.get(k, 0)}" for k in STATUSES),
        ),
        Figure(
            t["fig_by_obligation"],
            " · ".join(
                f"{i18n.OBLIGATION[lang][k]} {obligation_counts.get(k, 0)}" for k in OBLIGATIONS
            ),
        ),
        Figure(t["fig_start"], b.date(plan.start)),
        Figure(t["fig_finish"], finish_text if measures else t["none"]),
        Figure(t["fig_horizon"], b.date(plan.horizon_end)),
        Figure(t["fig_critical"], i18n.fmt_int(sum(1 for m in measures if m.critical), lang)),
        Figure(t["fig_at_risk"], i18n.fmt_int(len(at_risk), lang)),
        Figure(t["fig_capacity"], i18n.fmt_int(len(capacity), lang)),
        Figure(t["fig_progress"], i18n.fmt_percent(progress(measures), lang)),
    ]
    if costs:
        figures.append(Figure(t["fig_cost"], i18n.fmt_money(sum(costs), lang)))

    cal = plan.calendar
    calendar = CalendarContext(
        state=cal.state,
        weekdays=", ".join(i18n.WEEKDAYS[lang].get(d, d) for d in cal.weekdays),
        holidays_label=t["holidays_state"].format(state=cal.state),
        holidays=tuple(Figure(b.date(d), name) for d, name in cal.holidays),
        closures=tuple(Figure(f"{b.date(a)} – {b.date(z)}", title) for a, z, title in cal.closures),
    )
    cancelled = tuple(b.measure_ref(mid) for mid in sorted(plan.cancelled))

    return PlanContext(
        lang=lang,
        title=s.title,
        municipality=s.municipality.name,
        status_date=b.date(plan.status_date),
        status_date_iso=plan.status_date.isoformat(),
        leitbild_html=markdown.to_html(s.leitbild, top=3),
        leitbild_md=markdown.to_markdown(s.leitbild, top=3),
        goals=tuple(goals),
        figures=tuple(figures),
        fields=tuple(fields),
        gantt_svg=Markup(gantt_svg(groups, plan.status_date, lang)),
        depgraph_svg=Markup(depgraph_svg(measures, lang)),
        mermaid_gantt=mermaid.gantt(groups, s.title, plan.status_date, lang),
        mermaid_flowchart=mermaid.flowchart(measures, lang),
        critical_path=critical_rows,
        critical_path_intro=t["critical_path_intro"].format(finish=b.date(plan.finish)),
        legal_groups=tuple(legal_groups),
        legal_bases=tuple(legal_bases),
        at_risk=at_risk,
        organization=organization(b, measures),
        capacity=capacity,
        profiles=tuple(profile(b, p) for p in b.profiles),
        cancelled=cancelled,
        calendar=calendar,
    )
