"""One deadline vocabulary, judged per deadline: every plan output uses these verdicts.

A measure is judged separately against each deadline that applies to it: its own
``deadline`` and the deadline of every legal basis it cites. Each verdict is one of

- ``met``: done on or before the deadline;
- ``met_late``: done, but after the deadline;
- ``on_time``: not done, planned to finish on or before the deadline;
- ``at_risk``: not done, planned to finish after a deadline that is still ahead;
- ``overdue``: not done, and the deadline has passed (it lies before the status date); the
  slip counts from the deadline to the planned finish, at least to the status date.

So no output can call a measure on time while one of its deadlines is exceeded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from egovkit.model import Measure, Status
from egovkit.plan.workdays import Calendar


class Verdict(StrEnum):
    met = "met"
    met_late = "met_late"
    on_time = "on_time"
    at_risk = "at_risk"
    overdue = "overdue"

    @property
    def exceeded(self) -> bool:
        """The deadline is (or will be) exceeded."""
        return self in (Verdict.met_late, Verdict.at_risk, Verdict.overdue)


#: From worst to best: a measure's overall verdict is its worst deadline's.
SEVERITY = (Verdict.overdue, Verdict.at_risk, Verdict.met_late, Verdict.on_time, Verdict.met)


@dataclass(frozen=True, slots=True)
class DeadlineVerdict:
    """How one measure stands against one deadline."""

    source: str  # "measure" (its own deadline), "period" (end of its window) or a legal id
    date: dt.date
    verdict: Verdict
    slip_days: int  # working days the (planned or actual) finish lies after it; 0 if not


def slip(cal: Calendar, finish: dt.date, deadline: dt.date | None) -> int:
    """Working days ``finish`` lies after ``deadline`` (at least 1 if it is later at all)."""
    if deadline is None or finish <= deadline:
        return 0
    return max(1, cal.index_on_or_before(finish) - cal.index_on_or_before(deadline))


def applicable(measure: Measure, legal: dict) -> list[tuple[str, dt.date]]:
    """(source, date) of every deadline of ``measure``: its own first, then legal by date."""
    own = [("measure", measure.deadline)] if measure.deadline is not None else []
    if measure.period is not None and measure.duration is not None:  # forecast vs window
        own.append(("period", measure.period.last))
    cited = sorted(
        (legal[b].deadline, b)
        for b in dict.fromkeys(measure.legal)
        if b in legal and legal[b].deadline is not None
    )
    return own + [(b, day) for day, b in cited]


def judge(
    cal: Calendar,
    measure: Measure,
    finish: dt.date,
    status_date: dt.date,
    deadlines: Iterable[tuple[str, dt.date]],
) -> tuple[DeadlineVerdict, ...]:
    """The verdict of ``measure`` (planned or actual ``finish``) against each deadline."""
    done = measure.status is Status.done
    out = []
    for source, day in deadlines:
        if done:
            late = slip(cal, finish, day)
            verdict = Verdict.met_late if late else Verdict.met
        elif day < status_date:  # passed, and the measure is not done
            late = slip(cal, max(finish, status_date), day)
            verdict = Verdict.overdue
        else:
            late = slip(cal, finish, day)
            verdict = Verdict.at_risk if late else Verdict.on_time
        out.append(DeadlineVerdict(source, day, verdict, late))
    return tuple(out)


def worst(verdicts: Iterable[DeadlineVerdict]) -> Verdict | None:
    """The worst verdict of a measure's deadlines (None without deadlines)."""
    found = {v.verdict for v in verdicts}
    return next((v for v in SEVERITY if v in found), None)


def worst_deadline(verdicts: Iterable[DeadlineVerdict]) -> DeadlineVerdict | None:
    """The deadline a one-line summary (a chart mark, a table cell) names: the worst
    verdict, of equally bad ones the earliest; None without deadlines."""
    rank = {v: n for n, v in enumerate(SEVERITY)}
    return min(verdicts, key=lambda v: (rank[v.verdict], v.date), default=None)
