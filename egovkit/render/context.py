"""The declared template contexts: typed, sorted, fully formatted.

Templates only loop and print. Everything else (sorting, grouping, date and number
formatting, German labels, status roll-ups, pre-rendered SVG and Markdown) happens in
Python: :mod:`egovkit.render.build` (the plan), :mod:`egovkit.render.rows` (one measure)
and :mod:`egovkit.render.profiles` (organisation and profiles).

Declared contexts:

- ``plan.md.j2`` and ``index.html.j2`` get a :class:`PlanContext` as ``c`` and the labels
  of the language as ``t``.
- ``profile.html.j2`` gets a :class:`ProfilePage` as ``c`` and the labels as ``t``.

Plain strings are user text or labels: the HTML environment escapes them, the Markdown
environment backslash-escapes them. :class:`markupsafe.Markup` (HTML) and
:class:`~egovkit.render.markdown.MdRaw` (Markdown) values are rendered by egovkit and
printed as they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from egovkit.render import markdown
from egovkit.render.context_arbeitsplan import ArbeitsplanContext
from egovkit.render.context_items import (
    ExternalItem,
    IndicatorView,
    OwnerItem,
    PrincipleMatrix,
    Ref,
    ReferenceGroup,
    ReferenceItem,
)
from egovkit.render.markdown import MdRaw

__all__ = ["ExternalItem", "IndicatorView", "OwnerItem", "Ref", "ReferenceItem"]

OBLIGATIONS = ("required", "standard", "voluntary")
_H3 = MdRaw("###")
STATUSES = ("planned", "in_progress", "done", "on_hold", "unknown", "cancelled")


@dataclass(frozen=True, slots=True)
class Figure:
    label: str
    value: str


@dataclass(frozen=True, slots=True)
class MeasureRow:
    id: str
    anchor: str  # HTML id of the row on index.html
    order: int  # 1-based position in the plan order
    title: str
    description_html: Markup
    field: str  # field title
    obligation: str  # required | standard | voluntary (CSS class)
    obligation_label: str
    obligation_letter: str
    status: str  # planned | in_progress | done | on_hold (CSS class)
    status_label: str  # with progress for measures in progress
    priority_label: str
    owner: str
    start: str
    start_iso: str
    finish: str
    finish_iso: str
    duration: str  # working days
    slack: str  # working days
    critical: bool
    critical_label: str
    milestone: bool
    # the measure's worst deadline (egovkit.plan.deadlines): date, verdict, who sets it
    deadline: str
    deadline_iso: str
    deadline_state: str  # none | on_time | late: the colour (CSS class)
    verdict: str  # none | met | met_late | on_time | at_risk | overdue (CSS class)
    deadline_label: str  # keine Frist / fristgerecht geplant / überschritten (+N AT) …
    deadline_source: str  # eigene Frist / Frist aus OZG-1 / ""
    legal: tuple[Ref, ...]
    depends_on: tuple[Ref, ...]
    profiles: tuple[Ref, ...]
    chain: str  # "A → B → C" for late measures, else ""
    capacity_delay: str  # working days, "0" when none
    findings: tuple[Ref, ...] = ()  # links to the check's findings about this measure
    # --- what real strategies say beyond the dates (empty where a strategy says nothing) ---
    owners: tuple[OwnerItem, ...] = ()  # every owner with its role; ``owner`` joins them
    field_path: str = ""  # "Digitale Infrastruktur › Breitband" where fields nest, else ""
    as_of: str = ""  # "Stand vom 30.06.2023 – veraltet", "" without as_of
    stale: bool = False  # the status is older than planning.stale_after_days
    window: str = ""  # the planned period as written ("2019 – 2026"), "" without one
    references: tuple[ReferenceItem, ...] = ()
    external: tuple[ExternalItem, ...] = ()
    related: tuple[Ref, ...] = ()
    indicators: tuple[IndicatorView, ...] = ()
    details_md: bool = False  # plan.md lists window, references … below the field's table


@dataclass(frozen=True, slots=True)
class GoalItem:
    id: str
    anchor: str
    title: str
    description: str
    measures: tuple[Ref, ...]
    indicators: tuple[IndicatorView, ...] = ()


@dataclass(frozen=True, slots=True)
class FieldSection:
    """A field of action or a focus area inside one, in strategy order (depth first)."""

    id: str
    anchor: str
    title: str
    description: str
    rollup: str  # of its own measures and those of its focus areas
    rows: tuple[MeasureRow, ...]  # its own measures (not those of its focus areas)
    depth: int = 1  # 1 field of action, 2 focus area, 3 sub-area
    heading: int = 3  # HTML heading level (h3 … h5)
    details_heading: int = 4  # of the indicator sections of its measures
    md_heading: MdRaw = _H3
    path: str = ""  # "Feld › Schwerpunkt" for focus areas, else the title
    goals: tuple[GoalItem, ...] = ()  # the goals of this field
    empty: bool = True  # no measures here and no focus areas: say "Keine Maßnahmen."
    indicator_rows: tuple[MeasureRow, ...] = ()  # rows with indicators, shown below the table
    detail_rows: tuple[MeasureRow, ...] = ()  # rows with details (plan.md lists them)


@dataclass(frozen=True, slots=True)
class DeadlineRow:
    """One measure against one deadline (or 'no deadline'), judged in the shared vocabulary."""

    measure: Ref
    obligation: str
    obligation_letter: str
    source: Ref  # the legal basis that sets the deadline (href to it), or the own deadline
    date: str  # "" when the measure has no deadline
    date_iso: str
    finish: str  # planned or actual finish
    finish_iso: str
    finish_label: str
    verdict: str  # met | met_late | on_time | at_risk | overdue | none (CSS class)
    verdict_label: str  # with the slip in working days where there is one
    chain: str  # driving chain of an exceeded deadline, else ""

    @property
    def exceeded(self) -> bool:
        return self.verdict in ("met_late", "at_risk", "overdue")


@dataclass(frozen=True, slots=True)
class VerdictCount:
    verdict: str
    label: str
    count: int


@dataclass(frozen=True, slots=True)
class FindingRow:
    anchor: str
    code: str
    severity: str  # error | warning | info (CSS class)
    severity_label: str
    title: str  # short title of the rule, in the plan's language
    where: str  # path:line:column
    message: str  # the check's message (English)
    measure: Ref | None


@dataclass(frozen=True, slots=True)
class LegalGroup:
    obligation: str
    label: str
    letter: str
    rows: tuple[DeadlineRow, ...]


@dataclass(frozen=True, slots=True)
class LegalBasisRow:
    id: str
    anchor: str
    title: str
    requires: str
    obligation: str
    obligation_label: str
    deadline: str
    source: str  # http(s) URL
    source_md: MdRaw  # the same as a Markdown link
    as_of: str
    measures: tuple[Ref, ...]
    certainty_note: str = ""  # why its binding effect on municipalities is not certain


@dataclass(frozen=True, slots=True)
class BodyRow:
    id: str
    anchor: str
    name: str
    kind: str
    tasks: tuple[str, ...]
    members: tuple[str, ...]
    meets: str


@dataclass(frozen=True, slots=True)
class RoleRow:
    id: str
    anchor: str
    name: str
    unit: str
    person: str
    tasks: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class UnitRow:
    id: str
    anchor: str
    name: str
    kind: str
    capacity: str
    measures: tuple[Ref, ...]


@dataclass(frozen=True, slots=True)
class OrgContext:
    bodies: tuple[BodyRow, ...]
    roles: tuple[RoleRow, ...]
    units: tuple[UnitRow, ...]


@dataclass(frozen=True, slots=True)
class PhaseRow:
    name: str
    start: str
    start_iso: str
    end: str
    end_iso: str


@dataclass(frozen=True, slots=True)
class MilestoneRow:
    title: str
    date: str
    date_iso: str
    measure: Ref | None


@dataclass(frozen=True, slots=True)
class ProfileDetail:
    id: str
    anchor: str  # on index.html
    href: str  # from index.html to the profile page
    title: str
    client: str
    lead: str
    participants: tuple[str, ...]
    period: str
    measures: tuple[MeasureRow, ...]  # links point back to index.html
    cancelled: tuple[Ref, ...]
    phases: tuple[PhaseRow, ...]
    milestones: tuple[MilestoneRow, ...]
    budget_total: str
    funding: str
    funding_source: str
    risks: tuple[str, ...]
    kpis: tuple[str, ...]
    body_html: Markup  # headings start at h3
    body_md: MdRaw  # headings start at ####
    timeline_svg: Markup
    indicator_rows: tuple[MeasureRow, ...] = ()  # measures with indicators


@dataclass(frozen=True, slots=True)
class CalendarContext:
    state: str
    weekdays: str
    holidays_label: str
    holidays: tuple[Figure, ...]  # date, name
    closures: tuple[Figure, ...]  # period, title


@dataclass(frozen=True, slots=True)
class PlanContext:
    lang: str
    content_lang: str  # language of the user text (planning.language)
    title: str
    municipality: str
    status_date: str
    status_date_iso: str
    leitbild_html: Markup
    leitbild_md: MdRaw
    goals: tuple[GoalItem, ...]
    figures: tuple[Figure, ...]
    fields: tuple[FieldSection, ...]
    gantt_svg: Markup
    depgraph_svg: Markup
    mermaid_gantt: MdRaw
    mermaid_flowchart: MdRaw
    critical_path: tuple[MeasureRow, ...]
    critical_path_intro: str
    critical_path_none: str  # why there is none: no measures, no links, or slack everywhere
    legal_groups: tuple[LegalGroup, ...]
    legal_bases: tuple[LegalBasisRow, ...]
    exceeded: tuple[DeadlineRow, ...]  # overdue and at-risk deadlines
    verdict_counts: tuple[VerdictCount, ...]
    deadline_summary: str  # one true sentence about all deadlines
    findings: tuple[FindingRow, ...]
    organization: OrgContext | None
    capacity: tuple[MeasureRow, ...]
    profiles: tuple[ProfileDetail, ...]
    cancelled: tuple[Ref, ...]
    calendar: CalendarContext
    principles: PrincipleMatrix | None = None  # only when the strategy declares principles
    references: tuple[ReferenceGroup, ...] = ()  # appendix "Bezüge und Beschlüsse"
    externals: tuple[ExternalItem, ...] = ()  # appendix "Externe Abhängigkeiten"
    strategy_css: bool = False  # the plan uses focus areas, indicators …: embed their rules
    arbeitsplan: ArbeitsplanContext | None = None  # summary, budget, RACI, risks, pictures
    version: str = ""  # of the repository (git describe), shown on the PDF cover
    group_by: str = "field"  # the Gantt's grouping: field or project
    baseline: Any = None  # egovkit.render.baseline.BaselineView with --baseline


@dataclass(frozen=True, slots=True)
class ProfilePage:
    lang: str
    content_lang: str  # language of the user text (planning.language)
    title: str  # strategy title
    municipality: str
    status_date: str
    status_date_iso: str
    index_href: str
    profile: ProfileDetail
    strategy_css: bool = False


def md_link(text: str, url: str) -> MdRaw:
    """``[text](<url>)``; only the text, escaped, if ``url`` is not a usable http(s) URL."""
    return markdown.link(text, url)
