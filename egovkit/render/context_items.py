"""Template contexts of what real strategies say about a measure or goal beyond its dates:
owners with roles, references, external deliverables, indicators and principles.

Like :mod:`egovkit.render.context`: typed, sorted and formatted in Python; templates only
place the values. Built in :mod:`egovkit.render.items` and :mod:`egovkit.render.indicators`.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from egovkit.render.markdown import MdRaw


@dataclass(frozen=True, slots=True)
class Ref:
    """A link to something: ``href`` is relative to the page it appears on."""

    id: str
    label: str
    href: str


@dataclass(frozen=True, slots=True)
class OwnerItem:
    """One unit sharing a measure: its name (user text) and its role, or "" when it is the
    sole lead, which the column heading already says."""

    name: str
    note: str  # federführend / beteiligt / extern (+ ", extern" for an external unit)


@dataclass(frozen=True, slots=True)
class ReferenceItem:
    """A council paper, programme or strategy a measure refers to."""

    kind: str  # council_paper | programme | strategy | other
    title: str  # user text
    detail: str  # "Vorlage V/2019/123, 14.05.2019": kind, number and date, formatted
    url: str  # http(s) URL or ""
    link_md: MdRaw  # the title as a Markdown link (only the text without a URL)


@dataclass(frozen=True, slots=True)
class ReferenceRow:
    """One document of the appendix "Bezüge und Beschlüsse", with the measures citing it."""

    title: str
    url: str
    link_md: MdRaw
    number: str  # the dash when none
    date: str  # the dash when none
    date_iso: str  # "" when none
    measures: tuple[Ref, ...]


@dataclass(frozen=True, slots=True)
class ReferenceGroup:
    kind: str
    label: str  # "Ratsbeschlüsse und Vorlagen" …
    rows: tuple[ReferenceRow, ...]


@dataclass(frozen=True, slots=True)
class ExternalItem:
    """A deliverable from outside the administration that a measure relies on."""

    id: str
    title: str  # user text
    by: str  # user text: who delivers it
    expected: str  # "Q4 2024", or "unbekannt"
    expected_label: str  # "erwartet Q4 2024"
    state: str  # delivered | pending | late (CSS class)
    state_label: str
    measures: tuple[Ref, ...] = ()


@dataclass(frozen=True, slots=True)
class IndicatorView:
    """One indicator: its chart (HTML only) and the figures of its text table."""

    id: str
    title: str  # user text
    unit: str
    baseline: str  # "12 % (31.12.2019)" or the dash
    latest: str  # the latest measured value with its date, or "noch keine Messwerte"
    target: str  # "80 % (31.12.2026)"
    source: str  # user text, "" when none
    chart_svg: Markup  # role="img" with <title> and <desc> that list every value


@dataclass(frozen=True, slots=True)
class PrincipleColumn:
    id: str
    title: str  # user text
    description: str
    count: str  # how many measures serve it, formatted


@dataclass(frozen=True, slots=True)
class PrincipleRow:
    measure: Ref
    cells: tuple[bool, ...]  # one per principle column, in their order


@dataclass(frozen=True, slots=True)
class PrincipleMatrix:
    columns: tuple[PrincipleColumn, ...]
    rows: tuple[PrincipleRow, ...]
