"""Real strategies as they are written: time windows, unknown status, results vs time progress,
nested fields, principles, shared owners, indicators and no critical-path claim without links."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from conftest import make_workspace, measure_model, strategy_model, strategy_yaml, write_tree
from typer.testing import CliRunner

from egovkit.cli import app
from egovkit.model.spans import Precision, parse_span
from egovkit.pipeline import check
from egovkit.plan.schedule import build_plan

D = dt.date
STATUS = D(2025, 4, 9)


def wide_strategy(**kw):
    return strategy_model(start=D(2019, 1, 2), horizon_end=D(2030, 12, 31), **kw)


@pytest.mark.parametrize(
    ("text", "first", "last", "precision"),
    [
        (2024, D(2024, 1, 1), D(2024, 12, 31), Precision.year),
        ("2024", D(2024, 1, 1), D(2024, 12, 31), Precision.year),
        ("2024-Q2", D(2024, 4, 1), D(2024, 6, 30), Precision.quarter),
        ("2024-02", D(2024, 2, 1), D(2024, 2, 29), Precision.month),
        (D(2024, 3, 15), D(2024, 3, 15), D(2024, 3, 15), Precision.day),
        ("2024-03-15", D(2024, 3, 15), D(2024, 3, 15), Precision.day),
    ],
)
def test_spans(text, first, last, precision) -> None:
    span = parse_span(text)
    assert (span.first, span.last, span.precision) == (first, last, precision)


@pytest.mark.parametrize("bad", ["2024-13", "2024-Q5", "24", "next year", 1989, True])
def test_bad_spans_are_refused(bad) -> None:
    with pytest.raises(ValueError):
        parse_span(bad)


def window_measure(**kw):
    return measure_model(
        "W", None, period={"start": 2019, "end": 2026}, status="in_progress", progress=73, **kw
    )


def test_results_progress_keeps_the_window_and_is_not_late() -> None:
    plan = build_plan(make_workspace([window_measure()], strategy=wide_strategy()), STATUS)
    w = plan.by_id()["W"]
    assert (w.start, w.finish) == (D(2019, 1, 2), D(2026, 12, 31))  # first/last working day
    assert w.window == (D(2019, 1, 1), D(2026, 12, 31))
    assert not w.progress_means_time and w.progress == 73
    assert w.deadlines == ()  # nothing it could be late against


def test_time_progress_replans_from_the_status_date() -> None:
    measure = window_measure(progress_of="time")
    plan = build_plan(make_workspace([measure], strategy=wide_strategy()), STATUS)
    w = plan.by_id()["W"]
    assert w.start == D(2019, 1, 2) and w.progress_means_time
    window_days = w.duration_days
    assert w.remaining_days == (window_days * 27 + 99) // 100
    assert w.finish > D(2026, 12, 31)  # 27 % of eight years from April 2025 runs past 2026


def test_a_period_is_placed_not_moved_and_checked_against_prerequisites(tmp_path: Path) -> None:
    files = {
        "strategy.yaml": strategy_yaml(start=D(2024, 1, 8), status_date="2024-01-08"),
        "measures/A.yaml": "id: A\ntitle: A\nfield: F\nstatus: planned\nduration: 6 months\n",
        "measures/B.yaml": (
            "id: B\ntitle: B\nfield: F\nstatus: planned\ndepends_on: [A]\n"
            "period: {start: 2024-03, end: 2024-Q4}\n"
        ),
    }
    result = check(write_tree(tmp_path / "repo", files))
    b = result.plan.by_id()["B"]
    assert (b.start, b.finish) == (D(2024, 3, 1), D(2024, 12, 31))  # not moved after A
    assert b.fixed_window and not b.critical
    assert [(d.code, d.location.line) for d in result.diagnostics] == [("D005", 6)]


def test_unknown_status_is_its_own_state(tmp_path: Path) -> None:
    files = {
        "strategy.yaml": strategy_yaml(start=D(2024, 1, 8), status_date="2024-01-08"),
        "measures/U.yaml": "id: U\ntitle: Unbekannt\nfield: F\nperiod: {start: 2024, end: 2025}\n",
    }
    repo = write_tree(tmp_path / "repo", files)
    out = tmp_path / "out"
    runner = CliRunner()
    build = runner.invoke(app, ["plan", "build", str(repo), "-o", str(out)])
    assert build.exit_code == 0, build.output
    html, md = (out / "index.html").read_text("utf-8"), (out / "plan.md").read_text("utf-8")
    for text in (html, md):
        assert "Stand unbekannt" in text and "Stand unbekannt 1" in text
        assert "0\u00a0%" not in text.split("Fortschritt", 1)[0]  # never 'planned, 0 %'
    shown = json.loads(runner.invoke(app, ["plan", "show", str(repo), "-f", "json"]).stdout)
    assert shown["measures"][0]["status"] == "unknown"
    table = runner.invoke(app, ["plan", "show", str(repo)], env={"COLUMNS": "120"})
    assert "unknown" in table.stdout
    # C006 is off by default and can be switched on
    assert [d.code for d in check(repo).diagnostics] == []
    strict = strategy_yaml(start=D(2024, 1, 8), status_date="2024-01-08")
    strict = strict.rstrip().rstrip("}") + ', "checks": {"C006": "warning"}}\n'
    write_tree(repo, {"strategy.yaml": strict})
    assert [d.code for d in check(repo).diagnostics] == ["C006"]


def test_without_links_there_is_no_critical_path() -> None:
    measures = [
        measure_model("A", "10 days", status="planned"),
        measure_model("B", "20 days", status="planned"),
    ]
    plan = build_plan(make_workspace(measures), D(2024, 1, 8))
    assert plan.critical_path == ()
    assert not any(m.critical for m in plan.measures)


def test_nested_fields_goals_principles_owners_and_indicators(tmp_path: Path) -> None:
    strategy = json.loads(strategy_yaml(start=D(2024, 1, 8), status_date="2024-01-08"))
    strategy["principles"] = [{"id": "P1", "title": "Nutzerorientierung"}]
    strategy["fields"] = [
        {
            "id": "F",
            "title": "Feld",
            "goals": [{"id": "FG", "title": "Ziel des Feldes"}],
            "focus": [
                {"id": "F-1", "title": "Schwerpunkt", "focus": [{"id": "F-1a", "title": "x"}]}
            ],
        }
    ]
    measure = (
        "id: M\ntitle: M\nfield: F-1a\ngoals: [FG]\nprinciples: [P1, P9]\nstatus: planned\n"
        "duration: 1 months\nowners: [{unit: IT}, {unit: Stadtwerke, role: external}]\n"
        "related: [NOPE]\n"
        "indicators:\n  - id: I1\n    title: Haushalte mit Glasfaser\n    unit: '%'\n"
        "    min: 0\n    max: 100\n    target: {date: 2023, value: 80}\n"
        "    values: [{date: 2024-06, value: 120}]\n"
    )
    org = "units:\n  - {id: IT, name: IT}\n  - {id: Stadtwerke, name: Stadtwerke, kind: external}\n"
    files = {"strategy.yaml": json.dumps(strategy), "measures/M.yaml": measure,
             "organization.yaml": org}  # fmt: skip
    result = check(write_tree(tmp_path / "repo", files))
    found = sorted((d.code, d.location.line) for d in result.diagnostics)
    # P9 unknown, NOPE unknown, target 2023 before the horizon (2024), value 120 > 100
    assert found == [("I001", 16), ("I002", 17), ("R011", 5), ("R012", 9)]


@pytest.mark.parametrize(
    ("state", "present", "absent"),
    [
        ("NW", {"EGOVG-NRW-7A", "OZG-1A"}, {"BAYDIG-19", "EGOVG-BW-2"}),
        ("BY", {"BAYDIG-19", "OZG-1A"}, {"EGOVG-NRW-7A", "EGOVG-BW-2"}),
        ("BW", {"EGOVG-BW-2", "EGOVG-BW-4", "DSGVO"}, {"EGOVG-NRW-3", "BAYDIG-19"}),
    ],
)
def test_the_state_picks_its_legal_catalog(state, present, absent) -> None:
    ws = make_workspace([], strategy=strategy_model(state=state))
    assert present <= set(ws.legal_by_id) and not absent & set(ws.legal_by_id)


def test_law_of_another_state_is_an_unknown_legal_basis(tmp_path: Path) -> None:
    files = {
        "strategy.yaml": strategy_yaml(state="BY", start=D(2024, 1, 8), status_date="2024-01-08"),
        "measures/M.yaml": "id: M\ntitle: M\nfield: F\nstatus: planned\nduration: 1 months\n"
        "obligation: required\nlegal: [EGOVG-NRW-7A]\ndeadline: 2025-01-01\n",
    }
    result = check(write_tree(tmp_path / "repo", files))
    assert [d.code for d in result.diagnostics] == ["R007"]
