"""A long dependency chain costs memory and output linear in its length, not quadratic.

Sizes and object counts only; time is measured by benchmarks/memory.py, never here.
"""

from __future__ import annotations

import gc
import json
import tracemalloc
from pathlib import Path

from conftest import make_workspace as ws_of
from conftest import measure_model as m

from egovkit.export import plan_json
from egovkit.pipeline import check
from egovkit.plan.result import DrivingChain
from egovkit.plan.schedule import build_plan
from egovkit.render.locale import Locale
from egovkit.render.rows import Builder


def chain(n: int, **last) -> list:
    """M00001 ← M00002 ← … ← M<n>, one working day each; ``last`` goes to the last one."""
    return [
        m(f"M{k:05d}", depends_on=[f"M{k - 1:05d}"] if k > 1 else [], **(last if k == n else {}))
        for k in range(1, n + 1)
    ]


def independent(n: int) -> list:
    return [m(f"M{k:05d}") for k in range(1, n + 1)]


def links(plan) -> int:
    """How many chain links the plan holds, each counted once however many chains share it."""
    seen: set[int] = set()
    for s in plan.measures:
        node = s.driving_chain
        while isinstance(node, DrivingChain) and id(node) not in seen:
            seen.add(id(node))
            node = node.prefix
    return len(seen)


def retained(measures) -> tuple[int, object]:
    """Bytes the plan of ``measures`` keeps allocated, and the plan."""
    ws = ws_of(measures)
    build_plan(ws)  # warm the calendar's holiday cache, which is not the plan's
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        plan = build_plan(ws)
        gc.collect()
        return tracemalloc.get_traced_memory()[0] - before, plan
    finally:
        tracemalloc.stop()


def test_a_long_chain_holds_one_link_per_measure():
    n = 5_000
    plan = build_plan(ws_of(chain(n)))
    last = plan.measures[-1]
    assert len(last.driving_chain) == n and links(plan) == n
    assert plan.driving_chain(last.id) == tuple(f"M{k:05d}" for k in range(1, n + 1))
    assert sum(len(s.depends_on) for s in plan.measures) == n - 1


def test_plan_memory_grows_linearly_with_the_chain():
    small, _ = retained(chain(1_000))
    big, plan = retained(chain(4_000))
    indep, _ = retained(independent(4_000))
    # Quadratic chains kept 8 bytes per id: 4,000 measures alone made 64 MB, 16× the small one.
    assert big < 6 * small, (small, big)
    assert big < 1.5 * indep, (indep, big)
    assert big / len(plan.measures) < 4_000, big  # bytes per measure


def test_json_of_a_long_chain_is_as_small_as_of_independent_measures():
    n = 2_000
    text = plan_json.render(build_plan(ws_of(chain(n))))
    alone = plan_json.render(build_plan(ws_of(independent(n))))
    assert len(text) < 1.2 * len(alone), (len(text), len(alone))  # was 20× at this size
    measures = {x["id"]: x for x in json.loads(text)["measures"]}
    cap = plan_json.DRIVING_CHAIN_MAX
    near = measures[f"M{cap:05d}"]
    assert near["driving_chain"] == [f"M{k:05d}" for k in range(1, cap + 1)]
    assert near["driving_chain_length"] == cap and near["driver"] == f"M{cap - 1:05d}"
    far = measures[f"M{n:05d}"]
    assert far["driving_chain"] is None and far["driving_chain_length"] == n
    walked, ident = [], far["id"]
    while ident is not None:  # following `driver` gives the whole chain backwards
        walked.append(ident)
        ident = measures[ident]["driver"]
    assert walked[::-1] == [f"M{k:05d}" for k in range(1, n + 1)]
    assert measures["M00001"]["driver"] is None
    assert measures["M00001"]["driving_chain"] == ["M00001"]


def test_d001_names_the_ends_of_a_long_chain(tmp_path: Path):
    (tmp_path / "measures").mkdir()
    (tmp_path / "strategy.yaml").write_text(
        "municipality: {name: Stadt Test, kind: stadt, state: NW}\n"
        "title: Test\nhorizon: {start: 2024-01-01, end: 2026-12-31}\n"
        "fields: [{id: F, title: Feld}]\n"
        "planning: {start: 2024-01-08, status_date: 2024-01-08}\n",
        encoding="utf-8",
    )
    for k in range(1, 201):
        text = f"id: M{k:03d}\ntitle: Schritt {k}\nfield: F\nduration: 1 day\n"
        if k > 1:
            text += f"depends_on: [M{k - 1:03d}]\n"
        if k in (10, 200):
            text += "deadline: 2024-01-12\n"
        (tmp_path / "measures" / f"M{k:03d}.yaml").write_text(text, "utf-8")
    found = {d.location.path: d.message for d in check(tmp_path).diagnostics if d.code == "D001"}
    assert found["measures/M200.yaml"].endswith(
        "driving chain: M001 → M002 → M003 → … (194 more) … → M198 → M199 → M200"
    )
    assert found["measures/M010.yaml"].endswith(
        "driving chain: " + " → ".join(f"M{k:03d}" for k in range(1, 11))
    )


def test_report_rows_name_the_ends_of_a_long_chain():
    measures = chain(300, deadline="2024-01-12")
    ws = ws_of(measures)
    plan = build_plan(ws)
    de, en = Locale.for_language("de"), Locale.for_language("en")
    row = Builder(ws, plan, de).row(plan.measures[-1])
    assert row.chain == "M00001 → M00002 → M00003 → … (+294) … → M00298 → M00299 → M00300"
    assert Builder(ws, plan, en).row(plan.measures[-1]).chain.count("(+294)") == 1
