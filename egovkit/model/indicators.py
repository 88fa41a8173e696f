"""Indicators with targets ("ca. 80 % der Haushalte bis 2023"), measured over time."""

from __future__ import annotations

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from egovkit.model.spans import EndDate
from egovkit.model.types import Id, Model

#: No indicator of a municipal strategy comes near this; larger numbers are typos (and would
#: overflow the chart's scale).
MAX_MAGNITUDE = 1e12
Value = Field(ge=-MAX_MAGNITUDE, le=MAX_MAGNITUDE, allow_inf_nan=False)


class IndicatorValue(Model):
    """A value at a date (a day, or a month, quarter or year: its last day)."""

    date: EndDate
    value: float = Value


class IndicatorTarget(Model):
    date: EndDate
    value: float = Value


class Indicator(Model):
    id: Id
    title: str = Field(min_length=1, max_length=300)
    unit: str = Field(min_length=1, max_length=300, description="e.g. '%', 'Dienste', 'Haushalte'.")
    baseline: IndicatorValue | None = None
    target: IndicatorTarget
    values: list[IndicatorValue] = Field(default_factory=list, description="Measured values.")
    min: float | None = Field(
        default=None,
        ge=-MAX_MAGNITUDE,
        le=MAX_MAGNITUDE,
        allow_inf_nan=False,
        description="Lowest valid value.",
    )
    max: float | None = Field(
        default=None,
        ge=-MAX_MAGNITUDE,
        le=MAX_MAGNITUDE,
        allow_inf_nan=False,
        description="Highest valid value.",
    )
    source: str | None = Field(default=None, description="Where the values come from.")

    @model_validator(mode="after")
    def _bounds(self) -> Indicator:
        if self.min is not None and self.max is not None and self.max < self.min:
            raise PydanticCustomError(
                "egovkit_indicator_bounds", "'max' ({max}) is below 'min' ({min})",
                {"min": self.min, "max": self.max},
            )  # fmt: skip
        return self
