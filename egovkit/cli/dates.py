"""Dates typed on the command line (``--today``): one parser for every command."""

from __future__ import annotations

import datetime as dt
import re

_ISO = re.compile(r"^(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})$")
_GERMAN = re.compile(r"^(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})$")


def parse_date_arg(text: str) -> dt.date:
    """``YYYY-MM-DD`` or ``TT.MM.JJJJ`` → a date egovkit plans with.

    Raises ValueError with a one-line message for the user otherwise.
    """
    value = text.strip()
    match = _ISO.match(value) or _GERMAN.match(value)
    if match is None:
        raise ValueError(f"'{text}' is not a date; write YYYY-MM-DD or TT.MM.JJJJ")
    try:
        day = dt.date(int(match["y"]), int(match["m"]), int(match["d"]))
    except ValueError:
        raise ValueError(f"'{text}' is not a date of the calendar") from None
    from egovkit.model.types import date_range_problem  # pydantic loads only when needed

    problem = date_range_problem(day)
    if problem:
        raise ValueError(problem)
    return day


def today_option(value: str | None) -> dt.date | None:
    """The ``--today`` option of any command, or a usage error (exit 2)."""
    if value is None:
        return None
    from egovkit.cli.errors import fail

    try:
        return parse_date_arg(value)
    except ValueError as exc:
        raise fail(f"--today: {exc}") from None
