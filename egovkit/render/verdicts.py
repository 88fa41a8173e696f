"""Deadline verdicts and check findings as the plan shows them: one vocabulary everywhere.

Every row of the compliance table, every overview count and every sentence about deadlines
is built here from :attr:`ScheduledMeasure.deadlines` (egovkit.plan.deadlines), so no part of
a document can call a measure on time while one of its deadlines is exceeded.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from egovkit.diagnostics.record import Diagnostic, Severity
from egovkit.plan.deadlines import SEVERITY, Verdict
from egovkit.plan.result import ScheduledMeasure, chain_text
from egovkit.render.context import (
    OBLIGATIONS,
    DeadlineRow,
    FindingRow,
    LegalGroup,
    Ref,
    VerdictCount,
)
from egovkit.render.rows import Builder

#: CSS classes of each verdict: the old state class (colour) plus the verdict itself.
EXCEEDED = (Verdict.overdue, Verdict.at_risk)


def source_ref(b: Builder, source: str, prefix: str = "#") -> Ref:
    if source == "measure":
        return Ref("", b.t["deadline_own"], "")
    if source == "period":  # the end of the measure's planned period
        return Ref("", b.t["deadline_period"], "")
    title = b.legal[source].title if source in b.legal else source
    return Ref(source, title, f"{prefix}l-{source}")


def deadline_rows(b: Builder, m: ScheduledMeasure, prefix: str = "#") -> tuple[DeadlineRow, ...]:
    """One row per deadline of ``m``; a single 'no deadline' row when it has none."""
    ref = b.measure_ref(m.id, prefix)
    finish_label = b.t["actual_finish"] if m.status.value == "done" else b.t["planned_finish"]
    common = {
        "measure": ref,
        "obligation": m.obligation.value,
        "obligation_letter": b.locale.obligation_letter(m.obligation.value),
        "finish": b.date(m.finish),
        "finish_iso": m.finish.isoformat(),
        "finish_label": finish_label,
    }
    if not m.deadlines:
        return (
            DeadlineRow(
                **common, source=Ref("", b.t["none"], ""), date="", date_iso="",
                verdict="none", verdict_label=b.t["no_deadline"], chain="",
            ),
        )  # fmt: skip
    chain = chain_text(m.driving_chain, b.left_out) if len(m.driving_chain) > 1 else ""
    return tuple(
        DeadlineRow(
            **common,
            source=source_ref(b, v.source, prefix),
            date=b.date(v.date),
            date_iso=v.date.isoformat(),
            verdict=v.verdict.value,
            verdict_label=b.verdict_label(v),
            chain=chain if v.verdict in EXCEEDED else "",
        )
        for v in m.deadlines
    )


def legal_groups(b: Builder, measures: Sequence[ScheduledMeasure]) -> tuple[LegalGroup, ...]:
    """Compliance by obligation class: every measure with a legal basis, a deadline or a
    binding class, one row per deadline."""
    groups = []
    for key in OBLIGATIONS:
        rows = tuple(
            row
            for m in measures
            if m.obligation.value == key
            and (m.deadlines or _cites_law(b, m.id) or key != "voluntary")
            for row in deadline_rows(b, m)
        )
        if rows:
            loc = b.locale
            groups.append(LegalGroup(key, loc.obligation(key), loc.obligation_letter(key), rows))
    return tuple(groups)


def _cites_law(b: Builder, mid: str) -> bool:
    loaded = b.ws.measure_by_id.get(mid)
    return bool(loaded and loaded.model.legal)


def exceeded(b: Builder, measures: Sequence[ScheduledMeasure]) -> tuple[DeadlineRow, ...]:
    """Every deadline that is overdue or at risk, overdue first, then by date."""
    rows = [r for m in measures for r in deadline_rows(b, m) if r.verdict in EXCEEDED]
    return tuple(sorted(rows, key=lambda r: (r.verdict != "overdue", r.date_iso)))


def verdict_counts(b: Builder, measures: Iterable[ScheduledMeasure]) -> tuple[VerdictCount, ...]:
    """How many deadlines stand in each verdict, worst first (zeros left out)."""
    found: dict[Verdict, int] = {}
    for m in measures:
        for v in m.deadlines:
            found[v.verdict] = found.get(v.verdict, 0) + 1
    return tuple(
        VerdictCount(v.value, b.t[f"verdict_{v.value}"], found[v]) for v in SEVERITY if v in found
    )


def deadline_summary(b: Builder, counts: Sequence[VerdictCount]) -> str:
    """One true sentence about all deadlines of the plan."""
    by = {c.verdict: c.count for c in counts}
    if not counts:
        return b.t["deadlines_none"]
    if not by.get("overdue") and not by.get("at_risk"):
        key = "deadlines_all_met" if not by.get("met_late") else "deadlines_none_exceeded"
        return b.t[key].format(late=b.locale.number(by.get("met_late", 0)))
    return b.t["deadlines_exceeded"].format(
        overdue=b.locale.number(by.get("overdue", 0)),
        at_risk=b.locale.number(by.get("at_risk", 0)),
    )


SEVERITY_ORDER = {Severity.error: 0, Severity.warning: 1, Severity.info: 2}


def findings(b: Builder, found: Iterable[Diagnostic]) -> tuple[FindingRow, ...]:
    """Everything `check` reported about the plan (errors, warnings and notes), worst first:
    a note such as L003 (a legal deadline knowingly replaced) belongs in the plan too."""
    measure_of = {item.source.path: item.model.id for item in b.ws.measures}
    shown = sorted(
        found,
        key=lambda d: (SEVERITY_ORDER[d.severity], d.sort_key()),
    )
    rows = []
    for n, d in enumerate(shown, start=1):
        mid = measure_of.get(d.location.path)
        rows.append(
            FindingRow(
                anchor=f"finding-{n}",
                code=d.code,
                severity=d.severity.value,
                severity_label=b.t[f"severity_{d.severity.value}"],
                title=b.locale.rule_title(d.code),
                where=str(d.location),
                message=d.message,
                measure=b.measure_ref(mid) if mid else None,
            )
        )
    return tuple(rows)


def finding_refs(rows: Sequence[FindingRow], prefix: str = "#") -> dict[str, tuple[Ref, ...]]:
    """Measure id → links to its findings (the marks beside a measure)."""
    out: dict[str, list[Ref]] = {}
    for r in rows:
        if r.measure is not None:
            out.setdefault(r.measure.id, []).append(Ref(r.code, r.title, f"{prefix}{r.anchor}"))
    return {k: tuple(v) for k, v in out.items()}
