"""The catalog of standard measures (``egovkit/data/catalog.yaml``): what a municipality
usually does, how binding it is, how long it takes and what comes first.

A measure file refers to an entry by ``from_catalog: ID``. Entries name their public sources
and the date they were checked; ``legal`` holds ids of the built-in legal catalog, checked
against it when the catalog is loaded (:mod:`egovkit.load.catalog`).
"""

from __future__ import annotations

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from egovkit.model.arbeitsplan import MAX_EUROS
from egovkit.model.types import (
    Duration,
    DurationField,
    DurationUnit,
    Id,
    Model,
    Obligation,
    PlanDate,
    Url,
)

#: Working days per unit, as docs/format.md defines them (a week is 5, a month 21); only to
#: compare the bounds of a range here, the scheduler converts durations itself.
_DAYS = {DurationUnit.days: 1, DurationUnit.weeks: 5, DurationUnit.months: 21}


def working_days(duration: Duration) -> float:
    return duration.value * _DAYS[duration.unit]


class DurationRange(Model):
    """How long the measure usually takes: shortest, typical and longest working time."""

    min: DurationField
    typical: DurationField
    max: DurationField
    source: list[Url] = Field(
        default_factory=list,
        description="Published cases the range rests on; without one the range is an estimate.",
    )

    @model_validator(mode="after")
    def _ordered(self) -> DurationRange:
        low, mid, high = (working_days(d) for d in (self.min, self.typical, self.max))
        if not low <= mid <= high:
            raise PydanticCustomError(
                "egovkit_range", "the range must satisfy min <= typical <= max"
            )
        return self


class CostRange(Model):
    """One-off cost in euros that a public source states, with what it covers."""

    min: int = Field(ge=0, le=MAX_EUROS)
    max: int = Field(ge=0, le=MAX_EUROS)
    note: str = Field(min_length=1, description="What the figure covers, and where it applies.")
    source: list[Url] = Field(min_length=1)

    @model_validator(mode="after")
    def _ordered(self) -> CostRange:
        if self.min > self.max:
            raise PydanticCustomError("egovkit_range", "min must not be more than max")
        return self


class EffortRange(Model):
    """Staff effort in person-days that a public source states."""

    min: float = Field(ge=0, le=1_000_000)
    max: float = Field(ge=0, le=1_000_000)
    note: str = Field(min_length=1)
    source: list[Url] = Field(min_length=1)

    @model_validator(mode="after")
    def _ordered(self) -> EffortRange:
        if self.min > self.max:
            raise PydanticCustomError("egovkit_range", "min must not be more than max")
        return self


class CatalogField(Model):
    """A field of action the catalog's measures belong to, with the goal a strategy gives it."""

    id: Id
    title: str = Field(min_length=1, max_length=300)
    title_en: str = Field(min_length=1, max_length=300)
    goal: str = Field(min_length=1, max_length=300, description="German title of its goal.")
    goal_en: str = Field(min_length=1, max_length=300)


class CatalogMeasure(Model):
    """A standard measure of municipal E-Government."""

    id: Id
    title: str = Field(min_length=1, max_length=300, description="German title.")
    title_en: str | None = Field(default=None, max_length=300)
    description: str = Field(min_length=1, description="German description.")
    obligation: Obligation
    legal: list[Id] = Field(default_factory=list, description="Ids of the legal catalog.")
    field: Id = Field(description="A field of the catalog.")
    prerequisites: list[Id] = Field(
        default_factory=list, description="Catalog ids that usually come first."
    )
    duration: DurationRange
    cost: CostRange | None = None
    effort: EffortRange | None = None
    source: list[Url] = Field(min_length=1, description="Public pages the entry rests on.")
    as_of: PlanDate = Field(description="Date the entry was checked against its sources.")

    def title_in(self, lang: str) -> str:
        return self.title_en if lang == "en" and self.title_en else self.title


class Catalog(Model):
    version: int = Field(ge=1, description="Raised whenever an entry changes.")
    as_of: PlanDate
    fields: list[CatalogField] = Field(min_length=1)
    measures: list[CatalogMeasure] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> Catalog:
        problem = catalog_problem(self)
        if problem:
            raise PydanticCustomError("egovkit_catalog", "{problem}", {"problem": problem})
        return self

    def by_id(self) -> dict[str, CatalogMeasure]:
        return {m.id: m for m in self.measures}

    def field_by_id(self) -> dict[str, CatalogField]:
        return {f.id: f for f in self.fields}


def catalog_problem(catalog: Catalog) -> str | None:
    """Why the catalog is inconsistent (duplicate or unknown ids, a prerequisite cycle)."""
    ids = [m.id for m in catalog.measures]
    folded = [i.casefold() for i in ids]
    if len(set(folded)) != len(folded):
        return (
            f"duplicate measure ids: {sorted({i for i in ids if folded.count(i.casefold()) > 1})}"
        )
    fields = {f.id for f in catalog.fields}
    known = set(ids)
    for m in catalog.measures:
        if m.field not in fields:
            return f"'{m.id}': unknown field '{m.field}'"
        unknown = [p for p in m.prerequisites if p not in known]
        if unknown or m.id in m.prerequisites:
            return f"'{m.id}': prerequisites {unknown or [m.id]} are unknown or itself"
    cycle = prerequisite_cycle(catalog)
    return f"prerequisites form a cycle: {' -> '.join(cycle)}" if cycle else None


def prerequisite_cycle(catalog: Catalog) -> list[str] | None:
    """One cycle of prerequisites (first id repeated at the end), or None."""
    needs = {m.id: m.prerequisites for m in catalog.measures}
    state: dict[str, int] = {}  # 1 on the path, 2 done
    for start in needs:
        if start in state:
            continue
        path: list[str] = []
        stack = [(start, iter(needs.get(start, ())))]
        while stack:
            node, children = stack[-1]
            if state.get(node) is None:
                state[node] = 1
                path.append(node)
            child = next(children, None)
            if child is None:
                state[node] = 2
                path.pop()
                stack.pop()
            elif state.get(child) == 1:
                return [*path[path.index(child) :], child]
            elif state.get(child) is None:
                stack.append((child, iter(needs.get(child, ()))))
    return None
