"""The schedule as pure data: :class:`Plan`, :class:`ScheduledMeasure` and driving chains.

These dataclasses are the output contract shared by renderers, exports and checks (add
fields, never rename). :mod:`egovkit.plan.schedule` computes them (docs/scheduling.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import overload

from egovkit.model import Obligation, Status
from egovkit.plan.deadlines import DeadlineVerdict, Verdict, worst


class DrivingChain(Sequence[str]):
    """The ids from the first driver to a measure, oldest first, kept as a link: the measure's
    id and the chain of its driver (the predecessor on the driving path).

    Chains share their common part, so a plan holds one link per measure however long its
    chains are (memory linear in the plan, not quadratic). The ids are read on demand:
    ``len``, the first :data:`HEAD` ids and the last id in O(1), everything else by walking
    the links. Compares and hashes like the tuple of its ids.
    """

    HEAD = 3
    __slots__ = ("_hash", "_head", "_len", "last", "prefix")

    def __init__(self, last: str, prefix: DrivingChain | None = None) -> None:
        self.last = last  # the measure this chain explains
        self.prefix = prefix  # the chain of its driver; None at the head of the chain
        self._len = 1 + (prefix._len if prefix is not None else 0)
        if prefix is None:
            self._head: tuple[str, ...] = (last,)
        elif prefix._len >= self.HEAD:
            self._head = prefix._head  # shared, not copied
        else:
            self._head = (*prefix._head, last)
        self._hash: int | None = None

    @classmethod
    def of(cls, ids: Sequence[str]) -> DrivingChain:
        chain = None
        for ident in ids:
            chain = cls(ident, chain)
        if chain is None:
            raise ValueError("a driving chain has at least one id")
        return chain

    def __len__(self) -> int:
        return self._len

    def __reversed__(self) -> Iterator[str]:
        node: DrivingChain | None = self
        while node is not None:
            yield node.last
            node = node.prefix

    def __iter__(self) -> Iterator[str]:
        return reversed(list(reversed(self)))

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[str, ...]: ...
    def __getitem__(self, index: int | slice) -> str | tuple[str, ...]:
        if isinstance(index, slice):
            return tuple(self)[index]
        n = self._len
        k = index + n if index < 0 else index
        if not 0 <= k < n:
            raise IndexError("driving chain index out of range")
        if k < len(self._head):
            return self._head[k]
        node = self
        for _ in range(n - 1 - k):
            node = node.prefix
        return node.last

    def __eq__(self, other: object) -> bool:
        if self is other:
            return True
        if not isinstance(other, DrivingChain | tuple) or len(other) != self._len:
            return False
        if isinstance(other, tuple):
            return all(a == b for a, b in zip(reversed(self), reversed(other), strict=True))
        a: DrivingChain | None = self
        b: DrivingChain | None = other
        while a is not None and b is not None and a is not b:
            if a.last != b.last:
                return False
            a, b = a.prefix, b.prefix
        return True

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(tuple(self))
        return self._hash

    def __repr__(self) -> str:
        return f"DrivingChain({chain_text(self)!r})"

    def __copy__(self) -> DrivingChain:
        return self  # immutable

    def __deepcopy__(self, memo: dict) -> DrivingChain:
        return self

    def __reduce__(self) -> tuple:
        return (DrivingChain.of, (tuple(self),))


CHAIN_TEXT_MAX = 10  # chain_text names every id of chains up to this length


def _more(left_out: int) -> str:
    return f"… ({left_out:,} more) …"


def chain_text(
    chain: Sequence[str], more: Callable[[int], str] = _more, sep: str = " → ", keep: int = 3
) -> str:
    """The ids joined by ``sep``; a chain longer than :data:`CHAIN_TEXT_MAX` as its first and
    last ``keep`` ids around ``more(number left out)``, so the text of a very long chain
    stays short: ``A → B → C → … (9,994 more) … → X → Y → Z``."""
    n = len(chain)
    if n <= max(CHAIN_TEXT_MAX, 2 * keep):
        return sep.join(chain)
    first = [chain[k] for k in range(keep)]
    last = [chain[k] for k in range(n - keep, n)]  # O(keep) each on a DrivingChain
    return sep.join([*first, more(n - 2 * keep), *last])


@dataclass(frozen=True, slots=True)
class ScheduledMeasure:
    id: str
    title: str
    field: str
    obligation: Obligation
    priority: str
    status: Status
    progress: int
    owner: str | None
    depends_on: tuple[str, ...]  # existing, non-cancelled prerequisites only
    order: int  # position in the stable topological order (0-based)
    wave: int  # 0 = no prerequisites; else 1 + max wave of prerequisites
    duration_days: int  # total working days of the measure
    remaining_days: int  # working days still to do at the status date
    start: dt.date  # earliest start: first working day
    finish: dt.date  # earliest finish: last working day, inclusive
    late_start: dt.date
    late_finish: dt.date  # inclusive
    slack: int  # total slack in working days
    critical: bool
    milestone: bool  # duration 0
    fixed: bool  # dates are actual dates (done), not computed
    deadline: dt.date | None  # effective deadline (own, else earliest legal)
    deadline_source: str | None  # "measure" or the legal basis id that sets it
    deadline_slip: int  # working days after the deadline (0 = on time or no deadline)
    # ids from the first driver to this measure; build_plan gives a DrivingChain (links)
    driving_chain: Sequence[str]
    capacity_delay: int  # working days levelling pushed the start back (0 = none)
    legal_deadline: dt.date | None = None  # earliest deadline of the cited legal bases
    legal_deadline_source: str | None = None  # the legal basis id that sets it
    legal_slip: int = 0  # working days the finish is after the legal deadline
    #: the verdict against every deadline that applies (own first, then legal by date)
    deadlines: tuple[DeadlineVerdict, ...] = ()
    window: tuple[dt.date, dt.date] | None = None  # the planned period (first, last day)
    fixed_window: bool = False  # placed in its period (planned by period alone), not moved
    progress_known: bool = True  # False: no progress published (shown as unknown, not 0 %)
    progress_means_time: bool = True  # False: progress counts results, not time used

    @property
    def verdict(self) -> Verdict | None:
        """The worst verdict of its deadlines, None if it has none."""
        return worst(self.deadlines)

    @property
    def driver(self) -> str | None:
        """The predecessor on the driving path (whose finish sets the start), if any."""
        return self.driving_chain[-2] if len(self.driving_chain) > 1 else None


@dataclass(frozen=True)
class CalendarInfo:
    weekdays: tuple[str, ...]  # "mon" … "sun"
    state: str
    holidays: tuple[tuple[dt.date, str], ...]  # within the plan span, sorted
    closures: tuple[tuple[dt.date, dt.date, str], ...]


@dataclass(frozen=True)
class Plan:
    status_date: dt.date  # "Stand": the re-planning date
    start: dt.date  # planning.start
    finish: dt.date  # last finish of any measure
    horizon_end: dt.date
    calendar: CalendarInfo
    measures: tuple[ScheduledMeasure, ...]  # in stable order
    critical_path: tuple[str, ...]  # one chain of zero-slack measures from start to end
    cancelled: tuple[str, ...]  # not scheduled
    #: where ``status_date`` came from: "today" (--today), "status_date" (strategy.yaml) or
    #: "clock" (the day of the run)
    status_date_from: str = "status_date"

    def by_id(self) -> dict[str, ScheduledMeasure]:
        return {m.id: m for m in self.measures}

    @cached_property
    def _index(self) -> dict[str, ScheduledMeasure]:
        return self.by_id()

    def driving_chain(self, ident: str) -> tuple[str, ...]:
        """The driving chain of measure ``ident`` as a tuple, built on demand (O(length))."""
        return tuple(self._index[ident].driving_chain)
