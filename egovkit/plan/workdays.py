"""Working days: the one place where durations become working days and dates become indices.

Two things live here and nowhere else:

* :func:`working_days` turns a :class:`~egovkit.model.types.Duration` (``10 days``,
  ``3 weeks``, ``6 months``) into a whole number of working days.
* :class:`Calendar` numbers the working days of a strategy's planning calendar (working
  weekdays minus public holidays of the Land, extra holidays and closures), so the
  scheduler can do all its arithmetic on integers: index 0 is the first working day on or
  after ``planning.start``, index 1 the next working day, index -1 the last working day
  before ``planning.start``, and so on.

The index is built lazily, one calendar year at a time in either direction, and kept as a
sorted list of day ordinals; every lookup is a bisection, so scheduling 10,000 measures over
decades never walks the calendar day by day per measure.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
from collections.abc import Iterable, Mapping
from fractions import Fraction
from functools import lru_cache
from types import MappingProxyType

import holidays as holidays_lib

from egovkit.model import Duration, Strategy
from egovkit.model.types import DurationUnit

#: Working days per unit. A week is five working days. A month is 21 working days: a German
#: year has about 251 working days (261 weekdays minus about ten public holidays on weekdays),
#: and 251 / 12 = 20.9, rounded up so that "1 month" is never shorter than a calendar month's
#: work. The conversion deliberately ignores the configured calendar: "3 weeks" means the
#: same amount of work in every repository.
DAYS_PER_UNIT: dict[DurationUnit, int] = {
    DurationUnit.days: 1,
    DurationUnit.weeks: 5,
    DurationUnit.months: 21,
}

WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

#: Name given to ``planning.extra_holidays`` (they have no name of their own).
EXTRA_HOLIDAY_NAME = {"de": "zusätzlicher arbeitsfreier Tag", "en": "additional day off"}

_HOLIDAY_LANGUAGE = {"de": "de", "en": "en_US"}  # plan language → holidays package locale


@lru_cache(maxsize=64)
def public_holiday_names(
    state: str, years: tuple[int, ...], language: str = "de"
) -> Mapping[dt.date, str]:
    """The public holidays of a Land (``NW``, ``BY`` …) in ``years``: date → name in
    ``language`` (``de`` or ``en``). The holidays package knows Germany from 1990 on."""
    table = holidays_lib.Germany(
        subdiv=state, years=list(years), language=_HOLIDAY_LANGUAGE[language]
    )
    return MappingProxyType(dict(table))


def localized_holidays(
    holidays: Iterable[tuple[dt.date, str]], state: str, language: str
) -> tuple[tuple[dt.date, str], ...]:
    """``(date, name)`` pairs of a plan's calendar, named in ``language`` instead.

    A plan names its holidays in the strategy's language (``planning.language``); a plan
    rendered in another language asks the holidays package again by date. Extra holidays
    (``planning.extra_holidays``) keep their meaning, in the new language; a day the package
    does not know keeps its name.
    """
    pairs = tuple(holidays)
    extra_names = set(EXTRA_HOLIDAY_NAME.values())
    names = public_holiday_names(state, tuple(sorted({day.year for day, _ in pairs})), language)
    return tuple(
        (day, EXTRA_HOLIDAY_NAME[language] if name in extra_names else names.get(day, name))
        for day, name in pairs
    )


def working_days(duration: Duration) -> int:
    """Whole working days of a duration: days × 1, weeks × 5, months × 21, rounded up.

    Exact arithmetic (``1.2 weeks`` is 6 days, not 7 through a floating-point error).
    """
    factor, value = DAYS_PER_UNIT[duration.unit], duration.value
    if value == int(value):
        return max(0, int(value) * factor)
    return max(0, math.ceil(Fraction(repr(value)) * factor))


class CalendarError(ValueError):
    """A date outside what the calendar can represent (years 1–9999) was needed."""


class Calendar:
    """The working days of a plan, numbered from the first working day on/after ``start``.

    A day is a working day if its weekday is one of ``weekdays`` (0 = Monday … 6 = Sunday),
    it is not a public holiday of ``state`` (when ``public_holidays`` is true), not one of
    ``extra_holidays`` and not inside any closure (inclusive ranges).
    """

    def __init__(
        self,
        start: dt.date,
        weekdays: Iterable[int] = (0, 1, 2, 3, 4),
        state: str | None = None,
        public_holidays: bool = True,
        extra_holidays: Iterable[dt.date] = (),
        closures: Iterable[tuple[dt.date, dt.date, str]] = (),
        language: str = "de",
    ) -> None:
        self.start = start
        self.weekdays = frozenset(weekdays)
        if not self.weekdays or not self.weekdays <= set(range(7)):
            raise ValueError("weekdays must be a non-empty subset of 0 (Monday) … 6 (Sunday)")
        self.state = state
        self.public_holidays = public_holidays and state is not None
        self.extra_holidays = frozenset(extra_holidays)
        self.closures = tuple(sorted(closures))
        self.language = language if language in _HOLIDAY_LANGUAGE else "de"
        self._names: dict[int, str] = {}  # ordinal → public holiday name
        self._years: set[int] = set()
        self._start_ord = start.toordinal()
        # Working days >= start, ascending ordinals; index i ↔ _fwd[i].
        self._fwd: list[int] = []
        self._fwd_to = self._start_ord  # every day < _fwd_to has been looked at
        # Working days < start, as negated ordinals (ascending = dates descending);
        # index -(j + 1) ↔ -_back[j].
        self._back: list[int] = []
        self._back_from = self._start_ord  # every day >= _back_from (and < start) looked at

    # -- days ------------------------------------------------------------------------------

    def _load_years(self, first: int, last: int) -> None:
        wanted = [y for y in range(first, last + 1) if y not in self._years]
        if not wanted:
            return
        self._years.update(wanted)
        if not self.public_holidays:
            return
        assert self.state is not None  # public_holidays needs a state
        table = public_holiday_names(self.state, tuple(wanted), self.language)
        for day, name in table.items():
            self._names[day.toordinal()] = name

    def holiday_name(self, day: dt.date) -> str | None:
        """Name of the public or extra holiday on ``day``, else None."""
        self._load_years(day.year, day.year)
        name = self._names.get(day.toordinal())
        if name is None and day in self.extra_holidays:
            name = EXTRA_HOLIDAY_NAME[self.language]
        return name

    def closure_on(self, day: dt.date) -> str | None:
        for first, last, title in self.closures:
            if first <= day <= last:
                return title
        return None

    def is_working_day(self, day: dt.date) -> bool:
        return (
            day.weekday() in self.weekdays
            and self.holiday_name(day) is None
            and self.closure_on(day) is None
        )

    def holidays_between(self, first: dt.date, last: dt.date) -> list[tuple[dt.date, str]]:
        """Public and extra holidays in ``[first, last]``, sorted, whatever their weekday."""
        if last < first:
            return []
        self._load_years(first.year, last.year)
        lo, hi = first.toordinal(), last.toordinal()
        found = {o: n for o, n in self._names.items() if lo <= o <= hi}
        for day in self.extra_holidays:
            if lo <= day.toordinal() <= hi:
                found.setdefault(day.toordinal(), EXTRA_HOLIDAY_NAME[self.language])
        return [(dt.date.fromordinal(o), found[o]) for o in sorted(found)]

    # -- the index -------------------------------------------------------------------------

    def _scan(self, lo: int, hi: int) -> list[int]:
        """Working-day ordinals in ``[lo, hi)``, ascending."""
        self._load_years(dt.date.fromordinal(lo).year, dt.date.fromordinal(hi - 1).year)
        names, extra, weekdays = self._names, self.extra_holidays, self.weekdays
        out = []
        for o in range(lo, hi):
            day = dt.date.fromordinal(o)
            if (
                day.weekday() in weekdays
                and o not in names
                and day not in extra
                and self.closure_on(day) is None
            ):
                out.append(o)
        return out

    def _extend_forward(self) -> None:
        if self._fwd_to > dt.date.max.toordinal():
            raise CalendarError("the schedule runs past the year 9999")
        hi = min(self._fwd_to + 366, dt.date.max.toordinal() + 1)
        self._fwd.extend(self._scan(self._fwd_to, hi))
        self._fwd_to = hi

    def _extend_backward(self) -> None:
        if self._back_from <= 1:
            raise CalendarError("the schedule runs before the year 1")
        lo = max(self._back_from - 366, 1)
        days = self._scan(lo, self._back_from)
        self._back.extend(-o for o in reversed(days))
        self._back_from = lo

    def _cover_forward(self, ordinal: int, count: int = 0) -> None:
        """Scan until ``ordinal`` is covered and at least ``count`` working days are known."""
        while self._fwd_to <= ordinal or len(self._fwd) < count:
            self._extend_forward()

    def _cover_backward(self, ordinal: int, count: int = 0) -> None:
        while self._back_from > ordinal or len(self._back) < count:
            self._extend_backward()

    def date_at(self, index: int) -> dt.date:
        """The working day with this index."""
        if index >= 0:
            self._cover_forward(self._start_ord, index + 1)
            return dt.date.fromordinal(self._fwd[index])
        self._cover_backward(self._start_ord, -index)
        return dt.date.fromordinal(-self._back[-index - 1])

    def index_on_or_after(self, day: dt.date) -> int:
        """Index of ``day`` if it is a working day, else of the next working day."""
        o = day.toordinal()
        if o >= self._start_ord:
            self._cover_forward(o)
            i = bisect.bisect_left(self._fwd, o)
            while i >= len(self._fwd):
                self._extend_forward()
            return i
        self._cover_backward(o)
        j = bisect.bisect_right(self._back, -o) - 1  # the smallest working day >= day
        return -(j + 1) if j >= 0 else 0

    def index_on_or_before(self, day: dt.date) -> int:
        """Index of ``day`` if it is a working day, else of the previous working day."""
        o = day.toordinal()
        if o >= self._start_ord:
            self._cover_forward(o)
            i = bisect.bisect_right(self._fwd, o) - 1
            if i >= 0:
                return i
            self._cover_backward(o, 1)
            return -1
        self._cover_backward(o)
        j = bisect.bisect_left(self._back, -o)  # the largest working day <= day
        while j >= len(self._back):
            self._extend_backward()
        return -(j + 1)


def calendar_for(strategy: Strategy) -> Calendar:
    """The calendar of a strategy's ``planning`` section and its Land's public holidays."""
    planning = strategy.planning
    return Calendar(
        start=planning.start,
        weekdays=sorted({WEEKDAYS.index(w.value) for w in planning.workdays}),
        state=strategy.municipality.state.value,
        public_holidays=planning.holidays,
        extra_holidays=planning.extra_holidays,
        closures=[(c.start, c.end, c.title) for c in planning.closures],
        language=planning.language.value,
    )
