"""Legal bases (Rechtsgrundlagen) that measures cite by id."""

from __future__ import annotations

from pydantic import Field

from egovkit.model.types import Id, Model, Obligation, PlanDate, State, Url


class LegalBasis(Model):
    id: Id = Field(description="Stable id, e.g. OZG-1A or EGOVG-NRW-7A.")
    title: str = Field(
        min_length=1, max_length=300, description="Norm and paragraph, e.g. 'EGovG NRW § 7a'."
    )
    requires: str = Field(min_length=1, description="What the norm asks of municipalities.")
    obligation: Obligation = Field(description="How binding it is for municipalities.")
    deadline: PlanDate | None = Field(default=None, description="Legal deadline, if any.")
    source: Url = Field(description="Public URL the entry is based on.")
    as_of: PlanDate = Field(description="Date the entry was last checked against its source.")
    states: list[State] = Field(
        default_factory=list,
        description="Länder whose municipalities it binds (Land law); empty: all (federal, EU).",
    )


class LegalCatalog(Model):
    legal: list[LegalBasis]
