"""The validated contents of a strategy repository, as the loader hands them on."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Generic, TypeVar

from egovkit.diagnostics.record import Diagnostic
from egovkit.load.sourcemap import SourceMap

if TYPE_CHECKING:  # pydantic and the models load when files are validated, not before
    from egovkit.model import LegalBasis, Measure, Organization, Profile, Strategy
    from egovkit.model.assessment import Assessment

T = TypeVar("T")


@dataclass(frozen=True)
class Loaded(Generic[T]):
    """A validated model and where its values came from."""

    model: T
    source: SourceMap


@dataclass
class Workspace:
    root: Path
    strategy: Loaded[Strategy] | None
    measures: list[Loaded[Measure]] = field(default_factory=list)
    profiles: list[Loaded[Profile]] = field(default_factory=list)
    organization: Loaded[Organization] | None = None
    assessments: list[Loaded[Assessment]] = field(default_factory=list)
    builtin_legal: list[Loaded[LegalBasis]] = field(default_factory=list)
    #: Findings from parsing and schema validation (Y and S codes).
    diagnostics: list[Diagnostic] = field(default_factory=list)
    #: Repo-relative paths of every file that was read, valid or not.
    files: tuple[str, ...] = ()

    @cached_property
    def measure_by_id(self) -> dict[str, Loaded[Measure]]:
        """First file wins for duplicate ids (duplicates are reported by R001)."""
        out: dict[str, Loaded[Measure]] = {}
        for item in self.measures:
            out.setdefault(item.model.id, item)
        return out

    @cached_property
    def legal_by_id(self) -> dict[str, LegalBasis]:
        """The built-in catalog for the strategy's Land (federal and EU law, and the law of
        that Land), overridden by the strategy's own entries with the same id."""
        state = self.strategy.model.municipality.state if self.strategy is not None else None
        out = {
            item.model.id: item.model
            for item in self.builtin_legal
            if not item.model.states or state in item.model.states
        }
        if self.strategy is not None:
            out.update({basis.id: basis for basis in self.strategy.model.legal})
        return out

    @cached_property
    def unreadable_measures(self) -> set[str]:
        """Ids of measure files that exist but did not load (their own findings say why):
        references to them are not reported again as unknown."""
        named = {
            rel.removeprefix("measures/").removesuffix(".yaml")
            for rel in self.files
            if rel.startswith("measures/") and rel.endswith(".yaml")
        }
        return named - set(self.measure_by_id)

    @cached_property
    def unit_ids(self) -> set[str]:
        return {u.id for u in self.organization.model.units} if self.organization else set()

    @cached_property
    def org_ids(self) -> set[str]:
        """Ids of everything a profile may name as client, lead or participant."""
        if self.organization is None:
            return set()
        org = self.organization.model
        return {x.id for x in (*org.units, *org.roles, *org.bodies)}
