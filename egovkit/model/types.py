"""Shared value types: identifiers, enums, dates and durations.

Units of a duration are parsed here and nowhere else; the conversion of a
duration into working days lives in :mod:`egovkit.plan.workdays`.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import Annotated, Any
from urllib.parse import quote, urlsplit

from pydantic import (
    AfterValidator,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    WithJsonSchema,
)
from pydantic import BaseModel as _PydanticBase
from pydantic_core import PydanticCustomError

#: Identifiers become file names (``measures/<ID>.yaml``), HTML anchors and
#: Mermaid node names, so they are restricted to a portable, safe alphabet.
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$"
_ID_RE = re.compile(ID_PATTERN)


class Model(_PydanticBase):
    """Base of every file model: unknown keys are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


def _check_id(value: str) -> str:
    if not _ID_RE.match(value):
        raise PydanticCustomError(
            "egovkit_id",
            "'{value}' is not a valid id: use 1-64 letters, digits, '-' or '_', "
            "starting with a letter or digit (ids become file names)",
            {"value": value},
        )
    return value


Id = Annotated[str, Field(strict=True), AfterValidator(_check_id)]


#: The dates egovkit plans with: every date in the files and on the command line lies in this
#: range, and so does the computed schedule (D003). Wide enough for any real strategy, narrow
#: enough that no date arithmetic of the scheduler or the renderers leaves Python's years 1–9999.
MIN_DATE = dt.date(1990, 1, 1)
MAX_DATE = dt.date(2100, 12, 31)
DATE_RANGE = f"{MIN_DATE.isoformat()} … {MAX_DATE.isoformat()}"
_DATE_RANGE_MESSAGE = "{value} is outside the dates egovkit plans with ({range}); check the year"


def date_range_problem(value: dt.date) -> str | None:
    """Why ``value`` is not a date egovkit plans with, or None if it is."""
    if MIN_DATE <= value <= MAX_DATE:
        return None
    return _DATE_RANGE_MESSAGE.format(value=value.isoformat(), range=DATE_RANGE)


def _date_input(value: Any) -> Any:
    # pydantic would read a number as seconds since 1970 (1735689600 → 2025-01-01).
    if isinstance(value, bool | int | float):
        raise PydanticCustomError(
            "egovkit_date",
            "{value} is a number, not a date; write dates as YYYY-MM-DD",
            {"value": value},
        )
    return value


def _check_date(value: dt.date) -> dt.date:
    if isinstance(value, dt.datetime):  # never a time of day in a plan date
        value = value.date()
    if date_range_problem(value):
        raise PydanticCustomError(
            "egovkit_date_range",
            _DATE_RANGE_MESSAGE,
            {"value": value.isoformat(), "range": DATE_RANGE},
        )
    return value


#: A calendar date in a strategy repository (``YYYY-MM-DD``) within ``MIN_DATE … MAX_DATE``.
#: The JSON Schema checks the year with a pattern, so editors flag 2205 for 2025 as well.
PlanDate = Annotated[
    dt.date,
    BeforeValidator(_date_input),
    AfterValidator(_check_date),
    WithJsonSchema(
        {
            "type": "string",
            "format": "date",
            "pattern": r"^(199[0-9]|20[0-9][0-9]|2100)-",
            "formatMinimum": MIN_DATE.isoformat(),
            "formatMaximum": MAX_DATE.isoformat(),
        }
    ),
]


class Obligation(StrEnum):
    """How binding a measure is (Bergisch Gladbach's red / blue / unmarked)."""

    required = "required"  # gesetzlich erforderlich
    standard = "standard"  # Standard, künftig ggf. verpflichtend
    voluntary = "voluntary"  # freiwillig


class Status(StrEnum):
    unknown = "unknown"  # no status published: "Stand unbekannt", never "planned, 0 %"
    planned = "planned"
    in_progress = "in_progress"
    done = "done"
    on_hold = "on_hold"
    cancelled = "cancelled"


class Priority(StrEnum):
    high = "high"
    medium = "medium"
    low = "low"

    @property
    def rank(self) -> int:
        return {"high": 0, "medium": 1, "low": 2}[self.value]


class DurationUnit(StrEnum):
    days = "days"  # working days
    weeks = "weeks"
    months = "months"


_UNIT_WORDS: dict[str, DurationUnit] = {}
for _unit, _words in {
    DurationUnit.days: ("d", "day", "days", "wd", "tag", "tage", "arbeitstag", "arbeitstage"),
    DurationUnit.weeks: ("w", "week", "weeks", "woche", "wochen"),
    DurationUnit.months: ("m", "mo", "month", "months", "monat", "monate"),
}.items():
    for _w in _words:
        _UNIT_WORDS[_w] = _unit

_DURATION_RE = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*([A-Za-zäÄ]+)\s*$")


class Duration(_PydanticBase):
    """A length of working time such as ``6 months``, ``3 weeks`` or ``10 days``."""

    model_config = ConfigDict(frozen=True)

    value: float = Field(ge=0, allow_inf_nan=False)
    unit: DurationUnit

    def __str__(self) -> str:
        number = int(self.value) if self.value == int(self.value) else self.value
        return f"{number} {self.unit.value}"


def _parse_duration(value: Any) -> Any:
    if isinstance(value, Duration):
        return value
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise PydanticCustomError(
            "egovkit_duration",
            "a duration must be a number with a unit, e.g. '6 months', '3 weeks' or '10 days'",
        )
    if isinstance(value, int):
        raise PydanticCustomError(
            "egovkit_duration",
            "'{value}' has no unit: write e.g. '{value} days', '{value} weeks' or '{value} months'",
            {"value": value},
        )
    match = _DURATION_RE.match(value)
    unit = _UNIT_WORDS.get(match.group(2).lower()) if match else None
    if match is None or unit is None:
        raise PydanticCustomError(
            "egovkit_duration",
            "'{value}' is not a duration: write a number and a unit (days, weeks, months), "
            "e.g. '6 months'",
            {"value": value},
        )
    number = float(match.group(1).replace(",", "."))
    if number > MAX_DURATION[unit]:
        raise PydanticCustomError(
            "egovkit_duration",
            "'{value}' is longer than 100 years; split the measure or check the unit",
            {"value": value},
        )
    return Duration(value=number, unit=unit)


#: Upper bounds per unit (100 years), so one typo cannot push a measure past the calendar;
#: a schedule that still runs past ``MAX_DATE`` is D003.
MAX_DURATION = {DurationUnit.days: 36_500, DurationUnit.weeks: 5_200, DurationUnit.months: 1_200}


DurationField = Annotated[
    Duration,
    BeforeValidator(_parse_duration),
    PlainSerializer(str, return_type=str, when_used="json"),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^\s*\d+([.,]\d+)?\s*[A-Za-zäÄ]+\s*$",
            "examples": ["6 months", "3 weeks", "10 days", "0 days"],
        }
    ),
]

Percent = Annotated[int, Field(ge=0, le=100)]


#: Characters that may stay as they are in a URL (RFC 3986 reserved and unreserved, and ``%``
#: of existing escapes); everything else (non-ASCII, ``"<>^`{|}``) is percent-encoded.
URL_SAFE = ":/?#[]@!$&'()*+,;=%~"
_URL_BAD = re.compile(r"[\s\x00-\x1f\x7f-\x9f\\\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]")
_STRAY_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


def url_problem(value: str) -> str | None:
    """Why ``value`` is not a usable public http(s) URL, or None if it is."""
    if not value.startswith(("http://", "https://")):
        return "it does not start with http:// or https://"
    if bad := _URL_BAD.search(value):
        char = bad.group()
        what = (
            "a line break" if char in "\r\n\x85\u2028\u2029"
            else "a backslash" if char == "\\"
            else "a space" if char.isspace()
            else "an invisible control character"
        )  # fmt: skip
        return f"it contains {what} (U+{ord(char):04X}) at position {bad.start() + 1}"
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return "it cannot be parsed as a URL"
    if not parts.hostname:
        return "it names no host"
    if "@" in parts.netloc:
        return "it contains a user name or password before the host"
    return None


def encode_url(value: str) -> str:
    """``value`` with every character that a URL cannot hold literally percent-encoded.

    Existing escapes (``%20``) stay; a ``%`` that starts none becomes ``%25``.
    """
    return quote(_STRAY_PERCENT.sub("%25", value), safe=URL_SAFE)


def _check_url(value: str) -> str:
    problem = url_problem(value)
    if problem is not None:
        shown = value if len(value) <= 80 else value[:77] + "..."
        raise PydanticCustomError(
            "egovkit_url",
            "{value} is not a usable URL: {problem}; write one public http:// or https:// "
            "address (spaces as %20)",
            {"value": repr(shown), "problem": problem},
        )
    return encode_url(value)


#: A public web address: http or https, a host, no whitespace or control characters, no user
#: name or password. Stored percent-encoded, so it can be printed into HTML and Markdown links.
#: The JSON Schema keeps the simple pattern that editors can check.
Url = Annotated[
    str,
    Field(strict=True),
    AfterValidator(_check_url),
    WithJsonSchema({"type": "string", "pattern": r"^https?://"}),
]


class State(StrEnum):
    """ISO 3166-2:DE code of a Land, as the ``holidays`` package uses it."""

    BB = "BB"
    BE = "BE"
    BW = "BW"
    BY = "BY"
    HB = "HB"
    HE = "HE"
    HH = "HH"
    MV = "MV"
    NI = "NI"
    NW = "NW"
    RP = "RP"
    SH = "SH"
    SL = "SL"
    SN = "SN"
    ST = "ST"
    TH = "TH"
