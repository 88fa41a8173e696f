"""build_plan: hand-computed schedules on small networks, plus properties on random DAGs.

Dates are checked against the 2024 calendar of North Rhine-Westphalia: 1 Jan Neujahr,
29 Mar Karfreitag, 1 Apr Ostermontag, 1 Nov Allerheiligen (a Friday; not a holiday in Berlin).
"""

from __future__ import annotations

import copy
import datetime as dt
import pickle
import random
from itertools import pairwise

import pytest
from conftest import make_workspace, measure_model, strategy_model
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from egovkit.load.repo import load_workspace
from egovkit.plan.result import DrivingChain, chain_text
from egovkit.plan.schedule import build_plan
from egovkit.plan.workdays import calendar_for

D = dt.date
MON = D(2024, 1, 8)  # a Monday without holidays around it


make_strategy = strategy_model
m = measure_model
ws_of = make_workspace


def plan_of(measures, today=MON, **kw):
    return build_plan(ws_of(measures, **kw), today=today)


def dates(plan, ident):
    s = plan.by_id()[ident]
    return s.start, s.finish


# -- networks ------------------------------------------------------------------------------


def test_chain_over_a_weekend():
    plan = plan_of(
        [m("C", "1 week", depends_on=["B"]), m("A", "3 days"), m("B", "2 days", depends_on=["A"])]
    )
    assert [s.id for s in plan.measures] == ["A", "B", "C"]
    assert dates(plan, "A") == (D(2024, 1, 8), D(2024, 1, 10))
    assert dates(plan, "B") == (D(2024, 1, 11), D(2024, 1, 12))
    assert dates(plan, "C") == (D(2024, 1, 15), D(2024, 1, 19))
    assert [s.wave for s in plan.measures] == [0, 1, 2]
    assert [s.order for s in plan.measures] == [0, 1, 2]
    assert [s.duration_days for s in plan.measures] == [3, 2, 5]
    assert all(s.slack == 0 and s.critical for s in plan.measures)
    assert plan.critical_path == ("A", "B", "C")
    assert plan.finish == D(2024, 1, 19)
    assert plan.by_id()["C"].driving_chain == ("A", "B", "C")
    assert plan.by_id()["C"].depends_on == ("B",)


def test_diamond_slack_and_late_dates():
    plan = plan_of(
        [
            m("A", "2 days"),
            m("B", "5 days", depends_on=["A"]),
            m("C", "2 days", depends_on=["A"]),
            m("D", "1 days", depends_on=["C", "B"]),
        ]
    )
    p = plan.by_id()
    assert dates(plan, "A") == (D(2024, 1, 8), D(2024, 1, 9))
    assert dates(plan, "B") == (D(2024, 1, 10), D(2024, 1, 16))
    assert dates(plan, "C") == (D(2024, 1, 10), D(2024, 1, 11))
    assert dates(plan, "D") == (D(2024, 1, 17), D(2024, 1, 17))
    # C may slip Fri 12, Mon 15, Tue 16 without delaying D.
    assert p["C"].slack == 3 and not p["C"].critical
    assert (p["C"].late_start, p["C"].late_finish) == (D(2024, 1, 15), D(2024, 1, 16))
    assert (p["B"].late_start, p["B"].late_finish) == (D(2024, 1, 10), D(2024, 1, 16))
    assert [p[i].slack for i in "ABD"] == [0, 0, 0]
    assert plan.critical_path == ("A", "B", "D")
    assert p["D"].driving_chain == ("A", "B", "D")
    assert p["C"].driving_chain == ("A", "C")
    assert (p["D"].driver, p["C"].driver, p["A"].driver) == ("B", "A", None)
    assert plan.driving_chain("D") == ("A", "B", "D")
    assert p["D"].wave == 2 and p["B"].wave == p["C"].wave == 1
    assert p["D"].depends_on == ("C", "B")  # file order, not schedule order


def test_parallel_branches_end_at_the_longer_one():
    plan = plan_of([m("A1", "2 days"), m("A2", "2 days", depends_on=["A1"]), m("B1", "6 days")])
    p = plan.by_id()
    assert dates(plan, "A2") == (D(2024, 1, 10), D(2024, 1, 11))
    assert dates(plan, "B1") == (D(2024, 1, 8), D(2024, 1, 15))
    assert p["A1"].slack == p["A2"].slack == 2
    assert p["A2"].late_finish == D(2024, 1, 15)
    assert plan.critical_path == ("B1",)
    assert all(s.wave == 0 for s in plan.measures if s.id != "A2")


def test_all_saints_delays_in_nrw_not_in_berlin():
    start = D(2024, 10, 28)
    measures = [m("A", "3 days"), m("B", "2 days", depends_on=["A"])]
    nw = plan_of(measures, today=start, strategy=make_strategy("NW", start))
    be = plan_of(measures, today=start, strategy=make_strategy("BE", start))
    assert dates(nw, "B") == (D(2024, 10, 31), D(2024, 11, 4))
    assert dates(be, "B") == (D(2024, 10, 31), D(2024, 11, 1))
    assert nw.calendar.holidays == ((D(2024, 11, 1), "Allerheiligen"),)
    assert be.calendar.holidays == ()
    assert nw.calendar.state == "NW"
    assert nw.calendar.weekdays == ("mon", "tue", "wed", "thu", "fri")


def test_easter_holidays():
    start = D(2024, 3, 25)
    plan = plan_of([m("A", "1 week")], today=start, strategy=make_strategy(start=start))
    # Mon 25 – Thu 28, Good Friday, weekend, Easter Monday, Tue 2 Apr.
    assert dates(plan, "A") == (D(2024, 3, 25), D(2024, 4, 2))
    assert [h[1] for h in plan.calendar.holidays] == ["Karfreitag", "Ostermontag"]


def test_closures_and_extra_holidays():
    start = D(2024, 12, 19)
    strategy = make_strategy(
        start=start,
        extra_holidays=["2025-01-03"],
        closures=[{"start": "2024-12-23", "end": "2024-12-31", "title": "Betriebsruhe"}],
        workdays=["fri", "mon", "tue", "wed", "thu"],
    )
    plan = plan_of([m("A", "4 days")], today=start, strategy=strategy)
    assert dates(plan, "A") == (D(2024, 12, 19), D(2025, 1, 6))
    assert plan.calendar.closures == ((D(2024, 12, 23), D(2024, 12, 31), "Betriebsruhe"),)
    assert plan.calendar.weekdays == ("mon", "tue", "wed", "thu", "fri")
    assert (D(2025, 1, 3), "zusätzlicher arbeitsfreier Tag") in plan.calendar.holidays


def test_not_before_on_a_weekend_starts_the_next_working_day():
    plan = plan_of([m("A", "2 days"), m("B", "1 days", not_before="2024-01-20")])
    assert dates(plan, "B") == (D(2024, 1, 22), D(2024, 1, 22))
    assert plan.critical_path == ()  # no finish-to-start links: no critical path to claim
    assert plan.by_id()["A"].slack == 9  # Wed 10 … Mon 22 inclusive


def test_milestone_takes_no_day_and_successors_start_the_same_day():
    plan = plan_of(
        [
            m("A", "2 days"),
            m("M", "0 days", depends_on=["A"]),
            m("B", "1 days", depends_on=["M"]),
        ]
    )
    p = plan.by_id()
    assert p["M"].milestone and not p["A"].milestone
    # M is reached when A's work ends: on A's last day (TaskJuggler shows it there too);
    # B starts on the next working day.
    assert dates(plan, "M") == (D(2024, 1, 9), D(2024, 1, 9))
    assert dates(plan, "B") == (D(2024, 1, 10), D(2024, 1, 10))
    assert p["M"].duration_days == 0
    assert plan.critical_path == ("A", "M", "B")
    assert p["B"].driving_chain == ("A", "M", "B")


def test_milestone_at_the_end_and_an_independent_milestone():
    plan = plan_of([m("A", "2 days"), m("M", "0 days", depends_on=["A"]), m("Z", "0 days")])
    p = plan.by_id()
    assert dates(plan, "M") == (D(2024, 1, 9), D(2024, 1, 9))
    assert plan.finish == D(2024, 1, 9)  # the last working day of work: M takes no time
    assert dates(plan, "Z") == (MON, MON)  # reached at the start, not after any work
    # Z may slip to the end of the project: the instant after A's last day.
    assert p["Z"].slack == 2 and p["Z"].late_start == p["Z"].late_finish == D(2024, 1, 9)
    assert p["A"].slack == 0 and p["M"].slack == 0
    assert plan.critical_path == ("A", "M")


# TaskJuggler's milestone convention, computed by hand: a milestone occupies no working day,
# the project ends at the instant after the last work, so a sink milestone never extends the
# plan or changes the slack of unrelated measures.


def test_sink_milestone_does_not_take_slack_from_a_parallel_measure():
    plan = plan_of([m("A", "5 days"), m("M", "0 days", depends_on=["A"]), m("B", "5 days")])
    p = plan.by_id()
    assert [(x, p[x].slack, p[x].critical) for x in "AMB"] == [
        ("A", 0, True),
        ("M", 0, True),
        ("B", 0, True),
    ]
    assert plan.finish == D(2024, 1, 12)  # Friday: A's and B's last day, not M's Monday


def test_a_longer_parallel_measure_alone_is_critical():
    plan = plan_of([m("A", "5 days"), m("M", "0 days", depends_on=["A"]), m("B", "6 days")])
    p = plan.by_id()
    assert [(x, p[x].slack, p[x].critical) for x in "AMB"] == [
        ("A", 1, False),
        ("M", 1, False),
        ("B", 0, True),
    ]
    assert plan.critical_path == ("B",)
    assert plan.finish == D(2024, 1, 15)


def test_project_end_is_the_last_day_of_work():
    plan = plan_of([m("A", "3 days"), m("M", "0 days", depends_on=["A"])])
    assert plan.finish == D(2024, 1, 10)  # Wednesday, A's last day: M takes no time
    assert plan.by_id()["M"].start == D(2024, 1, 10)
    assert plan.critical_path == ("A", "M")


def test_a_milestone_held_by_its_own_date_is_reached_at_the_start_of_that_day():
    # M00 ends on Friday; M01 may not be reached before Monday (not_before on the weekend):
    # it is reached Monday morning, so M00 is still critical to it.
    plan = plan_of(
        [
            m("M00", "5 days", not_before="2024-02-03"),
            m("M01", "0 days", depends_on=["M00"], not_before="2024-02-10"),
        ]
    )
    p = plan.by_id()
    assert dates(plan, "M00") == (D(2024, 2, 5), D(2024, 2, 9))
    assert dates(plan, "M01") == (D(2024, 2, 12), D(2024, 2, 12))
    assert p["M00"].slack == 0 and p["M01"].slack == 0


def test_replanning_with_done_and_in_progress_measures():
    status = D(2024, 2, 5)  # Monday
    measures = [
        m("D", "5 days", status="done", started="2024-01-08", finished="2024-01-12"),
        m(
            "P",
            "10 days",
            depends_on=["D"],
            status="in_progress",
            progress=40,
            started="2024-01-15",
        ),
        m("Q", "2 days", depends_on=["D"]),
        m("R", "1 days", depends_on=["P"]),
        m("H", "1 days", status="on_hold"),
        m("X", "3 days", status="in_progress", progress=100, started="2024-01-22"),
        m("Y", "10 days", status="in_progress", progress=33, started="2024-01-29"),
    ]
    plan = plan_of(measures, today=status)
    p = plan.by_id()
    assert plan.status_date == status
    assert dates(plan, "D") == (D(2024, 1, 8), D(2024, 1, 12))
    assert p["D"].fixed and not p["D"].critical and p["D"].slack == 0
    assert p["D"].remaining_days == 0
    # 6 of 10 days left, counted from the status date: 5–9 and 12 Feb.
    assert dates(plan, "P") == (D(2024, 1, 15), D(2024, 2, 12))
    assert p["P"].remaining_days == 6 and not p["P"].fixed
    # Not yet started: nothing may start before the status date.
    assert dates(plan, "Q") == (D(2024, 2, 5), D(2024, 2, 6))
    assert dates(plan, "H") == (D(2024, 2, 5), D(2024, 2, 5))
    assert dates(plan, "R") == (D(2024, 2, 13), D(2024, 2, 13))
    # Complete but not marked done: finished the working day before the status date.
    assert dates(plan, "X") == (D(2024, 1, 22), D(2024, 2, 2))
    assert p["X"].remaining_days == 0
    # ceil(10 × 67 / 100) = 7 days from 5 Feb.
    assert dates(plan, "Y") == (D(2024, 1, 29), D(2024, 2, 13))
    assert p["Y"].remaining_days == 7
    assert plan.critical_path[-1] in {"R", "Y"}
    assert p["R"].critical and p["Y"].critical and p["P"].critical
    assert plan.critical_path == ("P", "R")  # R comes first in the stable order (id)
    assert p["P"].late_start == D(2024, 2, 5)  # the remaining work must resume at once
    assert p["R"].driving_chain == ("P", "R")
    assert p["P"].driving_chain == ("P",)  # started: its prerequisites no longer drive it
    assert p["P"].driver is None and plan.driving_chain("R") == ("P", "R")


def test_done_before_planning_start_and_an_in_progress_milestone():
    measures = [
        m(
            "D",
            "5 days",
            status="done",
            started="2023-12-18",
            finished="2023-12-22",
            deadline="2023-12-20",
        ),
        m("S", "1 days", depends_on=["D"]),
        m("M", "0 days", status="in_progress", started="2024-01-02"),
    ]
    plan = plan_of(measures, today=D(2024, 2, 5))
    p = plan.by_id()
    assert dates_of(p, "D") == (D(2023, 12, 18), D(2023, 12, 22))
    assert p["D"].deadline_slip == 2  # Thu 21 and Fri 22 Dec
    assert (p["D"].late_start, p["D"].late_finish) == (D(2023, 12, 18), D(2023, 12, 22))
    assert dates_of(p, "S") == (D(2024, 2, 5), D(2024, 2, 5))
    assert dates_of(p, "M") == (D(2024, 1, 2), D(2024, 2, 5))
    assert p["M"].milestone and p["M"].remaining_days == 0
    # A plan made before it starts: D's finish is history, S waits for planning.start.
    early = plan_of(measures, today=D(2023, 12, 1)).by_id()
    assert dates_of(early, "S") == (MON, MON)


def test_status_date_comes_from_today_else_planning():
    strategy = make_strategy(status_date="2024-03-04")
    ws = ws_of([m("A", "1 days")], strategy=strategy)
    assert build_plan(ws).status_date == D(2024, 3, 4)
    assert dates(build_plan(ws), "A") == (D(2024, 3, 4), D(2024, 3, 4))
    assert build_plan(ws, today=D(2024, 3, 6)).by_id()["A"].start == D(2024, 3, 6)
    # A status date before planning.start never moves work before the start.
    assert build_plan(ws, today=D(2023, 6, 1)).by_id()["A"].start == MON


def test_done_without_dates_falls_back_to_computed_dates():
    plan = plan_of(
        [
            m("A", "2 days", status="done", finished="2024-01-12"),
            m("B", "2 days", status="done", started="2024-01-15"),
        ],
        today=D(2024, 2, 1),
    )
    assert dates(plan, "A") == (D(2024, 1, 11), D(2024, 1, 12))
    assert dates(plan, "B") == (D(2024, 1, 15), D(2024, 1, 16))


def test_cancelled_measures_are_left_out_and_their_dependencies_dropped():
    plan = plan_of(
        [
            m("A", "5 days", status="cancelled"),
            m("B", "2 days", depends_on=["A"]),
            m("C", "1 days", depends_on=["B", "A"]),
        ]
    )
    assert plan.cancelled == ("A",)
    assert [s.id for s in plan.measures] == ["B", "C"]
    assert dates(plan, "B") == (MON, D(2024, 1, 9))
    assert plan.by_id()["B"].depends_on == () and plan.by_id()["B"].wave == 0
    assert plan.by_id()["C"].depends_on == ("B",)


# -- order and levelling -------------------------------------------------------------------


def test_stable_order_tie_break():
    legal = [
        {
            "id": "LOCAL-1",
            "title": "Satzung § 1",
            "requires": "x",
            "obligation": "required",
            "deadline": "2024-06-30",
            "source": "https://example.org",
            "as_of": "2024-01-01",
        }
    ]
    measures = [
        m("Z1", priority="high"),
        m("Z2", priority="low"),
        m("Y", obligation="standard", priority="low"),
        m("X1", obligation="required", legal=["LOCAL-1"]),
        m("X2", obligation="required", deadline="2024-03-01", priority="low"),
        m("X3", obligation="required", priority="high"),
        m("Z0", priority="high"),
        m("W", depends_on=["Z2"], obligation="required", deadline="2024-01-31"),
    ]
    plan = plan_of(measures, strategy=make_strategy(legal=legal))
    # Required first (earliest deadline first, none last); W is required but waits for Z2,
    # then standard, then voluntary by priority, then id.
    assert [s.id for s in plan.measures] == ["X2", "X1", "X3", "Y", "Z0", "Z1", "Z2", "W"]
    assert plan.by_id()["X1"].deadline == D(2024, 6, 30)
    assert plan.by_id()["X1"].deadline_source == "LOCAL-1"


CAP1 = [{"id": "IT", "name": "IT", "capacity": 1}]


def test_capacity_delays_the_later_measure_in_the_stable_order():
    measures = [
        m("B", "2 days", owner="IT"),
        m("A", "3 days", owner="IT", obligation="standard"),
        m("C", "4 days"),  # no owner: never levelled
    ]
    plan = plan_of(measures, units=CAP1)
    p = plan.by_id()
    assert dates(plan, "A") == (D(2024, 1, 8), D(2024, 1, 10))
    assert dates(plan, "B") == (D(2024, 1, 11), D(2024, 1, 12))
    assert (p["A"].capacity_delay, p["B"].capacity_delay, p["C"].capacity_delay) == (0, 3, 0)
    assert dates(plan, "C") == (MON, D(2024, 1, 11))
    # Without capacity both start at once.
    free = plan_of(measures, units=[{"id": "IT", "name": "IT"}])
    assert dates(free, "B") == (MON, D(2024, 1, 9))
    assert free.by_id()["B"].capacity_delay == 0


def test_capacity_tie_break_by_id_and_capacity_two():
    measures = [m(x, "2 days", owner="IT") for x in ("K3", "K1", "K2")]
    one = plan_of(measures, units=CAP1).by_id()
    assert [one[x].start for x in ("K1", "K2", "K3")] == [MON, D(2024, 1, 10), D(2024, 1, 12)]
    assert [one[x].capacity_delay for x in ("K1", "K2", "K3")] == [0, 2, 4]
    two = plan_of(measures, units=[{"id": "IT", "name": "IT", "capacity": 2}]).by_id()
    assert [two[x].start for x in ("K1", "K2", "K3")] == [MON, MON, D(2024, 1, 10)]


def test_capacity_fits_a_short_measure_into_a_gap():
    measures = [
        m("A", "2 days", owner="IT"),
        m("B", "3 days", owner="IT", not_before="2024-01-12"),  # Fri 12 – Tue 16
        m("C", "1 days", owner="IT", obligation="standard", priority="low"),
        m("D", "3 days", owner="IT"),
    ]
    p = plan_of(measures, units=CAP1).by_id()
    assert [x.id for x in plan_of(measures, units=CAP1).measures] == ["C", "A", "B", "D"]
    assert dates_of(p, "C") == (MON, MON)
    assert dates_of(p, "A") == (D(2024, 1, 9), D(2024, 1, 10))
    assert dates_of(p, "B") == (D(2024, 1, 12), D(2024, 1, 16))
    # D (3 days) does not fit into Thu 11 alone, so it waits until B is done.
    assert dates_of(p, "D") == (D(2024, 1, 17), D(2024, 1, 19))
    assert p["D"].capacity_delay == 7


def dates_of(p, ident):
    return p[ident].start, p[ident].finish


def test_started_measures_occupy_capacity_and_are_not_moved():
    status = D(2024, 2, 5)
    measures = [
        m("I", "10 days", owner="IT", status="in_progress", progress=80, started="2024-01-22"),
        m("A", "1 days", owner="IT", obligation="required", legal=["OZG-1"]),
    ]
    p = plan_of(measures, today=status, units=CAP1).by_id()
    assert dates_of(p, "I") == (D(2024, 1, 22), D(2024, 2, 6))  # 2 days left: 5, 6 Feb
    assert dates_of(p, "A") == (D(2024, 2, 7), D(2024, 2, 7))
    assert p["A"].capacity_delay == 2 and p["I"].capacity_delay == 0


def test_milestones_need_no_capacity():
    p = plan_of([m("A", "2 days", owner="IT"), m("M", "0 days", owner="IT")], units=CAP1).by_id()
    assert dates_of(p, "M") == (MON, MON) and p["M"].capacity_delay == 0


# -- deadlines -----------------------------------------------------------------------------


def test_deadline_slip_and_driving_chain():
    local = {
        "id": "LOCAL-1",
        "title": "Satzung",
        "requires": "x",
        "obligation": "required",
        "deadline": "2024-01-10",
        "source": "https://example.org",
        "as_of": "2024-01-01",
    }
    later = {**local, "id": "LOCAL-2", "deadline": "2024-12-31"}
    measures = [
        m("A", "10 days"),
        m("B", "10 days", depends_on=["A"], deadline="2024-01-20"),  # a Saturday
        m("C", "5 days", legal=["LOCAL-2", "LOCAL-1"]),
        m("E", "1 days", depends_on=["A"], deadline="2024-01-22"),
    ]
    plan = plan_of(measures, strategy=make_strategy(legal=[local, later]))
    p = plan.by_id()
    assert dates_of(p, "B") == (D(2024, 1, 22), D(2024, 2, 2))
    assert p["B"].deadline == D(2024, 1, 20) and p["B"].deadline_source == "measure"
    assert p["B"].deadline_slip == 10  # 22 Jan … 2 Feb
    assert p["B"].driving_chain == ("A", "B")
    assert dates_of(p, "C") == (MON, D(2024, 1, 12))
    assert (p["C"].deadline, p["C"].deadline_source) == (D(2024, 1, 10), "LOCAL-1")
    assert p["C"].deadline_slip == 2
    assert p["E"].finish == D(2024, 1, 22) and p["E"].deadline_slip == 0
    assert p["A"].deadline is None and p["A"].deadline_slip == 0


def test_driving_chains_are_shared_links():
    plan = plan_of([m("A"), m("B", depends_on=["A"]), m("C", depends_on=["B"]), m("X")])
    p = plan.by_id()
    assert isinstance(p["C"].driving_chain, DrivingChain)
    assert p["C"].driving_chain.prefix is p["B"].driving_chain  # a link, not a copy
    assert p["B"].driving_chain.prefix is p["A"].driving_chain
    assert p["A"].driving_chain.prefix is None and p["X"].driving_chain == ("X",)
    assert plan.driving_chain("C") == ("A", "B", "C")
    assert type(plan.driving_chain("C")) is tuple


def test_driving_chain_behaves_like_the_tuple_of_its_ids():
    ids = tuple(f"M{k}" for k in range(12))
    chain = DrivingChain.of(ids)
    assert chain == ids and ids == chain and chain != ids[:-1] and chain != list(ids)
    assert chain == DrivingChain.of(ids) and chain != DrivingChain.of(("X", *ids[1:]))
    assert hash(chain) == hash(ids) and len(chain) == 12
    assert list(chain) == list(ids) and list(reversed(chain)) == list(reversed(ids))
    assert [chain[k] for k in range(-12, 12)] == [ids[k] for k in range(-12, 12)]
    assert chain[2:5] == ids[2:5] and chain[::-1] == ids[::-1]
    assert "M7" in chain and "M12" not in chain and chain.index("M7") == 7
    with pytest.raises(IndexError):
        chain[12]
    with pytest.raises(IndexError):
        chain[-13]
    with pytest.raises(ValueError):
        DrivingChain.of(())
    assert copy.copy(chain) is chain and copy.deepcopy(chain) is chain
    assert pickle.loads(pickle.dumps(chain)) == ids
    assert repr(chain) == "DrivingChain('M0 → M1 → M2 → … (6 more) … → M9 → M10 → M11')"


def test_chain_text_names_the_ends_of_a_long_chain():
    assert chain_text(("A",)) == "A"
    ten = tuple(f"M{k}" for k in range(1, 11))
    assert chain_text(ten) == " → ".join(ten)  # up to ten ids: all of them
    long = DrivingChain.of([f"M{k:05d}" for k in range(1, 10_001)])
    assert chain_text(long) == (
        "M00001 → M00002 → M00003 → … (9,994 more) … → M09998 → M09999 → M10000"
    )
    assert chain_text((*ten, "M11"), lambda n: f"+{n}", sep="/") == "M1/M2/M3/+5/M9/M10/M11"


def test_plan_span_and_cancelled_only():
    plan = plan_of([m("A", status="cancelled")])
    assert plan.measures == () and plan.finish == MON and plan.critical_path == ()
    assert plan.cancelled == ("A",) and plan.horizon_end == D(2026, 12, 31)


def test_plan_from_files(tmp_path):
    (tmp_path / "measures").mkdir()
    (tmp_path / "strategy.yaml").write_text(
        "municipality: {name: Stadt Test, kind: stadt, state: NW}\n"
        "title: Test\nhorizon: {start: 2024-01-01, end: 2025-12-31}\n"
        "fields: [{id: F, title: Feld}]\nplanning: {start: 2024-10-28}\n",
        encoding="utf-8",
    )
    for ident, extra in {
        "A": "duration: 3 Tage\n",
        "B": "duration: 1 Woche\ndepends_on: [A]\n",
    }.items():
        (tmp_path / "measures" / f"{ident}.yaml").write_text(
            f"id: {ident}\ntitle: {ident}\nfield: F\n{extra}", encoding="utf-8"
        )
    plan = build_plan(load_workspace(tmp_path), today=D(2024, 10, 28))
    assert dates(plan, "B") == (D(2024, 10, 31), D(2024, 11, 7))


# -- properties on random DAGs -------------------------------------------------------------


@st.composite
def dags(draw):
    n = draw(st.integers(1, 14))
    measures = []
    for k in range(n):
        deps = draw(st.lists(st.integers(0, k - 1), max_size=3, unique=True)) if k else []
        kw = {
            "duration": f"{draw(st.integers(0, 12))} days",
            "depends_on": [f"M{d:02d}" for d in deps],
            "priority": draw(st.sampled_from(["high", "medium", "low"])),
            "obligation": draw(st.sampled_from(["required", "standard", "voluntary"])),
        }
        if draw(st.booleans()):
            kw["not_before"] = (MON + dt.timedelta(days=draw(st.integers(0, 40)))).isoformat()
        if draw(st.integers(0, 4)) == 0:
            kw["deadline"] = (MON + dt.timedelta(days=draw(st.integers(0, 60)))).isoformat()
        measures.append(m(f"M{k:02d}", **kw))
    return measures


def indices(plan, strategy, measures=()):
    """(start, successor-ready, finish) working-day indices recomputed from the dates.

    A milestone is an instant: shown on the last day of the work that releases it (then it
    starts the next working day) unless its own not_before holds it to the start of a day.
    """
    cal = calendar_for(strategy)
    out: dict = {}
    released: dict[str, bool] = {}
    not_before = {m.id: m.not_before for m in measures}
    for s in plan.measures:  # stable order: prerequisites first
        a, f = cal.index_on_or_after(s.start), cal.index_on_or_before(s.finish)
        if not s.milestone:
            out[s.id] = (a, f + 1, f)
            continue
        held = not_before.get(s.id)
        held_at = cal.index_on_or_after(held) if held is not None else None
        by_work = any(
            out[d][1] == a + 1 and (not plan.by_id()[d].milestone or released[d])
            for d in s.depends_on
        )
        released[s.id] = by_work and held_at != a + 1
        r = a + 1 if released[s.id] else a
        out[s.id] = (r, r, f)
    return out


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(measures=dags(), seed=st.integers(0, 10**6))
def test_properties_on_random_dags(measures, seed):
    strategy = make_strategy()
    plan = plan_of(measures, strategy=strategy)
    cal = calendar_for(strategy)
    p = plan.by_id()
    idx = indices(plan, strategy, measures)
    # The project end is the instant after the last work (TaskJuggler's convention): a
    # milestone occupies no working day, so one at the end never extends the project.
    end = max(r for _, r, _ in idx.values())
    for s in plan.measures:
        assert cal.is_working_day(s.start) and cal.is_working_day(s.finish)
        assert s.start >= MON and s.slack >= 0 and s.capacity_delay == 0
        if not s.milestone:
            assert idx[s.id][2] - idx[s.id][0] + 1 == s.duration_days
        for dep in s.depends_on:
            before = p[dep]
            if before.milestone or s.milestone:
                assert s.start >= before.finish
            else:
                assert s.start > before.finish
    # slack == 0 exactly for measures on a chain of tight dependencies (each starts on the
    # day its predecessor releases it) that reaches the project end; every such chain can be
    # walked back to a measure without a tight predecessor, i.e. a start.
    on_chain = {i for i, (_, r, _) in idx.items() if r == end}
    for s in reversed(plan.measures):
        if s.id in on_chain:
            on_chain.update(d for d in s.depends_on if idx[d][1] == idx[s.id][0])
    assert {s.id for s in plan.measures if s.slack == 0} == on_chain
    linked = any(s.depends_on for s in plan.measures)
    # Without finish-to-start links there is no critical path (and nothing is critical).
    assert {s.id for s in plan.measures if s.critical} == (on_chain if linked else set())
    path = plan.critical_path
    if not linked:
        assert path == ()
        return
    # The critical path is one such chain from a start to the project end.
    assert path and set(path) <= on_chain and idx[path[-1]][1] == end
    assert not [
        x for x in on_chain if path[-1] in p[x].depends_on and idx[x][0] == idx[path[-1]][1]
    ]
    for a, b in pairwise(path):
        assert a in p[b].depends_on and idx[a][1] == idx[b][0]
    assert not [d for d in p[path[0]].depends_on if idx[d][1] == idx[path[0]][0] and d in on_chain]
    # Driving chains are tight chains ending at the measure.
    for s in plan.measures:
        chain = s.driving_chain
        assert chain[-1] == s.id
        for a, b in pairwise(chain):
            assert a in p[b].depends_on and idx[a][1] == idx[b][0]
    # The links give exactly the chains as they were built before they became links: the
    # driver's chain plus the measure, the driver being the first prerequisite in the stable
    # order whose finish releases the measure.
    old: dict[str, tuple[str, ...]] = {}
    for s in plan.measures:
        prereqs = sorted(s.depends_on, key=lambda d: p[d].order)
        driver = next((d for d in prereqs if idx[d][1] == idx[s.id][0]), None)
        old[s.id] = (*old[driver], s.id) if driver else (s.id,)
        assert s.driver == driver
        assert plan.driving_chain(s.id) == old[s.id] == s.driving_chain == tuple(s.driving_chain)
        assert len(s.driving_chain) == len(old[s.id]) and hash(s.driving_chain) == hash(old[s.id])
    # File order does not matter.
    shuffled = list(measures)
    random.Random(seed).shuffle(shuffled)
    assert plan_of(shuffled, strategy=strategy) == plan


@pytest.mark.parametrize("capacity", [1, 2, 3])
@settings(max_examples=60, deadline=None)
@given(measures=dags())
def test_levelling_never_overloads_a_unit(capacity, measures):
    owned = [
        x.model_copy(update={"owner": "IT"}) if i % 2 == 0 else x for i, x in enumerate(measures)
    ]
    strategy = make_strategy()
    units = [{"id": "IT", "name": "IT", "capacity": capacity}]
    plan = plan_of(owned, strategy=strategy, units=units)
    idx = indices(plan, strategy, owned)
    load: dict[int, int] = {}
    for s in plan.measures:
        if s.owner == "IT" and not s.milestone:
            for day in range(idx[s.id][0], idx[s.id][2] + 1):
                load[day] = load.get(day, 0) + 1
        for dep in s.depends_on:
            assert idx[s.id][0] >= idx[dep][1]
        assert s.slack >= 0
    assert max(load.values(), default=0) <= capacity
    shuffled = list(reversed(owned))
    assert plan_of(shuffled, strategy=strategy, units=units) == plan
