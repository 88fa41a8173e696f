"""``strategy.yaml``: the municipality, its Leitbild, goals, fields of action and planning settings."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from egovkit.model.arbeitsplan import Risk
from egovkit.model.indicators import Indicator
from egovkit.model.legal import LegalBasis
from egovkit.model.types import Id, Model, PlanDate, State


class MunicipalityKind(StrEnum):
    gemeinde = "gemeinde"
    stadt = "stadt"
    kreisstadt = "kreisstadt"
    grosse_kreisstadt = "grosse_kreisstadt"
    kreisfreie_stadt = "kreisfreie_stadt"
    kreis = "kreis"
    verband = "verband"


class Municipality(Model):
    name: str = Field(
        min_length=1, max_length=300, description="Official name, e.g. 'Stadt Bergisch Gladbach'."
    )
    kind: MunicipalityKind
    state: State = Field(description="Land as ISO 3166-2:DE code, e.g. NW.")
    ags: str | None = Field(
        default=None,
        pattern=r"^\d{8}$",
        description="Amtlicher Gemeindeschlüssel, 8 digits (quote it in YAML).",
    )


class Horizon(Model):
    start: PlanDate
    end: PlanDate

    @model_validator(mode="after")
    def _ordered(self) -> Horizon:
        if self.end < self.start:
            raise PydanticCustomError(
                "egovkit_date_order",
                "the horizon ends ({end}) before it starts ({start})",
                {"start": str(self.start), "end": str(self.end)},
            )
        return self


class Goal(Model):
    id: Id
    title: str = Field(min_length=1, max_length=300)
    description: str | None = None
    indicators: list[Indicator] = Field(default_factory=list)


class Principle(Model):
    """A strategic principle (or any tag) that measures serve, many-to-many."""

    id: Id
    title: str = Field(min_length=1, max_length=300)
    description: str | None = None


#: Fields of action nest at most this deep (Handlungsfeld → Schwerpunkt → Unterpunkt).
MAX_FIELD_DEPTH = 3


class FieldOfAction(Model):
    id: Id
    title: str = Field(min_length=1, max_length=300)
    description: str | None = None
    goals: list[Goal] = Field(
        default_factory=list, description="Goals of this field (Ziele des Handlungsfeldes)."
    )
    focus: list[FieldOfAction] = Field(
        default_factory=list, description="Focus areas (Handlungsschwerpunkte) inside it."
    )

    def walk(self, loc: tuple, depth: int = 1):
        """This field and its focus areas, depth first: (field, depth, where in the file).

        ``loc`` is the path of keys and indexes of this field in strategy.yaml, e.g.
        ``("fields", 0, "focus", 2)``.
        """
        yield self, depth, loc
        for n, sub in enumerate(self.focus):
            yield from sub.walk((*loc, "focus", n), depth + 1)


class Closure(Model):
    """Days on which the administration does not work, e.g. the week between Christmas and New Year."""

    start: PlanDate
    end: PlanDate
    title: str = Field(min_length=1, max_length=300)


class Language(StrEnum):
    de = "de"
    en = "en"


class Weekday(StrEnum):
    mon = "mon"
    tue = "tue"
    wed = "wed"
    thu = "thu"
    fri = "fri"
    sat = "sat"
    sun = "sun"


class Planning(Model):
    start: PlanDate = Field(description="First day the plan may schedule work on.")
    status_date: PlanDate | None = Field(
        default=None,
        description="Re-planning date ('Stand'); `--today` overrides it, else today's date is used.",
    )
    language: Language = Language.de
    workdays: list[Weekday] = Field(
        default_factory=lambda: [Weekday.mon, Weekday.tue, Weekday.wed, Weekday.thu, Weekday.fri],
        min_length=1,
    )
    holidays: bool = Field(default=True, description="Use the public holidays of the state.")
    extra_holidays: list[PlanDate] = Field(default_factory=list)
    closures: list[Closure] = Field(default_factory=list)
    stale_after_days: int = Field(
        default=365,
        ge=1,
        description="A measure's status older than this many days (as_of) is shown as stale.",
    )


class CheckLevel(StrEnum):
    error = "error"
    warning = "warning"
    info = "info"
    off = "off"


CheckKey = Annotated[str, Field(pattern=r"^[A-Z]\d{0,3}$")]


class BaselineRef(Model):
    """A baseline: a named git revision whose plan later plans are compared with."""

    name: str = Field(min_length=1, max_length=100, description="e.g. 'Beschluss 2021'.")
    rev: str = Field(
        min_length=1,
        max_length=200,
        pattern=r"^[A-Za-z0-9][A-Za-z0-9._/~^-]*$",
        description="A tag, branch or commit, e.g. beschluss-2021.",
    )


class Strategy(Model):
    municipality: Municipality
    title: str = Field(min_length=1, max_length=300)
    horizon: Horizon
    leitbild: str | None = Field(default=None, description="Vision statement (Markdown).")
    principles: list[Principle] = Field(
        default_factory=list, description="Principles (or any tags) measures can serve."
    )
    goals: list[Goal] = Field(default_factory=list)
    fields: list[FieldOfAction] = Field(min_length=1)
    planning: Planning
    legal: list[LegalBasis] = Field(
        default_factory=list, description="Local legal bases, in addition to the built-in catalog."
    )
    risks: list[Risk] = Field(default_factory=list, description="Plan-wide risk register.")
    baselines: list[BaselineRef] = Field(
        default_factory=list, description="Named revisions for plan build --baseline."
    )
    resolution: str | None = Field(
        default=None,
        max_length=20_000,
        description="Beschlussvorschlag (Markdown); without it egovkit drafts one from the data.",
    )
    checks: dict[CheckKey, CheckLevel] = Field(
        default_factory=dict,
        description="Severity per finding code or code prefix, e.g. {D001: warning, C: info} "
        "(error, warning, info or off; the most specific key wins). Codes of unusable input "
        "(Y, S, R, G, T and D003) cannot be changed.",
    )

    @model_validator(mode="after")
    def _shallow_fields(self) -> Strategy:
        for field, depth, _ in self.all_fields():
            if depth > MAX_FIELD_DEPTH:
                raise PydanticCustomError(
                    "egovkit_field_depth",
                    "field '{id}' is nested {depth} levels deep; fields of action take at "
                    "most {limit} levels (field, focus area, sub-area)",
                    {"id": field.id, "depth": depth, "limit": MAX_FIELD_DEPTH},
                )
        return self

    def all_fields(self):
        """Every field and focus area, depth first: (field, depth, where in the file)."""
        for n, f in enumerate(self.fields):
            yield from f.walk(("fields", n))

    def all_goals(self):
        """Global goals, then the goals of every field and focus area:
        (goal, its field or None, where in the file)."""
        for n, g in enumerate(self.goals):
            yield g, None, ("goals", n)
        for f, _, loc in self.all_fields():
            for n, g in enumerate(f.goals):
                yield g, f, (*loc, "goals", n)
