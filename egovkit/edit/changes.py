"""What an edit changes in a measure file, as values: set a key, add a log entry.

Each change knows what it does to the file's plain data (:func:`expected`), which is how a
rewritten file is judged; where a new key goes is decided here once (:func:`neighbour`), for
the round-trip and the textual editor alike.
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass
from typing import Any

from egovkit.model import Measure

#: The order of a measure's keys: the model's, as docs/format.md writes them. A new key goes
#: after the nearest key before it in this order that the file has.
KEY_ORDER: tuple[str, ...] = tuple(Measure.model_fields)


@dataclass(frozen=True)
class SetKey:
    """Set top-level ``key`` to ``value`` (a str, int or date), adding the key if missing."""

    key: str
    value: str | int | dt.date

    def describe(self) -> str:
        value = self.value.isoformat() if isinstance(self.value, dt.date) else self.value
        return f"{self.key}: {value}"


@dataclass(frozen=True)
class AddLog:
    """Insert a log entry at ``index`` of the ``log:`` list (made at the end if missing)."""

    date: dt.date
    text: str
    index: int

    def describe(self) -> str:
        return f"log: {self.date.isoformat()} {self.text}"


Change = SetKey | AddLog


def log_index(data: dict[str, Any], day: dt.date) -> int:
    """Where an entry of ``day`` goes so the log stays in date order: after the last entry
    dated ``day`` or earlier (entries without a readable date are passed over)."""
    log = data.get("log")
    if not isinstance(log, list):
        return 0
    index = 0
    for position, entry in enumerate(log):
        when = entry.get("date") if isinstance(entry, dict) else None
        if isinstance(when, dt.date) and not isinstance(when, dt.datetime) and when <= day:
            index = position + 1
    return index


def neighbour(key: str, present: list[str]) -> str | None:
    """The key a new ``key`` goes after: the nearest before it in :data:`KEY_ORDER` that
    ``present`` has; ``log`` always goes last. None: after the last key."""
    if key == "log" or key not in KEY_ORDER:
        return None
    before = KEY_ORDER[: KEY_ORDER.index(key)]
    for candidate in reversed(before):
        if candidate in present:
            return candidate
    return None


def expected(data: dict[str, Any], changes: list[Change]) -> dict[str, Any]:
    """The plain data the file must hold after ``changes``."""
    out = copy.deepcopy(data)
    for change in changes:
        if isinstance(change, SetKey):
            out[change.key] = change.value
        else:
            log = out.get("log")
            if not isinstance(log, list):
                log = out["log"] = []
            log.insert(change.index, {"date": change.date, "text": change.text})
    return out
