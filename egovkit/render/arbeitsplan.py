"""The Arbeitsplan context: management summary, decisions asked of the council, the
Beschlussvorschlag (the repository's text, else a draft built from the data), and the parts
built in :mod:`egovkit.render.money` and :mod:`egovkit.render.responsibility`."""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup

from egovkit.model.organization import BodyKind
from egovkit.plan.budget import Budget, budget
from egovkit.plan.deadlines import Verdict
from egovkit.render import drawings, markdown, money, responsibility
from egovkit.render.context_arbeitsplan import ArbeitsplanContext, Pair
from egovkit.render.rows import Builder


def arbeitsplan(b: Builder) -> ArbeitsplanContext:
    figures = budget(b.ws, b.plan)
    risks = responsibility.risks(b)
    council = council_name(b)
    given = b.strategy.resolution
    text = given if given else _draft_resolution(b, figures, council)
    return ArbeitsplanContext(
        summary=_summary(b, figures, risks),
        decisions=_decisions(b, figures, risks),
        resolution_html=markdown.to_html(text, top=3),
        resolution_md=markdown.to_markdown(text, top=3),
        resolution_drafted=not given,
        council=council,
        budget=money.budget_table(b, figures),
        effort=money.effort_table(b, figures),
        raci=responsibility.raci_matrix(b),
        risks=risks,
        risk_matrix=responsibility.risk_matrix(b, risks),
        reporting=responsibility.reporting(b),
        programmes=responsibility.programmes(b, b.profiles),
        architecture_svg=Markup(drawings.architecture(b)),
        organigram_svg=Markup(drawings.organigram(b)),
        organigram_outline=drawings.outline(b),
    )


def council_name(b: Builder) -> str:
    """The body that decides: the first council body, else "the council"."""
    if b.ws.organization is not None:
        for body in b.ws.organization.model.bodies:
            if body.kind is BodyKind.council:
                return body.name
    return b.t["council_default"]


def _verdicts(b: Builder) -> tuple[int, int]:
    verdicts = [v.verdict for m in b.plan.measures for v in m.deadlines]
    return verdicts.count(Verdict.overdue), verdicts.count(Verdict.at_risk)


def _met_late(b: Builder) -> int:
    return sum(v.verdict is Verdict.met_late for m in b.plan.measures for v in m.deadlines)


def _summary(b: Builder, figures: Budget, risks: Sequence) -> tuple[Pair, ...]:
    t, loc, plan = b.t, b.locale, b.plan
    measures = plan.measures
    critical = [mid for mid in plan.critical_path if mid in b.by_id]
    overdue, at_risk = _verdicts(b)
    out = [
        Pair(t["fig_measures"], loc.number(len(measures))),
        Pair(t["summary_period"], f"{b.date(plan.start)} – {b.date(plan.finish)}"),
        Pair(
            t["critical_path"],
            loc.text(
                "summary_critical_one" if len(critical) == 1 else "summary_critical",
                count=len(critical),
                finish=b.date(plan.finish),
            )
            if critical
            else t["none"],
        ),
        Pair(
            t["summary_deadlines"],
            loc.text("summary_verdicts", overdue=overdue, at_risk=at_risk, met_late=_met_late(b)),
        ),
        *money.money_figures(b, figures),
    ]
    high = sum(1 for r in risks if r.level == "high")
    if risks:
        out.append(Pair(t["risks"], loc.text("summary_risks", count=len(risks), high=high)))
    return tuple(out)


def _decisions(b: Builder, figures: Budget, risks: Sequence) -> tuple[str, ...]:
    """What the council must decide, each computed from the plan."""
    loc = b.locale
    out = [loc.text("decide_plan", title=b.strategy.title)]
    if figures.has_money and _ahead(b, figures, "own"):
        out.append(
            loc.text(
                "decide_budget",
                own=loc.money(_ahead(b, figures, "own")),
                in_years=_in_years(b, figures, "own"),
            )
        )
    overdue, at_risk = _verdicts(b)
    if overdue or at_risk:
        out.append(loc.text("decide_deadlines", overdue=overdue, at_risk=at_risk))
    for uy in figures.effort:
        if uy.exceeded:
            out.append(
                loc.text(
                    "decide_capacity",
                    unit=b.name(uy.unit),
                    year=uy.year,
                    effort=loc.decimal(uy.effort),
                    capacity=loc.decimal(uy.capacity or 0),
                )
            )
    high = sum(1 for r in risks if r.level == "high")
    if high:
        out.append(loc.text("decide_risks", count=high))
    return tuple(out)


def _ahead(b: Builder, figures: Budget, kind: str) -> int:
    """Euros of ``kind`` in the budget years from the status date's year on (what a council
    can still decide on; earlier years are spent or were decided)."""
    return sum(figures.total(kind, y) for y in figures.years if y >= b.plan.status_date.year)


def _in_years(b: Builder, figures: Budget, kind: str) -> str:
    """The years from the status date's year on with ``kind`` money: "im Haushaltsjahr
    2025" or "in den Haushaltsjahren 2024–2026"."""
    first = b.plan.status_date.year
    years = [y for y in figures.years if y >= first and figures.total(kind, y)]
    if not years:
        return ""
    if len(years) == 1:
        return b.locale.text("in_year", years=years[0])
    return b.locale.text("in_years", years=f"{years[0]}–{years[-1]}")


def _draft_resolution(b: Builder, figures: Budget, council: str) -> str:
    """A Beschlussvorschlag drafted from the data, as Markdown (numbered decisions)."""
    loc, plan = b.locale, b.plan
    fields = len(b.strategy.fields)
    items = [
        loc.text(
            "resolution_plan",
            title=b.strategy.title,
            measures=len(plan.measures),
            fields=fields,
            status=b.date(plan.status_date),
        ),
        loc.text("resolution_mandate", finish=b.date(plan.finish)),
    ]
    if figures.has_money and (_ahead(b, figures, "one_off") or _ahead(b, figures, "running")):
        items.append(
            loc.text(
                "resolution_budget",
                one_off=loc.money(_ahead(b, figures, "one_off")),
                funded=loc.money(_ahead(b, figures, "funded")),
                own=loc.money(_ahead(b, figures, "own")),
                in_years=_in_years(b, figures, "one_off") or _in_years(b, figures, "running"),
            )
        )
    cadence = _report_cadence(b)
    items.append(loc.text("resolution_report", council=council, cadence=cadence))
    lines = [loc.text("resolution_intro", council=markdown.inline(council))]
    lines += [f"{n}. {markdown.inline(item)}" for n, item in enumerate(items, start=1)]
    lines.append("")
    lines.append(f"*{loc.text('resolution_draft_note')}*")
    return "\n".join([*lines[:1], "", *lines[1:]])


def _report_cadence(b: Builder) -> str:
    """How often the deciding body hears about the plan: the ``meets`` of the body that
    receives reports, else of the council, else "regularly"."""
    if b.ws.organization is not None:
        bodies = b.ws.organization.model.bodies
        for body in (*[x for x in bodies if x.receives], *bodies):
            if body.meets and (body.receives or body.kind is BodyKind.council):
                return body.meets
    return b.t["cadence_default"]
