"""The range of dates egovkit plans with (1990-01-01 … 2100-12-31), checked at load time.

The promise: whatever `egovkit check` accepts, `egovkit plan build` builds. Dates at and
beyond the limits of the range go into every date field of a measure, of strategy.yaml and of
a profile; `check` never crashes (exit 0 or 1), and when it passes, `plan build` and
`plan show` do too. A schedule that would run past the range is D003, pointing at the date or
duration that pushes it there. `--today` takes the same range and German dates as well.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from string import Template

import pytest
from conftest import make_repo
from test_rules import RULES_DIR, materialize
from typer.testing import CliRunner

from egovkit.cli import app
from egovkit.cli.dates import parse_date_arg
from egovkit.model import Measure
from egovkit.model.jsonschema import schema_files
from egovkit.model.types import MAX_DATE, MIN_DATE
from egovkit.pipeline import check

#: Boundary and absurd dates; the first two are the limits of the range.
INSIDE = ["1990-01-01", "2100-12-31"]
OUTSIDE = ["1989-12-31", "2101-01-01", "9999-12-31", "0001-01-01"]

STRATEGY = Template("""\
municipality: {name: Musterstadt, kind: stadt, state: NW}
title: Digitalstrategie
horizon:
  start: $horizon_start
  end: $horizon_end
goals: [{id: G1, title: Online}]
fields: [{id: F1, title: Services}]
planning:
  start: $planning_start
  status_date: $status_date
  extra_holidays: [$extra_holiday]
  closures:
    - {start: $closure_start, end: $closure_end, title: Pause}
legal:
  - id: LX
    title: Gesetz § 1
    requires: etwas
    obligation: required
    deadline: $legal_deadline
    source: https://example.org/gesetz
    as_of: $legal_as_of
""")
STRATEGY_DEFAULTS = {
    "horizon_start": "2025-01-01",
    "horizon_end": "2030-12-31",
    "planning_start": "2025-01-06",
    "status_date": "2025-01-06",
    "extra_holiday": "2025-12-24",
    "closure_start": "2025-12-29",
    "closure_end": "2025-12-30",
    "legal_deadline": "2030-12-31",
    "legal_as_of": "2025-01-02",
}

MEASURE = """\
id: M1
title: Serviceportal
field: F1
goals: [G1]
obligation: required
legal: [LX]
duration: 3 months
"""
#: Measure date fields, each with the other keys it needs to be meaningful.
MEASURE_FIELDS = {
    "deadline": "deadline: $value\n",
    "not_before": "not_before: $value\n",
    "started": "status: in_progress\nprogress: 50\nstarted: $value\n",
    "started-done": "status: done\nstarted: $value\nfinished: 2100-12-31\n",
    "finished": "status: done\nstarted: 1990-01-01\nfinished: $value\n",
}

PROFILE = Template("""\
---
id: P1
title: Portal
measures: [M1]
phases:
  - {name: Umsetzung, start: $phase_start, end: $phase_end}
milestones:
  - {title: Online, date: $milestone, measure: M1}
---
Text.
""")
PROFILE_DEFAULTS = {
    "phase_start": "2025-01-06",
    "phase_end": "2025-06-30",
    "milestone": "2025-06-30",
}


def _cases() -> list:
    out = []
    for value in INSIDE + OUTSIDE:
        for name in MEASURE_FIELDS:
            out.append(pytest.param("measure", name, value, id=f"measure.{name}={value}"))
        for name in STRATEGY_DEFAULTS:
            out.append(pytest.param("strategy", name, value, id=f"strategy.{name}={value}"))
        for name in PROFILE_DEFAULTS:
            out.append(pytest.param("profile", name, value, id=f"profile.{name}={value}"))
    return out


def _files(kind: str, name: str, value: str) -> tuple[dict[str, str], str]:
    """The repository files with ``value`` in one date field, and the file that holds it."""
    strategy = dict(STRATEGY_DEFAULTS)
    profile = dict(PROFILE_DEFAULTS)
    measure = MEASURE
    if kind == "strategy":
        strategy[name] = value
        path = "strategy.yaml"
    elif kind == "profile":
        profile[name] = value
        path = "profiles/P1.md"
    else:
        measure += Template(MEASURE_FIELDS[name]).substitute(value=value)
        path = "measures/M1.yaml"
    files = {
        "strategy.yaml": STRATEGY.substitute(strategy),
        "measures/M1.yaml": measure,
        "profiles/P1.md": PROFILE.substitute(profile),
    }
    return files, path


def _line_of(text: str, value: str) -> int:
    lines = [n for n, line in enumerate(text.split("\n"), start=1) if value in line]
    assert len(lines) == 1, f"{value} is not on exactly one line"
    return lines[0]


def invoke(runner: CliRunner, *args: str):
    """Run the CLI in-process; an exception (an internal error) fails the test."""
    return runner.invoke(app, list(args), catch_exceptions=False)


@pytest.mark.parametrize(("kind", "name", "value"), _cases())
def test_what_check_accepts_plan_build_builds(
    runner: CliRunner, tmp_path: Path, kind: str, name: str, value: str
) -> None:
    files, path = _files(kind, name, value)
    repo = make_repo(tmp_path / "repo", files)
    result = invoke(runner, "check", str(repo), "-f", "json")
    assert result.exit_code in (0, 1), result.output
    findings = json.loads(result.stdout)
    errors = [f for f in findings if f["severity"] == "error"]
    if value in OUTSIDE:
        line = _line_of(files[path], value)
        at_value = [f for f in errors if (f["path"], f["line"]) == (path, line)]
        assert [f["code"] for f in at_value] == ["S003"], findings
        assert "outside the dates egovkit plans with" in at_value[0]["message"]
    out = tmp_path / "out"
    build = invoke(runner, "plan", "build", str(repo), "-o", str(out))
    show = invoke(runner, "plan", "show", str(repo), "-f", "json")
    for step in (build, show):
        assert "internal error" not in step.stderr
        assert step.exit_code == (1 if errors else 0), step.output
    if not errors:
        assert (out / "index.html").is_file() and (out / "plan.md").is_file()
        plan = json.loads(show.stdout)
        assert plan["finish"] <= MAX_DATE.isoformat()
    else:
        assert not out.exists()


def test_cases_cover_every_date_field_of_the_models() -> None:
    """Each date field of the schemas (hence of the models) carries the range."""
    dated = 0

    def walk(node) -> None:
        nonlocal dated
        if isinstance(node, dict):
            if node.get("format") == "date":
                dated += 1
                assert node["formatMinimum"] == MIN_DATE.isoformat()
                assert node["formatMaximum"] == MAX_DATE.isoformat()
                assert node["pattern"] == "^(199[0-9]|20[0-9][0-9]|2100)-"
            for child in node.values():
                walk(child)
        elif isinstance(node, list):
            for child in node:
                walk(child)

    for text in schema_files().values():
        walk(json.loads(text))
    # measure 4 plain (deadline, not_before, started, finished), strategy 9 (horizon 2,
    # planning start and status_date, extra_holidays, closure 2, legal deadline and as_of),
    # profile 3 -- each with a boundary case below -- plus nine fields of real strategies
    # (measure as_of, reference dates, external deliverables, periods, indicator dates),
    # which share the same date types and are tested in tests/test_windows.py, plus three of
    # the Arbeitsplan (a programme's funding start and end, transferability), plain PlanDates,
    # and two of the status history (log entries, deliverable snapshots).
    assert dated == 16 + 9 + 3 + 2
    assert len(STRATEGY_DEFAULTS) + len(PROFILE_DEFAULTS) + 4 == 16


# ---------------------------------------------------------------- D003 blames the cause


def _d003(repo: Path, today: dt.date | None = None):
    found = [d for d in check(repo, today=today).diagnostics if d.severity.value == "error"]
    assert [d.code for d in found] == ["D003"], [str(d) for d in found]
    return found[0]


def test_late_status_date_is_blamed(tmp_path: Path) -> None:
    files, _ = _files("strategy", "status_date", "2100-11-15")
    repo = make_repo(tmp_path / "repo", files)
    d = _d003(repo)
    assert (d.location.path, d.location.line) == (
        "strategy.yaml",
        _line_of(files["strategy.yaml"], "2100-11-15"),
    )
    assert "2100-11-15 (planning.status_date)" in d.message


def test_late_planning_start_is_blamed(tmp_path: Path) -> None:
    files, _ = _files("strategy", "planning_start", "2100-11-01")
    repo = make_repo(tmp_path / "repo", files)
    d = _d003(repo)
    assert (d.location.path, d.location.line) == (
        "strategy.yaml",
        _line_of(files["strategy.yaml"], "2100-11-01"),
    )
    assert "(planning.start)" in d.message


def test_late_today_is_named(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    d = _d003(repo, today=dt.date(2100, 11, 1))
    assert d.location.path == "measures/M1.yaml"
    assert "2100-11-01 (--today)" in d.message


def _chain_repo(tmp_path: Path, first: int, second: int) -> Path:
    """A → B with these durations in months, and X (880 months, about 74 years) alone."""
    return make_repo(
        tmp_path / "repo",
        {
            "measures/A.yaml": f"id: A\ntitle: A\nfield: F1\nduration: {first} months\n",
            "measures/B.yaml": f"id: B\ntitle: B\nfield: F1\nduration: {second} months\n"
            "depends_on: [A]\n",
            "measures/X.yaml": "id: X\ntitle: X\nfield: F1\nduration: 880 months\n",
        },
    )


@pytest.mark.parametrize(("first", "second", "blamed"), [(300, 700, "B"), (700, 300, "A")])
def test_long_durations_blame_the_longest_measure_of_the_chain(
    tmp_path: Path, first: int, second: int, blamed: str
) -> None:
    # X is the longest measure but fits (2025 + 74 years); B, after A, is the first to
    # finish after 2100, so the longest measure of its chain A → B is blamed.
    d = _d003(_chain_repo(tmp_path, first, second))
    assert (d.location.path, d.location.line) == (f"measures/{blamed}.yaml", 4)
    assert "'B' would finish on" in d.message
    assert f"of its driving chain (2 measures from 'A') is '{blamed}'" in d.message


@pytest.mark.parametrize(
    "fixture",
    sorted(
        p.name
        for p in RULES_DIR.iterdir()
        if p.name.startswith(("D003-", "correct-dates", "S003-invalid-value-date"))
        and p.name != "D003-schedule-out-of-range"  # past the year 9999: slow, and no plan
    ),
)
def test_plan_build_agrees_with_check_on_the_date_fixtures(
    runner: CliRunner, tmp_path: Path, fixture: str
) -> None:
    repo = materialize(RULES_DIR / fixture, tmp_path / "repo")
    checked = invoke(runner, "check", str(repo))
    built = invoke(runner, "plan", "build", str(repo), "-o", str(tmp_path / "out"))
    assert "internal error" not in built.stderr
    assert checked.exit_code == built.exit_code == (0 if fixture.startswith("correct") else 1)


# ---------------------------------------------------------------- --today


@pytest.mark.parametrize("command", [["check"], ["plan", "show"], ["plan", "build"]])
@pytest.mark.parametrize("value", ["9999-01-01", "1989-12-31", "2101-01-01", "01.01.0001"])
def test_today_outside_the_range_is_a_usage_error(
    runner: CliRunner, minimal_repo: Path, tmp_path: Path, command: list[str], value: str
) -> None:
    extra = ["-o", str(tmp_path / "out")] if command[-1] == "build" else []
    result = invoke(runner, *command, str(minimal_repo), *extra, "--today", value)
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("egovkit: --today: ")
    assert "outside the dates egovkit plans with (1990-01-01 … 2100-12-31)" in lines[0]


@pytest.mark.parametrize("value", ["30.06.2024", "2024-06-30", "30.6.2024", " 2024-06-30 "])
def test_today_accepts_iso_and_german_dates(
    runner: CliRunner, minimal_repo: Path, value: str
) -> None:
    assert invoke(runner, "check", str(minimal_repo), "--today", value).exit_code == 0
    show = invoke(runner, "plan", "show", str(minimal_repo), "-f", "json", "--today", value)
    assert show.exit_code == 0
    assert json.loads(show.stdout)["status_date"] == "2024-06-30"


@pytest.mark.parametrize("value", ["31.02.2024", "2024-02-30", "2024/06/30", "20240630", "x"])
def test_today_that_is_no_date_is_a_usage_error(
    runner: CliRunner, minimal_repo: Path, value: str
) -> None:
    result = invoke(runner, "check", str(minimal_repo), "--today", value)
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1
    assert "--today" in result.stderr and "date" in result.stderr


def test_parse_date_arg() -> None:
    assert parse_date_arg("1990-01-01") == MIN_DATE
    assert parse_date_arg("31.12.2100") == MAX_DATE
    assert parse_date_arg("1.2.2025") == dt.date(2025, 2, 1)
    for bad, message in [
        ("2025-W01-1", "is not a date; write YYYY-MM-DD or TT.MM.JJJJ"),
        ("29.02.2025", "is not a date of the calendar"),
        ("31.12.2101", "2101-12-31 is outside the dates egovkit plans with"),
    ]:
        with pytest.raises(ValueError, match=message):
            parse_date_arg(bad)


# ---------------------------------------------------------------- the model type


def _measure(**dates) -> Measure:
    return Measure.model_validate(
        {"id": "M", "title": "T", "field": "F", "duration": "1 day", **dates}
    )


def test_plan_date_accepts_the_limits_and_midnight_timestamps() -> None:
    assert _measure(deadline="1990-01-01").deadline == MIN_DATE
    assert _measure(deadline=MAX_DATE).deadline == MAX_DATE
    assert _measure(deadline=dt.datetime(2025, 3, 1)).deadline == dt.date(2025, 3, 1)


@pytest.mark.parametrize(
    ("value", "error"),
    [
        ("2101-01-01", "egovkit_date_range"),
        (dt.date(1, 1, 1), "egovkit_date_range"),
        (dt.datetime(9999, 12, 31), "egovkit_date_range"),
        (1735689600, "egovkit_date"),  # seconds since 1970 are not a date
        (20250106, "egovkit_date"),
        (2025.5, "egovkit_date"),
        (True, "egovkit_date"),
    ],
)
def test_plan_date_refuses_out_of_range_dates_and_numbers(value, error) -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError) as info:
        _measure(not_before=value)
    assert [e["type"] for e in info.value.errors()] == [error]
