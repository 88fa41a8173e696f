"""Legal bases (Rechtsgrundlagen) that measures cite by id."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from egovkit.model.types import Id, Model, Obligation, PlanDate, State, Url

Certainty = Literal["certain", "likely", "uncertain"]


class LegalBasis(Model):
    id: Id = Field(description="Stable id, e.g. OZG-1A or EGOVG-NRW-7A.")
    title: str = Field(
        min_length=1, max_length=300, description="Norm and paragraph, e.g. 'EGovG NRW § 7a'."
    )
    requires: str = Field(min_length=1, description="What the norm asks of municipalities.")
    obligation: Obligation = Field(description="How binding it is for municipalities.")
    deadline: PlanDate | None = Field(default=None, description="Legal deadline, if any.")
    source: Url = Field(
        description="The primary source: the statute or regulation as officially published."
    )
    secondary: list[Url] = Field(
        default_factory=list, description="Further reading (commentary, news); never the basis."
    )
    certainty: Certainty = Field(
        default="certain",
        description="How sure the binding effect on municipalities is: certain, likely, uncertain.",
    )
    certainty_note: str | None = Field(
        default=None, max_length=1000, description="Why it is not certain (shown in appendices)."
    )
    as_of: PlanDate = Field(description="Date the entry was last checked against its source.")
    states: list[State] = Field(
        default_factory=list,
        description="Länder whose municipalities it binds (Land law); empty: all (federal, EU).",
    )


class LegalCatalog(Model):
    legal: list[LegalBasis]
