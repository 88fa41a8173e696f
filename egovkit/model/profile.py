"""``profiles/<ID>.md``: a project profile (Projekt-Steckbrief), front matter + Markdown body."""

from __future__ import annotations

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from egovkit.model.arbeitsplan import Funding, Risk, Transferability
from egovkit.model.types import Id, Model, PlanDate


class Phase(Model):
    name: str = Field(min_length=1, max_length=300)
    start: PlanDate
    end: PlanDate
    measures: list[Id] = Field(
        default_factory=list,
        description="Measures that must be finished when the phase ends (checked, P002).",
    )

    @model_validator(mode="after")
    def _ordered(self) -> Phase:
        if self.end < self.start:
            raise PydanticCustomError(
                "egovkit_date_order",
                "the phase ends ({end}) before it starts ({start})",
                {"start": str(self.start), "end": str(self.end)},
            )
        return self


class Milestone(Model):
    title: str = Field(min_length=1, max_length=300)
    date: PlanDate
    measure: Id | None = None


class Budget(Model):
    total: int = Field(ge=0, description="Euros.")
    funding: int = Field(default=0, ge=0, description="Euros from funding programmes.")
    funding_source: str | None = None


class SubProject(Model):
    """A sub-project (Teilprojekt) of a programme profile, with its own lead and phases."""

    id: Id
    title: str = Field(min_length=1, max_length=300)
    measures: list[Id] = Field(min_length=1, description="Measures it covers.")
    lead: Id | None = Field(default=None, description="Role or unit that leads it.")
    phases: list[Phase] = Field(default_factory=list)
    description: str | None = Field(default=None, max_length=5000)


class ProfileMeta(Model):
    """The YAML front matter of a profile."""

    id: Id
    title: str = Field(min_length=1, max_length=300)
    measures: list[Id] = Field(min_length=1, description="Measures (sub-projects) it covers.")
    client: Id | None = Field(default=None, description="Body or role that commissions it.")
    lead: Id | None = Field(default=None, description="Role or unit that leads it.")
    participants: list[Id] = Field(default_factory=list, description="Roles, units or bodies.")
    phases: list[Phase] = Field(default_factory=list)
    milestones: list[Milestone] = Field(default_factory=list)
    budget: Budget | None = None
    risks: list[Risk | str] = Field(
        default_factory=list, description="Risks: a sentence, or title, probability, impact …"
    )
    subprojects: list[SubProject] = Field(
        default_factory=list, description="Sub-projects (Teilprojekte) of a programme."
    )
    funding: Funding | None = Field(default=None, description="Funding programme and shares.")
    transferability: Transferability | None = None
    kpis: list[str] = Field(default_factory=list)


class Profile(Model):
    meta: ProfileMeta
    body: str = Field(description="Markdown body (Ausgangslage, Ziele, Vorgehen …).")
