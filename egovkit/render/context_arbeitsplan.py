"""Template context of what an Arbeitsplan adds: management summary, decisions, budget by
year, effort, RACI, risks, reporting cycle, organigram, architecture picture, programmes.

Like :mod:`egovkit.render.context`, every value is formatted; templates only place them.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from egovkit.render.context_items import Ref
from egovkit.render.markdown import MdRaw


@dataclass(frozen=True, slots=True)
class Pair:
    label: str
    value: str


@dataclass(frozen=True, slots=True)
class MoneyRow:
    label: str
    cells: tuple[str, ...]  # one per budget year
    total: str
    kind: str  # field | one_off | funded | own | running | all (CSS class)


@dataclass(frozen=True, slots=True)
class BudgetTable:
    years: tuple[str, ...]
    fields: tuple[MoneyRow, ...]  # one-off cost by field of action
    totals: tuple[MoneyRow, ...]  # one-off, funded, own share, running, all
    sources: tuple[Pair, ...]  # funding source → euros
    note: str  # how the figures are computed
    measures_without_cost: tuple[Ref, ...]


@dataclass(frozen=True, slots=True)
class EffortRow:
    unit: str
    year: str
    effort: str
    capacity: str
    exceeded: bool
    state: str  # "über Kapazität" / "im Rahmen" / "keine Kapazität angegeben"
    measures: tuple[Ref, ...]


@dataclass(frozen=True, slots=True)
class EffortTable:
    rows: tuple[EffortRow, ...]
    total: str
    note: str
    exceeded: int


@dataclass(frozen=True, slots=True)
class RaciRow:
    measure: Ref
    cells: tuple[str, ...]  # "R", "A", "R, A" … per party, "" when none
    derived: bool  # some letters derived, not given
    more: str = ""  # parties without a column of their own, with their letters


@dataclass(frozen=True, slots=True)
class RaciMatrix:
    parties: tuple[str, ...]
    rows: tuple[RaciRow, ...]
    legend: str
    more: bool  # some parties have no column: the last column names them


@dataclass(frozen=True, slots=True)
class RiskRow:
    number: int
    anchor: str
    title: str
    probability: str
    impact: str
    level: str  # low | medium | high: probability × impact (CSS class)
    level_label: str
    owner: str
    countermeasure: str
    measures: tuple[Ref, ...]
    source: str  # "Gesamtplan" or the profile's title


@dataclass(frozen=True, slots=True)
class RiskCell:
    level: str  # low | medium | high (CSS class)
    numbers: tuple[int, ...]  # risk numbers in the cell


@dataclass(frozen=True, slots=True)
class RiskMatrixRow:
    impact: str
    cells: tuple[RiskCell, ...]  # probability low → high


@dataclass(frozen=True, slots=True)
class RiskMatrix:
    probabilities: tuple[str, ...]
    rows: tuple[RiskMatrixRow, ...]  # impact high → low


@dataclass(frozen=True, slots=True)
class ReportingRow:
    body: str
    kind: str
    cadence: str
    receives: str
    reports_to: str


@dataclass(frozen=True, slots=True)
class SubProjectRow:
    id: str
    title: str
    lead: str
    measures: tuple[Ref, ...]
    phases: tuple[str, ...]  # "Konzeption: 01.03.2020 – 31.03.2020"
    period: str
    status: str


@dataclass(frozen=True, slots=True)
class ProgrammeView:
    id: str
    title: str
    href: str
    subprojects: tuple[SubProjectRow, ...]
    phases: tuple[str, ...]
    funding: tuple[Pair, ...]
    transferability: tuple[Pair, ...]


@dataclass(frozen=True, slots=True)
class OutlineItem:
    depth: int  # 0 = top level
    text: str

    @property
    def md_indent(self) -> MdRaw:
        """Spaces that nest a Markdown list item at this depth."""
        return MdRaw("  " * self.depth)


@dataclass(frozen=True, slots=True)
class ArbeitsplanContext:
    summary: tuple[Pair, ...]  # key figures of the management summary
    decisions: tuple[str, ...]  # what the council is asked to decide or release
    resolution_html: Markup
    resolution_md: MdRaw
    resolution_drafted: bool  # True: egovkit's draft, not a text from the repository
    council: str  # who decides
    budget: BudgetTable | None
    effort: EffortTable | None
    raci: RaciMatrix | None
    risks: tuple[RiskRow, ...]
    risk_matrix: RiskMatrix | None
    reporting: tuple[ReportingRow, ...]
    programmes: tuple[ProgrammeView, ...]
    architecture_svg: Markup
    organigram_svg: Markup
    organigram_outline: tuple[OutlineItem, ...]
