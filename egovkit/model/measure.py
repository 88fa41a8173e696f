"""``measures/<ID>.yaml``: one measure (Maßnahme) per file.

A measure is planned by a ``duration`` (scheduled after its prerequisites), by a ``period``
(placed in that time window, like a fixed-date task), or by both (the period is the planned
window, the duration schedules a forecast). See docs/format.md and docs/scheduling.md.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from egovkit.model.arbeitsplan import MAX_EUROS, FundingShare, Raci
from egovkit.model.indicators import Indicator
from egovkit.model.spans import EndDate, Period, SpanField, StartDate
from egovkit.model.types import (
    DurationField,
    Id,
    Model,
    Obligation,
    Percent,
    PlanDate,
    Priority,
    Status,
    Url,
)


class ProgressOf(StrEnum):
    """What ``progress`` measures: results achieved, or time used (only time re-plans)."""

    results = "results"
    time = "time"


class OwnerRole(StrEnum):
    lead = "lead"  # federführend
    partner = "partner"  # beteiligt
    external = "external"  # außerhalb der Verwaltung, die Stadt unterstützt


class Owner(Model):
    unit: Id = Field(description="A unit in organization.yaml (kind external for outsiders).")
    role: OwnerRole = OwnerRole.lead


class ReferenceKind(StrEnum):
    council_paper = "council_paper"  # Sitzungsvorlage / Ratsbeschluss
    programme = "programme"  # a programme of another strategy
    strategy = "strategy"  # a sub-strategy or another strategy
    other = "other"


class Reference(Model):
    """A document the measure belongs to or is decided by."""

    kind: ReferenceKind
    title: str = Field(min_length=1, max_length=300)
    number: str | None = Field(default=None, description="e.g. the Drucksache number.")
    date: PlanDate | None = None
    url: Url | None = None


class External(Model):
    """A deliverable outside the municipality the measure depends on (e.g. an EfA service)."""

    id: Id
    title: str = Field(min_length=1, max_length=300)
    by: str = Field(
        min_length=1, max_length=300, description="Who delivers it: Bund, Land, IT provider …"
    )
    expected: SpanField | None = Field(default=None, description="Expected; unknown if empty.")
    delivered: bool = False


class LogEntry(Model):
    """A dated entry of the measure's chronological log (Sachstand), e.g. "Zuschlag erteilt"."""

    date: PlanDate
    text: str = Field(min_length=1, max_length=2000)


class CountSnapshot(Model):
    """How many of a deliverable there were on a date: in all (identified) and done."""

    date: PlanDate
    total: int = Field(ge=0, le=10**9, description="Identified, planned or needed in all.")
    done: int = Field(ge=0, le=10**9, description="Done (e.g. online) on that date.")

    @model_validator(mode="after")
    def _done_within_total(self) -> CountSnapshot:
        if self.done > self.total:
            raise PydanticCustomError(
                "egovkit_count",
                "done ({done}) is more than total ({total}) on {date}; correct one of them",
                {"done": self.done, "total": self.total, "date": str(self.date)},
            )
        return self


class Deliverable(Model):
    """Countable results of a measure over time, e.g. online services: 152 identified, 25
    online (the rest open)."""

    id: Id
    title: str = Field(min_length=1, max_length=300)
    snapshots: list[CountSnapshot] = Field(min_length=1, max_length=1000)

    @model_validator(mode="after")
    def _dated_in_order(self) -> Deliverable:
        dates = [s.date for s in self.snapshots]
        if dates != sorted(set(dates)):
            raise PydanticCustomError(
                "egovkit_count_order",
                "the snapshots of '{id}' must have different dates, oldest first",
                {"id": self.id},
            )
        return self


class Measure(Model):
    id: Id = Field(description="Same as the file name without .yaml.")
    title: str = Field(min_length=1, max_length=300)
    field: Id = Field(description="Id of a field of action or focus area in strategy.yaml.")
    from_catalog: Id | None = Field(
        default=None,
        description="Id of the standard measure of egovkit's catalog it is based on "
        "(egovkit catalog list).",
    )
    goals: list[Id] = Field(default_factory=list, description="Ids of goals it serves.")
    principles: list[Id] = Field(
        default_factory=list, description="Ids of the strategy's principles (tags) it serves."
    )
    obligation: Obligation = Obligation.voluntary
    legal: list[Id] = Field(default_factory=list, description="Ids of legal bases.")
    deadline: PlanDate | None = Field(default=None, description="Must be finished by this date.")
    priority: Priority = Priority.medium
    depends_on: list[Id] = Field(
        default_factory=list, description="Measures that must finish before this one starts."
    )
    related: list[Id] = Field(
        default_factory=list, description="Related measures (no effect on the schedule)."
    )
    external: list[External] = Field(
        default_factory=list, description="Deliverables outside the municipality it depends on."
    )
    duration: DurationField | None = Field(
        default=None, description="Working time, e.g. '6 months' (0 = milestone)."
    )
    period: Period | None = Field(
        default=None, description="Time window, e.g. {start: 2019, end: 2026} or 2024-Q2."
    )
    not_before: PlanDate | None = Field(default=None, description="Earliest start date.")
    owner: Id | None = Field(default=None, description="Responsible unit in organization.yaml.")
    owners: list[Owner] = Field(
        default_factory=list, description="Several units with roles (lead, partner, external)."
    )
    status: Status = Field(
        default=Status.unknown, description="Without a status the measure's state is unknown."
    )
    progress: Percent = Field(default=0, description="Percent complete.")
    progress_of: ProgressOf | None = Field(
        default=None,
        description="results (what was achieved) or time (used; re-plans the measure). "
        "Default: time for a measure planned by duration, results for one planned by period.",
    )
    as_of: PlanDate | None = Field(default=None, description="Date of this status ('Stand').")
    started: StartDate | None = Field(
        default=None, description="Actual start (a day, or a month, quarter or year)."
    )
    finished: EndDate | None = Field(
        default=None, description="Actual finish (a day, or a month, quarter or year)."
    )
    cost: int | None = Field(
        default=None, ge=0, le=MAX_EUROS, description="One-off cost in euros (estimate)."
    )
    cost_actual: int | None = Field(
        default=None, ge=0, le=MAX_EUROS, description="One-off cost spent so far (Ist), euros."
    )
    running_cost: int | None = Field(
        default=None, ge=0, le=MAX_EUROS, description="Running cost in euros per year from go-live."
    )
    funding: list[FundingShare] = Field(
        default_factory=list, description="Who pays which share or amount of the one-off cost."
    )
    effort: float | None = Field(
        default=None, ge=0, le=1_000_000, description="Staff effort in person-days (Personentage)."
    )
    raci: Raci | None = Field(
        default=None, description="Responsible, accountable, consulted, informed (else derived)."
    )
    references: list[Reference] = Field(default_factory=list)
    indicators: list[Indicator] = Field(default_factory=list)
    log: list[LogEntry] = Field(
        default_factory=list, max_length=5000, description="Dated Sachstand entries."
    )
    deliverables: list[Deliverable] = Field(
        default_factory=list, description="Countable results over time (total and done)."
    )
    description: str | None = Field(default=None, description="Markdown text.")

    @model_validator(mode="after")
    def _planned_somehow(self) -> Measure:
        if self.duration is None and self.period is None:
            raise PydanticCustomError(
                "egovkit_missing_plan",
                "a measure needs a 'duration' (e.g. '6 months') or a 'period' "
                "(e.g. {start: 2024, end: 2026}); add one of them",
            )
        return self

    @property
    def progress_means_time(self) -> bool:
        """Whether ``progress`` is time used (and so re-plans the rest of the measure)."""
        if self.progress_of is not None:
            return self.progress_of is ProgressOf.time
        return self.period is None

    @property
    def progress_known(self) -> bool:
        return "progress" in self.model_fields_set or self.status is Status.done

    @property
    def all_owners(self) -> tuple[Owner, ...]:
        """``owner`` (as the lead) and ``owners``, without repeating a unit."""
        seen: dict[str, Owner] = {}
        if self.owner is not None:
            seen[self.owner] = Owner(unit=self.owner)
        for o in self.owners:
            seen.setdefault(o.unit, o)
        return tuple(seen.values())
