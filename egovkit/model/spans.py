"""Dates as real strategies write them: a day, a month, a quarter or a year.

``2024-03-15`` is a day, ``2024-03`` the month of March 2024, ``2024-Q2`` April to June 2024,
``2024`` the whole year. A :class:`Span` keeps the first and last day it covers and how
precise it was written; a :class:`Period` (``period: {start: 2019, end: 2026}``) runs from
the first day of its start to the last day of its end.

Used where a date may be given with less precision: a measure's ``period`` and its actual
``started`` / ``finished`` dates (a start written as a month means its first day, a finish its
last day).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    PlainSerializer,
    WithJsonSchema,
)
from pydantic import model_validator as _model_validator
from pydantic_core import PydanticCustomError

from egovkit.model.types import MAX_DATE, MIN_DATE, Model, _check_date, date_range_problem


class Precision(StrEnum):
    day = "day"
    month = "month"
    quarter = "quarter"
    year = "year"


class Span(BaseModel):
    """The days a date written as a day, month, quarter or year covers."""

    model_config = ConfigDict(frozen=True)

    first: dt.date
    last: dt.date
    precision: Precision
    text: str  # as written, normalised: 2024-03-15, 2024-03, 2024-Q2, 2024

    def __str__(self) -> str:
        return self.text


_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-[Qq]([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")
_HINT = "write a day (2024-03-15), a month (2024-03), a quarter (2024-Q2) or a year (2024)"


def _months(year: int, first: int, last: int, precision: Precision, text: str) -> Span:
    end = dt.date(year, last, calendar.monthrange(year, last)[1])
    return Span(first=dt.date(year, first, 1), last=end, precision=precision, text=text)


def parse_span(value: Any) -> Span:
    """A :class:`Span` from YAML: a date, ``YYYY-MM``, ``YYYY-Qn`` or a year (number or text)."""
    if isinstance(value, Span):
        return value
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        span = Span(first=value, last=value, precision=Precision.day, text=value.isoformat())
    elif isinstance(value, bool) or not isinstance(value, int | str):
        raise PydanticCustomError("egovkit_span", f"not a date: {_HINT}")
    else:
        span = _parse_text(str(value).strip())
    for day in (span.first, span.last):
        if problem := date_range_problem(day):
            raise PydanticCustomError("egovkit_date_range", problem)
    return span


def _parse_text(text: str) -> Span:
    try:
        if m := _YEAR.match(text):
            return _months(int(m[1]), 1, 12, Precision.year, m[1])
        if m := _QUARTER.match(text):
            q = int(m[2])
            return _months(int(m[1]), 3 * q - 2, 3 * q, Precision.quarter, f"{m[1]}-Q{q}")
        if m := _MONTH.match(text):
            month = int(m[2])
            return _months(int(m[1]), month, month, Precision.month, f"{m[1]}-{m[2]}")
        day = dt.date.fromisoformat(text)
        return Span(first=day, last=day, precision=Precision.day, text=day.isoformat())
    except ValueError:
        pass
    raise PydanticCustomError("egovkit_span", "'{value}' is not a date: " + _HINT, {"value": text})


_SPAN_SCHEMA = {
    "anyOf": [
        {
            "type": "string",
            "format": "date",
            "pattern": r"^(199[0-9]|20[0-9][0-9]|2100)-",
            "formatMinimum": MIN_DATE.isoformat(),
            "formatMaximum": MAX_DATE.isoformat(),
        },
        {"type": "string", "pattern": r"^\d{4}-(0[1-9]|1[0-2])$"},
        {"type": "string", "pattern": r"^\d{4}-[Qq][1-4]$"},
        {"type": "integer", "minimum": 1990, "maximum": 2100},
    ],
    "description": "A day (2024-03-15), month (2024-03), quarter (2024-Q2) or year (2024).",
}

SpanField = Annotated[
    Span,
    BeforeValidator(parse_span),
    PlainSerializer(str, return_type=str, when_used="json"),
    WithJsonSchema(_SPAN_SCHEMA),
]


def _first_day(value: Any) -> Any:
    return parse_span(value).first if _is_fuzzy(value) else value


def _last_day(value: Any) -> Any:
    return parse_span(value).last if _is_fuzzy(value) else value


def _is_fuzzy(value: Any) -> bool:
    return (isinstance(value, int) and not isinstance(value, bool)) or (
        isinstance(value, str) and bool(_YEAR.match(value) or _MONTH.match(value)
                                        or _QUARTER.match(value))
    )  # fmt: skip


_FUZZY_SCHEMA = {**_SPAN_SCHEMA, "description": "A day, or a month, quarter or year."}
#: An actual start written as a day, month, quarter or year: its first day.
StartDate = Annotated[
    dt.date, BeforeValidator(_first_day), AfterValidator(_check_date), WithJsonSchema(_FUZZY_SCHEMA)
]
#: An actual finish written as a day, month, quarter or year: its last day.
EndDate = Annotated[
    dt.date, BeforeValidator(_last_day), AfterValidator(_check_date), WithJsonSchema(_FUZZY_SCHEMA)
]


class Period(Model):
    """A time window: from the first day of ``start`` to the last day of ``end``."""

    start: SpanField
    end: SpanField

    @_model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end.last < self.start.first:
            raise PydanticCustomError(
                "egovkit_date_order",
                "the period ends ({end}) before it starts ({start})",
                {"start": str(self.start), "end": str(self.end)},
            )
        return self

    @property
    def first(self) -> dt.date:
        return self.start.first

    @property
    def last(self) -> dt.date:
        return self.end.last

    def __str__(self) -> str:
        return f"{self.start}–{self.end}"
