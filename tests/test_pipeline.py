"""egovkit.pipeline: the library API computes the schedule once per run."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import PROJECT
from typer.testing import CliRunner

import egovkit.pipeline
from egovkit.cli import app
from egovkit.plan import schedule

BG = PROJECT / "examples" / "bergisch-gladbach"


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    counted: list[int] = []
    real = schedule.build_plan

    def counting(*args, **kwargs):
        counted.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(schedule, "build_plan", counting)  # the pipeline imports it per run
    return counted


@pytest.mark.parametrize(
    "args",
    [
        ["check"],
        ["plan", "show"],
        ["plan", "show", "--format", "json"],
        ["plan", "build", "-o", "{out}"],
    ],
)
def test_one_schedule_per_run(calls: list[int], tmp_path: Path, args: list[str]) -> None:
    # --no-cache: a run that computes (a warm one answers from the memo: tests/test_memo.py)
    argv = [a.replace("{out}", str(tmp_path / "out")) for a in [*args, "--no-cache"]]
    result = CliRunner().invoke(app, [*argv[:2], str(BG), *argv[2:]] if argv[0] == "plan"
                                else [argv[0], str(BG), *argv[1:]])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert len(calls) == 1


def test_check_returns_the_plan_it_computed() -> None:
    result = egovkit.pipeline.check(BG)
    assert result.plan is not None
    assert {m.id for m in result.plan.measures} == set(result.workspace.measure_by_id)


def test_no_plan_when_the_repository_has_errors(tmp_path: Path) -> None:
    from conftest import make_repo

    repo = make_repo(tmp_path / "repo", {"measures/M2.yaml": "id: M2\ntitle: x\n"})
    result = egovkit.pipeline.check(repo)
    assert result.failed() and result.plan is None
    with pytest.raises(egovkit.pipeline.PlanError):
        egovkit.pipeline.plan(repo)
