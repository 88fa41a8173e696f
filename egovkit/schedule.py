"""Critical-path schedule of the measures on working days → :class:`Plan` (pure data).

Interface fixed here; the algorithm is documented in docs/scheduling.md.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from egovkit.model import Obligation, Status


@dataclass(frozen=True)
class ScheduledMeasure:
    id: str
    title: str
    field: str
    obligation: Obligation
    priority: str
    status: Status
    progress: int
    owner: str | None
    depends_on: tuple[str, ...]  # existing, non-cancelled prerequisites only
    order: int  # position in the stable topological order (0-based)
    wave: int  # 0 = no prerequisites; else 1 + max wave of prerequisites
    duration_days: int  # total working days of the measure
    remaining_days: int  # working days still to do at the status date
    start: dt.date  # earliest start: first working day
    finish: dt.date  # earliest finish: last working day, inclusive
    late_start: dt.date
    late_finish: dt.date  # inclusive
    slack: int  # total slack in working days
    critical: bool
    milestone: bool  # duration 0
    fixed: bool  # dates are actual dates (done), not computed
    deadline: dt.date | None  # effective deadline (own, else earliest legal)
    deadline_source: str | None  # "measure" or the legal basis id that sets it
    deadline_slip: int  # working days after the deadline (0 = on time or no deadline)
    driving_chain: tuple[str, ...]  # ids from the first driver to this measure
    capacity_delay: int  # working days levelling pushed the start back (0 = none)


@dataclass(frozen=True)
class CalendarInfo:
    weekdays: tuple[str, ...]  # "mon" … "sun"
    state: str
    holidays: tuple[tuple[dt.date, str], ...]  # within the plan span, sorted
    closures: tuple[tuple[dt.date, dt.date, str], ...]


@dataclass(frozen=True)
class Plan:
    status_date: dt.date  # "Stand": the re-planning date
    start: dt.date  # planning.start
    finish: dt.date  # last finish of any measure
    horizon_end: dt.date
    calendar: CalendarInfo
    measures: tuple[ScheduledMeasure, ...]  # in stable order
    critical_path: tuple[str, ...]  # one chain of zero-slack measures from start to end
    cancelled: tuple[str, ...]  # not scheduled

    def by_id(self) -> dict[str, ScheduledMeasure]:
        return {m.id: m for m in self.measures}
