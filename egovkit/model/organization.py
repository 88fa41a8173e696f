"""``organization.yaml``: the implementation organisation (Umsetzungsorganisation)."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from egovkit.model.arbeitsplan import Raci
from egovkit.model.types import Id, Model


class BodyKind(StrEnum):
    council = "council"  # Rat / Ausschuss
    executive = "executive"  # Verwaltungsvorstand
    steering = "steering"  # Lenkungskreis
    coordination = "coordination"  # Koordinierung / Stabsstelle
    project_team = "project_team"
    advisory = "advisory"


class Body(Model):
    """A committee or group (Gremium)."""

    id: Id
    name: str = Field(min_length=1, max_length=300)
    kind: BodyKind
    tasks: list[str] = Field(default_factory=list)
    members: list[Id] = Field(default_factory=list, description="Role or unit ids.")
    meets: str | None = Field(default=None, description="Cadence, e.g. 'quarterly'.")
    reports_to: Id | None = Field(default=None, description="Body it reports to (organigram).")
    receives: list[str] = Field(
        default_factory=list, description="Reports it receives, e.g. 'Sachstandsbericht'."
    )


class UnitKind(StrEnum):
    internal = "internal"
    external = "external"  # e.g. municipal IT service provider


class Unit(Model):
    """An organisational unit that owns measures."""

    id: Id
    name: str = Field(min_length=1, max_length=300)
    kind: UnitKind = UnitKind.internal
    capacity: int | None = Field(
        default=None, ge=1, description="At most this many measures at once (levelling)."
    )
    effort_capacity: float | None = Field(
        default=None,
        gt=0,
        le=1_000_000,
        description="Person-days per year the unit can give the strategy's measures.",
    )


class Role(Model):
    id: Id
    name: str = Field(min_length=1, max_length=300)
    unit: Id | None = None
    reports_to: Id | None = Field(default=None, description="Role or body it reports to.")
    person: str | None = None
    tasks: list[str] = Field(default_factory=list)


class Organization(Model):
    bodies: list[Body] = Field(default_factory=list)
    roles: list[Role] = Field(default_factory=list)
    units: list[Unit] = Field(default_factory=list)
    raci: Raci | None = Field(
        default=None,
        description="Defaults for every measure, e.g. who is accountable for all of them.",
    )
