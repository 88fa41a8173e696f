"""Critical-path schedule of the measures on working days → :class:`Plan` (pure data).

The dataclasses are the output contract shared by renderers, exports and checks (add
fields, never rename). The algorithm below them is documented in docs/scheduling.md.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import overload

from egovkit.load.workspace import Workspace
from egovkit.model import Measure, Obligation, Status
from egovkit.model.deadlines import deadline_of, legal_deadline_of
from egovkit.plan.graph import build_graph, stable_order, waves
from egovkit.plan.workdays import WEEKDAYS, Calendar, calendar_for, working_days


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


@dataclass(frozen=True)
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


# -- the algorithm (docs/scheduling.md) -----------------------------------------------------

OBLIGATION_RANK = {Obligation.required: 0, Obligation.standard: 1, Obligation.voluntary: 2}
_WAITING = (Status.planned, Status.on_hold)  # not started: placed by the scheduler


def order_key(measure: Measure, deadline: dt.date | None) -> tuple:
    """Tie-break among measures that are ready at the same time in the topological order:
    obligation (required first), effective deadline (earlier first, none last), priority
    (high first), id."""
    return (
        OBLIGATION_RANK[measure.obligation],
        deadline is None,
        deadline or dt.date.min,
        measure.priority.rank,
        measure.id,
    )


def _slip(cal: Calendar, finish: dt.date, deadline: dt.date | None) -> int:
    """Working days ``finish`` lies after ``deadline`` (at least 1 if it is later at all)."""
    if deadline is None or finish <= deadline:
        return 0
    return max(1, cal.index_on_or_before(finish) - cal.index_on_or_before(deadline))


class _Load:
    """How many measures of one unit are active on each working day: a step function kept as
    sorted breakpoints ``xs`` with the level on ``[xs[i], xs[i + 1])`` in ``levels[i]``."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self.xs: list[int] = [-(2**62)]
        self.levels: list[int] = [0]

    def _split(self, x: int) -> int:
        i = bisect.bisect_right(self.xs, x) - 1
        if self.xs[i] != x:
            i += 1
            self.xs.insert(i, x)
            self.levels.insert(i, self.levels[i - 1])
        return i

    def add(self, first: int, end: int) -> None:
        """One more active measure on the days ``[first, end)``."""
        if first < end:
            i, j = self._split(first), self._split(end)
            for k in range(i, j):
                self.levels[k] += 1

    def earliest(self, first: int, length: int) -> int:
        """The earliest day ``t >= first`` with room on every day of ``[t, t + length)``."""
        t = first
        k = bisect.bisect_right(self.xs, t) - 1
        while k < len(self.xs) and self.xs[k] < t + length:
            if self.levels[k] >= self.capacity:  # full: try again after this segment
                t = self.xs[k + 1]  # the last segment is always empty, so k + 1 exists
            k += 1
        return t


def build_plan(ws: Workspace, today: dt.date | None = None) -> Plan:
    """Schedule every measure that is not cancelled. Precondition: the workspace checks
    without errors (no cycles, no unknown references)."""
    if ws.strategy is None:
        raise ValueError("cannot schedule without strategy.yaml")
    strategy = ws.strategy.model
    cal = calendar_for(strategy)
    status_date = today or strategy.planning.status_date or dt.date.today()
    status_date_from = (
        "today" if today else "status_date" if strategy.planning.status_date else "clock"
    )
    status_i = cal.index_on_or_after(status_date)
    everything = [item.model for item in ws.measure_by_id.values()]
    active = {m.id: m for m in everything if m.status is not Status.cancelled}
    cancelled = tuple(sorted(m.id for m in everything if m.status is Status.cancelled))
    legal = ws.legal_by_id
    deadlines = {i: deadline_of(m, legal) for i, m in active.items()}
    graph = build_graph(active.values())
    order = stable_order(graph, key=lambda i: order_key(active[i], deadlines[i][0]))
    wave = waves(graph)
    pos = {ident: n for n, ident in enumerate(order)}
    preds = {i: sorted(graph.predecessors(i), key=pos.__getitem__) for i in order}
    pred_sets = {i: set(p) for i, p in preds.items()}
    length = {i: working_days(m.duration) for i, m in active.items()}

    start: dict[str, int] = {}  # first working day (index) the measure occupies
    end: dict[str, int] = {}  # index successors may start on (== start for a milestone)
    remaining: dict[str, int] = {}
    dates: dict[str, tuple[dt.date, dt.date]] = {}
    delay: dict[str, int] = {}

    def earliest(m: Measure, known: dict[str, int]) -> int:
        es = max((known[p] for p in preds[m.id] if p in known), default=0)
        if m.not_before is not None:
            es = max(es, cal.index_on_or_after(m.not_before))
        return max(es, 0)

    def computed_dates(i: str) -> tuple[dt.date, dt.date]:
        s, e = start[i], end[i]
        return cal.date_at(s), cal.date_at(e - 1 if e > s else s)

    # 1. Measures that started: their dates are facts and they ignore their prerequisites.
    for i in order:
        m, n = active[i], length[i]
        if m.status is Status.done:
            if m.started and m.finished:
                s = cal.index_on_or_after(m.started)
                e = max(s, cal.index_on_or_before(m.finished) + 1)
            elif m.finished:
                e = cal.index_on_or_before(m.finished) + 1
                s = e - n
            else:
                s = cal.index_on_or_after(m.started) if m.started else earliest(m, end)
                e = s + n
            start[i], end[i], remaining[i] = s, e, 0
            fallback = computed_dates(i)
            dates[i] = (m.started or fallback[0], m.finished or fallback[1])
        elif m.status is Status.in_progress:
            s = cal.index_on_or_after(m.started) if m.started else status_i
            r0 = max(0, status_i, s)
            rest = (n * (100 - m.progress) + 99) // 100
            if n == 0:  # a milestone in progress is reached at the status date
                start[i] = end[i] = r0
            elif rest:
                start[i], end[i] = s, r0 + rest
            else:  # finished at the status date, only the status is not updated yet
                start[i], end[i] = s, max(r0 - 1, s) + 1
            remaining[i] = rest
            computed = computed_dates(i)
            dates[i] = (m.started or computed[0], computed[1])

    # 2. Capacity: started measures occupy their units first and are never moved.
    capacity = {}
    if ws.organization is not None:
        capacity = {u.id: u.capacity for u in ws.organization.model.units if u.capacity}
    loads = {unit: _Load(cap) for unit, cap in capacity.items()}
    for i in order:
        owner = active[i].owner
        if i in start and owner in loads:
            loads[owner].add(start[i], end[i])

    # 3. Serial schedule generation in the stable order for everything not yet started.
    for i in order:
        m, n = active[i], length[i]
        if m.status not in _WAITING:
            continue
        es = max(earliest(m, end), status_i)
        s = es
        if n and m.owner in loads:
            s = loads[m.owner].earliest(es, n)
            loads[m.owner].add(s, s + n)
        start[i], end[i], delay[i], remaining[i] = s, s + n, s - es, n
        dates[i] = computed_dates(i)

    # 4. Backward pass on the (levelled) starts; only waiting measures constrain predecessors.
    finish_i = {i: end[i] - 1 if end[i] > start[i] else start[i] for i in order}
    project_end = max(finish_i.values(), default=0)
    late_end: dict[str, int] = {}
    late_start: dict[str, int] = {}
    for i in reversed(order):
        m = active[i]
        point = end[i] == start[i]
        bound = project_end if point else project_end + 1
        late_end[i] = min(
            (late_start[x] for x in graph.successors(i) if active[x].status in _WAITING),
            default=bound,
        )
        late_start[i] = late_end[i] - (length[i] if m.status in _WAITING else remaining[i])
    slack = {i: 0 if active[i].status is Status.done else late_end[i] - end[i] for i in order}
    critical = {i: slack[i] == 0 and active[i].status is not Status.done for i in order}

    def driver(i: str, only_critical: bool) -> str | None:
        if active[i].status not in _WAITING:
            return None
        tight = (p for p in preds[i] if end[p] == start[i] and (critical[p] or not only_critical))
        return next(tight, None)  # preds are sorted by stable order

    chains: dict[str, DrivingChain] = {}  # one link per measure: linear memory
    for i in order:
        d = driver(i, only_critical=False)
        chains[i] = DrivingChain(i, chains[d] if d else None)

    path: list[str] = []
    ends = [
        i
        for i in order
        if critical[i]
        and finish_i[i] == project_end
        and not any(
            critical[x] and active[x].status in _WAITING and start[x] == end[i]
            for x in graph.successors(i)
        )
    ]
    node = ends[0] if ends else None
    while node is not None:
        path.append(node)
        node = driver(node, only_critical=True)

    out = []
    for i in order:
        m = active[i]
        first, last = dates[i]
        deadline, source = deadlines[i]
        slip = _slip(cal, last, deadline)
        legal_deadline, legal_source = legal_deadline_of(m, legal)
        if m.status is Status.done:
            late = (first, last)
        else:
            point = end[i] == start[i]
            late_last = cal.date_at(late_end[i] if point else late_end[i] - 1)
            moving = length[i] if m.status in _WAITING else remaining[i]
            late = (cal.date_at(late_start[i]) if moving else late_last, late_last)
        out.append(
            ScheduledMeasure(
                id=i,
                title=m.title,
                field=m.field,
                obligation=m.obligation,
                priority=m.priority.value,
                status=m.status,
                progress=m.progress,
                owner=m.owner,
                depends_on=tuple(d for d in dict.fromkeys(m.depends_on) if d in pred_sets[i]),
                order=pos[i],
                wave=wave[i],
                duration_days=length[i],
                remaining_days=remaining[i],
                start=first,
                finish=last,
                late_start=late[0],
                late_finish=late[1],
                slack=slack[i],
                critical=critical[i],
                milestone=length[i] == 0,
                fixed=m.status is Status.done,
                deadline=deadline,
                deadline_source=source,
                deadline_slip=slip,
                driving_chain=chains[i],
                capacity_delay=delay.get(i, 0),
                legal_deadline=legal_deadline,
                legal_deadline_source=legal_source,
                legal_slip=_slip(cal, last, legal_deadline),
            )
        )

    plan_finish = max((s.finish for s in out), default=strategy.planning.start)
    planning = strategy.planning
    return Plan(
        status_date=status_date,
        status_date_from=status_date_from,
        start=planning.start,
        finish=plan_finish,
        horizon_end=strategy.horizon.end,
        calendar=CalendarInfo(
            weekdays=tuple(w for w in WEEKDAYS if w in {d.value for d in planning.workdays}),
            state=strategy.municipality.state.value,
            holidays=tuple(cal.holidays_between(planning.start, plan_finish)),
            closures=tuple(sorted((c.start, c.end, c.title) for c in planning.closures)),
        ),
        measures=tuple(out),
        critical_path=tuple(reversed(path)),
        cancelled=cancelled,
    )
