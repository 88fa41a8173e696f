"""Which deadline applies to a measure, and what sets it: used by the rules and the schedule.

A measure's *effective* deadline is its own ``deadline``, else the earliest deadline of the
legal bases it cites; its *legal* deadline is always the earliest of its legal bases'.
``legal`` maps legal-basis ids to :class:`~egovkit.model.legal.LegalBasis` (built in and local).
"""

from __future__ import annotations

import datetime as dt

from egovkit.model.measure import Measure


def effective_deadline(measure: Measure, legal: dict) -> dt.date | None:
    """The measure's own deadline, else the earliest deadline of its cited legal bases."""
    if measure.deadline is not None:
        return measure.deadline
    dates = [legal[b].deadline for b in measure.legal if b in legal and legal[b].deadline]
    return min(dates, default=None)


def legal_deadline_of(measure: Measure, legal: dict) -> tuple[dt.date | None, str | None]:
    """The earliest deadline among the measure's legal bases, and the basis that sets it."""
    dated = [(legal[b].deadline, b) for b in measure.legal if b in legal and legal[b].deadline]
    return min(dated) if dated else (None, None)


def deadline_of(measure: Measure, legal: dict) -> tuple[dt.date | None, str | None]:
    """Effective deadline and what sets it: "measure" or the earliest legal basis's id."""
    deadline = effective_deadline(measure, legal)
    if deadline is None:
        return None, None
    if measure.deadline is not None:
        return deadline, "measure"
    source = next(b for b in measure.legal if b in legal and legal[b].deadline == deadline)
    return deadline, source
