"""L-rules: legally required measures name their legal basis and a deadline."""

from __future__ import annotations

from collections.abc import Iterator

from egovkit.diagnostics.codes import finding
from egovkit.diagnostics.record import Diagnostic
from egovkit.load.workspace import Workspace
from egovkit.model import Obligation
from egovkit.model.deadlines import effective_deadline, legal_deadline_of


def required_measures(ws: Workspace) -> Iterator[Diagnostic]:
    legal = ws.legal_by_id
    for item in ws.measures:
        m, src = item.model, item.source
        if m.obligation is not Obligation.required or m.status.value == "cancelled":
            continue
        if not m.legal:
            yield finding(
                "L001",
                f"measure '{m.id}' is required but cites no legal basis; add 'legal: [ID]' "
                "or lower its obligation to standard/voluntary",
                src.key("obligation"),
            )
        if effective_deadline(m, legal) is None:
            yield finding(
                "L002",
                f"measure '{m.id}' is required but has no deadline and none of its legal bases "
                "sets one; add 'deadline: YYYY-MM-DD'",
                src.key("obligation"),
            )


def own_deadline_after_legal(ws: Workspace) -> Iterator[Diagnostic]:
    """L003 (info): the plan accepts finishing after what the law asks; say so once."""
    legal = ws.legal_by_id
    for item in ws.measures:
        m = item.model
        if m.deadline is None or m.status.value == "cancelled":
            continue
        legal_deadline, basis = legal_deadline_of(m, legal)
        if legal_deadline is not None and m.deadline > legal_deadline:
            yield finding(
                "L003",
                f"own deadline {m.deadline.isoformat()} is after the legal deadline "
                f"{legal_deadline.isoformat()} of {basis}; the plan reports it as legally late",
                item.source.value("deadline"),
            )
