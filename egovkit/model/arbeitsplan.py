"""What an implementation plan (Arbeitsplan) adds to a strategy: funding, responsibilities
(RACI), risks, sub-projects of a programme and what can be transferred to others.

Measures, profiles, ``strategy.yaml`` and ``organization.yaml`` use these types; the figures
computed from them (budget by year, effort per unit) live in :mod:`egovkit.plan.budget`.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from egovkit.model.types import Id, Model, PlanDate, Url

#: Euros in one value; a municipal budget line never comes near it.
MAX_EUROS = 10**12


class Level(StrEnum):
    """Probability or impact of a risk, on the three-step scale councils know."""

    low = "low"
    medium = "medium"
    high = "high"


class Risk(Model):
    """A risk to the plan (plan-wide in strategy.yaml, or of one profile)."""

    title: str = Field(min_length=1, max_length=300)
    probability: Level = Level.medium
    impact: Level = Level.medium
    owner: Id | None = Field(default=None, description="Role, unit or body that watches it.")
    countermeasure: str | None = Field(default=None, max_length=2000)
    measures: list[Id] = Field(default_factory=list, description="Measures it threatens.")


class FundingShare(Model):
    """Money a funding programme (or the municipality itself) pays: a share or an amount."""

    source: str = Field(min_length=1, max_length=300, description="Programme or payer.")
    share: float | None = Field(default=None, gt=0, le=100, description="Percent of the cost.")
    amount: int | None = Field(default=None, ge=0, le=MAX_EUROS, description="Euros.")

    @model_validator(mode="after")
    def _one_of(self) -> FundingShare:
        if (self.share is None) == (self.amount is None):
            raise PydanticCustomError(
                "egovkit_funding",
                "give either 'share' (percent of the cost) or 'amount' (euros), not both "
                "and not neither",
            )
        return self


class Funding(Model):
    """The funding of a programme: its programme, total and shares by source."""

    programme: str = Field(min_length=1, max_length=300)
    total: int | None = Field(default=None, ge=0, le=MAX_EUROS, description="Euros in all.")
    shares: list[FundingShare] = Field(default_factory=list)
    start: PlanDate | None = None
    end: PlanDate | None = None
    url: Url | None = None


class Raci(Model):
    """Who is Responsible, Accountable, Consulted and Informed (role, unit or body ids)."""

    responsible: list[Id] = Field(default_factory=list)
    accountable: Id | None = None
    consulted: list[Id] = Field(default_factory=list)
    informed: list[Id] = Field(default_factory=list)


class Transferability(Model):
    """What of a project others can reuse, from when, for whom and under which licence."""

    what: str = Field(min_length=1, max_length=2000)
    available: PlanDate | None = Field(default=None, description="Reusable from this date.")
    audience: str | None = Field(default=None, max_length=300, description="For whom.")
    licence: str | None = Field(default=None, max_length=300)
    url: Url | None = None
