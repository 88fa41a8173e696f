"""Assessments (Bestandsaufnahme): a questionnaire as data, and the answers of one assessor
for one municipality, view and date (``assessments/<date>-<view>.yaml``) with evidence per
answer. Scoring and agreement are computed in :mod:`egovkit.assess`."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from egovkit.model.types import Id, Model, PlanDate, Url


class View(StrEnum):
    inside = "inside"  # Innensicht: organisation, technology, processes, staff, finances, strategy
    outside = "outside"  # Außensicht: Mystery Shopping of the web offer


class ScaleKind(StrEnum):
    levels = "levels"  # ordinal maturity levels, worst first
    yesno = "yesno"
    number = "number"  # numeric, within min and max


class Aggregation(StrEnum):
    mean = "mean"  # weighted mean of the question scores (default)
    minimum = "minimum"  # the lowest question score sets the category (OZG maturity style)
    normalized = "normalized"  # weighted mean, then 0-100 between the group's worst and best


class Scale(Model):
    kind: ScaleKind
    levels: list[str] = Field(default_factory=list, description="Level names, worst first.")
    min: float | None = None
    max: float | None = None
    higher_is_better: bool = True

    @model_validator(mode="after")
    def _complete(self) -> Scale:
        if self.kind is ScaleKind.levels and len(self.levels) < 2:
            raise PydanticCustomError("egovkit_scale", "a levels scale needs at least 2 levels")
        if self.kind is ScaleKind.number and (
            self.min is None or self.max is None or self.max <= self.min
        ):
            raise PydanticCustomError("egovkit_scale", "a number scale needs min < max")
        return self


class Question(Model):
    id: Id
    category: Id
    text: str = Field(min_length=1, max_length=1000)
    help: str | None = Field(default=None, max_length=2000)
    evidence: str | None = Field(default=None, max_length=1000, description="What counts.")
    scale: Scale
    weight: float = Field(default=1.0, gt=0, le=100)
    required: bool = True


class Category(Model):
    id: Id
    title: str = Field(min_length=1, max_length=300)
    view: View
    aggregation: Aggregation = Aggregation.mean


class Questionnaire(Model):
    id: Id
    title: str = Field(min_length=1, max_length=300)
    version: str = Field(min_length=1, max_length=50)
    categories: list[Category] = Field(min_length=1)
    questions: list[Question] = Field(min_length=1)


class Evidence(Model):
    url: Url | None = None
    seen: PlanDate | None = Field(default=None, description="When the evidence was seen.")
    file: str | None = Field(
        default=None, max_length=300, pattern=r"^[^/\\].*$", description="Path in the repository."
    )
    note: str | None = Field(default=None, max_length=2000)


class Answer(Model):
    value: int | float | bool | str
    evidence: list[Evidence] = Field(default_factory=list)
    note: str | None = Field(default=None, max_length=2000)


class Assessment(Model):
    """One assessor's answers for one municipality, view and date."""

    date: PlanDate
    view: View
    assessor: str = Field(min_length=1, max_length=200)
    questionnaire: Id = Field(default="egovkit-standard", description="Id of the questionnaire.")
    consolidated: bool = Field(
        default=False, description="The agreed answer set when two assessors rated."
    )
    answers: dict[Id, Answer | int | float | bool | str] = Field(default_factory=dict)

    def answer(self, qid: str) -> Answer | None:
        value = self.answers.get(qid)
        if value is None or isinstance(value, Answer):
            return value
        return Answer(value=value)


def level_score(scale: Scale, value: object) -> float | None:
    """An answer as 0-100 on its scale, or None when it does not fit the scale."""
    if scale.kind is ScaleKind.yesno:
        if not isinstance(value, bool):
            return None
        good = value if scale.higher_is_better else not value
        return 100.0 if good else 0.0
    if scale.kind is ScaleKind.levels:
        if isinstance(value, str) and value in scale.levels:
            index = scale.levels.index(value)
        elif (
            isinstance(value, int)
            and not isinstance(value, bool)
            and 0 <= value < len(scale.levels)
        ):
            index = value
        else:
            return None
        return 100.0 * index / (len(scale.levels) - 1)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    lo, hi = float(scale.min), float(scale.max)  # type: ignore[arg-type]
    if not lo <= value <= hi:
        return None
    share = (value - lo) / (hi - lo)
    return 100.0 * (share if scale.higher_is_better else 1 - share)
