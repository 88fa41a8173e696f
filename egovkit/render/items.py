"""What a measure of a real strategy carries beyond its dates, formatted for the plan:
owners with roles, the planned period, the age of its status, references, external
deliverables and principles; and the appendices that list references and deliverables of
all measures.

Functions take the model and a :class:`~egovkit.render.locale.Locale` and return the
declared contexts of :mod:`egovkit.render.context_items`; nothing here judges the schedule
(external deliverables and related measures never move a date or make a measure critical).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence

from egovkit.model import Measure, Strategy
from egovkit.model.measure import External, Owner, OwnerRole, Reference, ReferenceKind
from egovkit.model.spans import Period, Span
from egovkit.render.context_items import (
    ExternalItem,
    OwnerItem,
    PrincipleColumn,
    PrincipleMatrix,
    PrincipleRow,
    Ref,
    ReferenceGroup,
    ReferenceItem,
    ReferenceRow,
)
from egovkit.render.locale import Locale
from egovkit.render.markdown import link

#: Appendix groups in this order; council papers first (they decide), by date.
REFERENCE_KINDS = tuple(k.value for k in ReferenceKind)
#: Finished and dropped measures have no status that could grow old.
_NOT_STALE = ("done", "cancelled")


def owner_items(owners: Sequence[Owner], name: Callable[[str], str], external_units: set[str],
                locale: Locale) -> tuple[OwnerItem, ...]:  # fmt: skip
    """Every owner with its role; a sole lead needs no role (the column says it), an
    external unit is marked either way."""
    external = locale.unit_kind("external")
    sole_lead = len(owners) == 1 and owners[0].role is OwnerRole.lead
    items = []
    for o in owners:
        notes = [] if sole_lead else [locale.role(o.role.value)]
        if o.unit in external_units and o.role is not OwnerRole.external:
            notes.append(external)
        items.append(OwnerItem(name(o.unit), ", ".join(notes)))
    return tuple(items)


def owner_text(items: Iterable[OwnerItem], none: str) -> str:
    """The owners on one line: ``IT (federführend); Stadtwerke (extern)``."""
    return "; ".join(f"{o.name} ({o.note})" if o.note else o.name for o in items) or none


def span_text(span: Span, locale: Locale) -> str:
    return locale.span(span.first, span.last, span.precision.value)


def period_text(period: Period | None, locale: Locale) -> str:
    """``2019 – 2026``, ``Q2 2024``: the planned period as the strategy writes it."""
    if period is None:
        return ""
    start, end = span_text(period.start, locale), span_text(period.end, locale)
    return start if start == end else f"{start} – {end}"


def status_age(model: Measure | None, status_date: dt.date, limit: int,
               locale: Locale) -> tuple[str, bool]:  # fmt: skip
    """("Stand vom 30.06.2023 – veraltet", stale) of a measure with ``as_of``; stale as the
    check C007 has it: older than ``limit`` days at the status date, not done or cancelled."""
    if model is None or model.as_of is None:
        return "", False
    label = locale.text("as_of_label", date=locale.date(model.as_of))
    stale = model.status.value not in _NOT_STALE and (status_date - model.as_of).days > limit
    if stale:
        label += f" – {locale.labels['stale']}"
    return label, stale


def reference_items(refs: Iterable[Reference], locale: Locale) -> tuple[ReferenceItem, ...]:
    return tuple(
        ReferenceItem(
            kind=r.kind.value,
            title=r.title,
            detail=_reference_detail(r, locale),
            url=r.url or "",
            link_md=link(r.title, r.url or ""),
        )
        for r in refs
    )


def _reference_detail(r: Reference, locale: Locale) -> str:
    kind = locale.labels[f"ref_{r.kind.value}"]
    parts = [f"{kind} {r.number}" if r.number else kind]
    if r.date is not None:
        parts.append(locale.date(r.date))
    return ", ".join(parts)


def external_items(items: Iterable[External], status_date: dt.date,
                   locale: Locale) -> tuple[ExternalItem, ...]:  # fmt: skip
    return tuple(_external(e, status_date, locale) for e in items)


def _external(e: External, status_date: dt.date, locale: Locale,
              measures: tuple[Ref, ...] = ()) -> ExternalItem:  # fmt: skip
    if e.delivered:
        state = "delivered"
    elif e.expected is not None and e.expected.last < status_date:
        state = "late"
    else:
        state = "pending"
    expected = span_text(e.expected, locale) if e.expected else locale.labels["expected_unknown"]
    label = locale.labels[f"external_{state}"]
    when = locale.text("expected_short", when=expected)
    return ExternalItem(e.id, e.title, e.by, expected, when, state, label, measures)


def externals(models: Sequence[Measure], ref: Callable[[str], Ref], status_date: dt.date,
              locale: Locale) -> tuple[ExternalItem, ...]:  # fmt: skip
    """Every external deliverable once (the same one named by several measures is merged),
    by expected date (unknown last), then title."""
    found: dict[tuple, list[str]] = {}
    first: dict[tuple, External] = {}
    for m in models:
        for e in m.external:
            key = (e.id, e.title, e.by, str(e.expected), e.delivered)
            found.setdefault(key, []).append(m.id)
            first.setdefault(key, e)

    def order(key: tuple) -> tuple:
        e = first[key]
        return (e.expected is None, e.expected.last if e.expected else dt.date.max, e.title, key)

    return tuple(
        _external(first[k], status_date, locale, tuple(ref(mid) for mid in found[k]))
        for k in sorted(found, key=order)
    )


def reference_groups(models: Sequence[Measure], ref: Callable[[str], Ref],
                     locale: Locale) -> tuple[ReferenceGroup, ...]:  # fmt: skip
    """Every referenced document once, grouped by kind, by date (undated last), number and
    title, with the measures that cite it."""
    found: dict[tuple, list[str]] = {}
    for m in models:
        for r in m.references:
            key = (r.kind.value, r.date or dt.date.max, r.number or "", r.title, r.url or "")
            if m.id not in found.setdefault(key, []):
                found[key].append(m.id)
    groups = []
    none = locale.labels["none"]
    for kind in REFERENCE_KINDS:
        rows = tuple(
            ReferenceRow(
                title=title,
                url=url,
                link_md=link(title, url),
                number=number or none,
                date=locale.date(day) if day != dt.date.max else none,
                date_iso=day.isoformat() if day != dt.date.max else "",
                measures=tuple(ref(mid) for mid in found[key]),
            )
            for key in sorted(k for k in found if k[0] == kind)
            for _, day, number, title, url in [key]
        )
        if rows:
            groups.append(ReferenceGroup(kind, locale.labels[f"ref_group_{kind}"], rows))
    return tuple(groups)


def principle_matrix(strategy: Strategy, measure_ids: Sequence[str],
                     models: Mapping[str, Measure], ref: Callable[[str], Ref],
                     locale: Locale) -> PrincipleMatrix | None:  # fmt: skip
    """Measures (plan order) × declared principles; None when the strategy declares none.
    Principle ids a strategy does not declare (finding R011) are left out."""
    if not strategy.principles:
        return None
    declared = [p.id for p in strategy.principles]
    serves = {mid: set(models[mid].principles) if mid in models else set() for mid in measure_ids}
    columns = tuple(
        PrincipleColumn(
            p.id,
            p.title,
            p.description or "",
            locale.number(sum(1 for mid in measure_ids if p.id in serves[mid])),
        )
        for p in strategy.principles
    )
    rows = tuple(
        PrincipleRow(ref(mid), tuple(pid in serves[mid] for pid in declared)) for mid in measure_ids
    )
    return PrincipleMatrix(columns, rows)
