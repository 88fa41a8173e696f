"""Durations → working days, and the working-day calendar (weekdays, holidays, closures)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from egovkit.model import Duration, Strategy
from egovkit.plan.workdays import (
    Calendar,
    CalendarError,
    calendar_for,
    localized_holidays,
    public_holiday_names,
    working_days,
)

D = dt.date


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (3, "days", 3),
        (0, "days", 0),
        (0.5, "days", 1),
        (2, "weeks", 10),
        (1.2, "weeks", 6),  # exact: 1.2 × 5 is 6, not 6.000000000000001 → 7
        (1.1, "weeks", 6),  # 5.5 → 6
        (1, "months", 21),
        (1.5, "months", 32),  # 31.5 → 32
        (6, "months", 126),
        (0.1, "months", 3),  # 2.1 → 3
    ],
)
def test_working_days(value, unit, expected):
    assert working_days(Duration(value=value, unit=unit)) == expected


def test_parsed_durations_convert():
    from egovkit.model import Measure

    m = Measure.model_validate({"id": "A", "title": "A", "field": "F", "duration": "1,5 Monate"})
    assert working_days(m.duration) == 32


def brute_working(day: D, state="NW", closures=(), extra=(), weekdays=range(5)) -> bool:
    """An independent definition: weekday, not a holiday of the package, not closed."""
    import holidays

    if day.weekday() not in weekdays or day in extra:
        return False
    if day in holidays.Germany(subdiv=state, years=day.year):
        return False
    return not any(a <= day <= b for a, b, _ in closures)


def test_index_zero_is_first_working_day_on_or_after_start():
    cal = Calendar(D(2024, 1, 1), state="NW")  # Monday, Neujahr
    assert cal.date_at(0) == D(2024, 1, 2)
    assert cal.index_on_or_after(D(2024, 1, 1)) == 0
    assert cal.date_at(-1) == D(2023, 12, 29)  # Friday before; 30/31 Dec are a weekend
    assert cal.index_on_or_before(D(2024, 1, 1)) == -1
    assert cal.date_at(4) == D(2024, 1, 8)  # Tue 2 … Fri 5 are 0–3


def test_weekend_lookups():
    cal = Calendar(D(2024, 1, 8), state="NW")  # Monday
    sat = D(2024, 1, 13)
    assert cal.index_on_or_after(sat) == 5  # Monday 15 Jan
    assert cal.index_on_or_before(sat) == 4  # Friday 12 Jan
    assert cal.date_at(5) == D(2024, 1, 15)
    assert cal.is_working_day(D(2024, 1, 12))
    assert not cal.is_working_day(sat)


def test_easter_monday_and_good_friday_in_nrw():
    cal = Calendar(D(2024, 3, 28), state="NW")  # Thursday before Easter
    assert [cal.date_at(i) for i in range(3)] == [D(2024, 3, 28), D(2024, 4, 2), D(2024, 4, 3)]
    assert cal.holiday_name(D(2024, 4, 1)) == "Ostermontag"


def test_all_saints_is_a_holiday_in_nrw_but_not_in_berlin():
    nw = Calendar(D(2024, 10, 28), state="NW")
    be = Calendar(D(2024, 10, 28), state="BE")
    assert not nw.is_working_day(D(2024, 11, 1))
    assert be.is_working_day(D(2024, 11, 1))
    assert nw.date_at(4) == D(2024, 11, 4)
    assert be.date_at(4) == D(2024, 11, 1)
    assert nw.holidays_between(D(2024, 10, 28), D(2024, 11, 4)) == [
        (D(2024, 11, 1), "Allerheiligen")
    ]
    assert be.holidays_between(D(2024, 10, 28), D(2024, 11, 4)) == []


def test_english_holiday_names():
    cal = Calendar(D(2024, 10, 28), state="NW", language="en")
    assert cal.holiday_name(D(2024, 11, 1)) == "All Saints' Day"


def test_holiday_names_in_another_language_by_date():
    plan_days = [
        (D(2024, 10, 3), "Tag der Deutschen Einheit"),
        (D(2024, 10, 4), "zusätzlicher arbeitsfreier Tag"),  # planning.extra_holidays
        (D(2024, 12, 25), "Erster Weihnachtstag"),
    ]
    assert localized_holidays(plan_days, "NW", "en") == (
        (D(2024, 10, 3), "German Unity Day"),
        (D(2024, 10, 4), "additional day off"),
        (D(2024, 12, 25), "Christmas Day"),
    )
    english = localized_holidays(plan_days, "NW", "en")
    assert localized_holidays(english, "NW", "de") == tuple(plan_days)
    # An extra holiday on a public holiday's date keeps its meaning (public holidays off).
    assert localized_holidays([(D(2024, 12, 25), "additional day off")], "NW", "de") == (
        (D(2024, 12, 25), "zusätzlicher arbeitsfreier Tag"),
    )
    # A day the package does not know (before 1990) keeps the name it has.
    assert localized_holidays([(D(1989, 10, 3), "Feiertag")], "NW", "en") == (
        (D(1989, 10, 3), "Feiertag"),
    )


def test_holiday_tables_are_asked_once_per_state_language_and_years():
    first = public_holiday_names("BY", (2024,), "en")
    assert public_holiday_names("BY", (2024,), "en") is first
    assert first[D(2024, 1, 6)] == "Epiphany"


def test_holidays_can_be_switched_off():
    cal = Calendar(D(2024, 10, 28), state="NW", public_holidays=False)
    assert cal.is_working_day(D(2024, 11, 1))
    assert cal.holidays_between(D(2024, 1, 1), D(2024, 12, 31)) == []


def test_extra_holidays_and_closures_are_inclusive():
    closure = (D(2024, 12, 23), D(2024, 12, 31), "Betriebsruhe")
    cal = Calendar(D(2024, 12, 19), state="NW", extra_holidays=[D(2025, 1, 3)], closures=[closure])
    days = [cal.date_at(i) for i in range(5)]
    # 19, 20 Dec; 23–31 closed; 1 Jan Neujahr; 2 Jan; 3 Jan extra; 6, 7 Jan
    assert days == [D(2024, 12, 19), D(2024, 12, 20), D(2025, 1, 2), D(2025, 1, 6), D(2025, 1, 7)]
    assert cal.closure_on(D(2024, 12, 23)) == "Betriebsruhe"
    assert cal.closure_on(D(2024, 12, 31)) == "Betriebsruhe"
    assert cal.closure_on(D(2025, 1, 1)) is None
    listed = cal.holidays_between(D(2024, 12, 19), D(2025, 1, 7))
    assert listed == [
        (D(2024, 12, 25), "Erster Weihnachtstag"),
        (D(2024, 12, 26), "Zweiter Weihnachtstag"),
        (D(2025, 1, 1), "Neujahr"),
        (D(2025, 1, 3), "zusätzlicher arbeitsfreier Tag"),
    ]


def test_four_day_week():
    cal = Calendar(D(2024, 1, 8), weekdays=[0, 1, 2, 3], state="NW")
    assert [cal.date_at(i) for i in range(5)] == [
        D(2024, 1, 8),
        D(2024, 1, 9),
        D(2024, 1, 10),
        D(2024, 1, 11),
        D(2024, 1, 15),
    ]


def test_index_matches_brute_force_over_years():
    closures = [(D(2025, 12, 22), D(2026, 1, 2), "Winter")]
    cal = Calendar(D(2024, 6, 1), state="NW", closures=closures)
    working = [
        d
        for o in range(D(2021, 1, 1).toordinal(), D(2028, 1, 1).toordinal())
        if brute_working(d := D.fromordinal(o), closures=closures)
    ]
    zero = next(i for i, d in enumerate(working) if d >= D(2024, 6, 1))
    for i, day in enumerate(working):
        assert cal.date_at(i - zero) == day
        assert cal.index_on_or_after(day) == i - zero
        assert cal.index_on_or_before(day) == i - zero


@settings(max_examples=200, deadline=None)
@given(
    start=st.dates(D(2015, 1, 1), D(2035, 12, 31)),
    day=st.dates(D(2010, 1, 1), D(2040, 12, 31)),
)
def test_lookups_agree_with_is_working_day(start, day):
    cal = Calendar(start, state="NW")
    after, before = cal.index_on_or_after(day), cal.index_on_or_before(day)
    assert cal.date_at(after) >= day and cal.date_at(before) <= day
    assert cal.is_working_day(cal.date_at(after)) and cal.is_working_day(cal.date_at(before))
    if cal.is_working_day(day):
        assert after == before and cal.date_at(after) == day
    else:
        assert after == before + 1
    # No working day is skipped between neighbours.
    for o in range(cal.date_at(before).toordinal() + 1, cal.date_at(before + 1).toordinal()):
        assert not cal.is_working_day(D.fromordinal(o))
    assert cal.date_at(0) >= start and (start == cal.date_at(0) or cal.date_at(-1) < start)


def test_years_before_1990_have_no_holiday_data_but_work():
    # The holidays package starts with 1990 for Germany; older dates only see weekends.
    cal = Calendar(D(1989, 12, 25), state="NW")
    assert cal.date_at(0) == D(1989, 12, 25)


def test_out_of_range_raises_calendar_error():
    cal = Calendar(D(9999, 12, 1), state="NW", public_holidays=False)
    with pytest.raises(CalendarError):
        cal.date_at(100)


def test_weekdays_must_not_be_empty():
    with pytest.raises(ValueError):
        Calendar(D(2024, 1, 1), weekdays=[])


def test_calendar_for_strategy():
    strategy = Strategy.model_validate(
        {
            "municipality": {"name": "Stadt Test", "kind": "stadt", "state": "BE"},
            "title": "T",
            "horizon": {"start": "2024-01-01", "end": "2026-12-31"},
            "fields": [{"id": "F", "title": "F"}],
            "planning": {
                "start": "2024-10-28",
                "workdays": ["mon", "tue", "wed", "thu", "fri"],
                "extra_holidays": ["2024-10-29"],
                "closures": [{"start": "2024-10-30", "end": "2024-10-30", "title": "Umzug"}],
                "language": "en",
            },
        }
    )
    cal = calendar_for(strategy)
    assert cal.state == "BE" and cal.language == "en"
    # Mon 28; Tue 29 extra; Wed 30 closed; Thu 31; Fri 1 Nov (not a holiday in Berlin)
    assert [cal.date_at(i) for i in range(3)] == [D(2024, 10, 28), D(2024, 10, 31), D(2024, 11, 1)]
    assert cal.holiday_name(D(2024, 10, 29)) == "additional day off"
