"""``measures/<ID>.yaml``: one measure (Maßnahme) per file."""

from __future__ import annotations

from pydantic import Field

from egovkit.model.types import (
    DurationField,
    Id,
    Model,
    Obligation,
    Percent,
    PlanDate,
    Priority,
    Status,
)


class Measure(Model):
    id: Id = Field(description="Same as the file name without .yaml.")
    title: str = Field(min_length=1)
    field: Id = Field(description="Id of the field of action (Handlungsfeld) in strategy.yaml.")
    goals: list[Id] = Field(default_factory=list, description="Ids of strategic goals it serves.")
    obligation: Obligation = Obligation.voluntary
    legal: list[Id] = Field(default_factory=list, description="Ids of legal bases.")
    deadline: PlanDate | None = Field(default=None, description="Must be finished by this date.")
    priority: Priority = Priority.medium
    depends_on: list[Id] = Field(
        default_factory=list, description="Measures that must finish before this one starts."
    )
    duration: DurationField = Field(description="Working time, e.g. '6 months' (0 = milestone).")
    not_before: PlanDate | None = Field(default=None, description="Earliest start date.")
    owner: Id | None = Field(default=None, description="Responsible unit in organization.yaml.")
    status: Status = Status.planned
    progress: Percent = Field(default=0, description="Percent complete (for in_progress).")
    started: PlanDate | None = Field(default=None, description="Actual start date.")
    finished: PlanDate | None = Field(default=None, description="Actual finish date (done).")
    cost: int | None = Field(default=None, ge=0, description="Estimated cost in euros.")
    description: str | None = Field(default=None, description="Markdown text.")
