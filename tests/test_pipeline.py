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


@pytest.fixture
def fork_always(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run the checks in a forked child beside the schedule whatever the size."""
    monkeypatch.setattr(egovkit.pipeline, "FORK_MIN_MEASURES", 0)


def _outcome(result: egovkit.pipeline.CheckResult) -> tuple:
    plan = result.plan
    return (
        result.diagnostics,
        None if plan is None else [(m.id, m.start, m.finish) for m in plan.measures],
    )


@pytest.mark.parametrize("example", sorted((PROJECT / "examples").glob("*/strategy.yaml")))
def test_checks_beside_the_schedule_give_what_one_process_gives(
    example: Path, monkeypatch: pytest.MonkeyPatch, fork_always: None
) -> None:
    root = example.parent
    forked = _outcome(egovkit.pipeline.check(root, cache=False))
    monkeypatch.setattr(egovkit.pipeline, "FORK_MIN_MEASURES", 10**9)
    assert _outcome(egovkit.pipeline.check(root, cache=False)) == forked


def test_unusable_input_is_not_scheduled_even_beside_the_checks(
    tmp_path: Path, fork_always: None
) -> None:
    from conftest import make_repo, measure_yaml

    repo = make_repo(
        tmp_path / "repo",
        {
            "measures/M2.yaml": measure_yaml("M2", "depends_on: [M3]\nduration: 1 days\n"),
            "measures/M3.yaml": measure_yaml("M3", "depends_on: [M2]\nduration: 1 days\n"),
        },
    )
    result = egovkit.pipeline.check(repo, cache=False)
    assert result.plan is None
    assert [d.code for d in result.diagnostics if d.code.startswith("G")] == ["G002"]


def test_without_fork_the_checks_run_here(
    monkeypatch: pytest.MonkeyPatch, fork_always: None
) -> None:
    import os

    expected = _outcome(egovkit.pipeline.check(BG, cache=False))

    def no_fork() -> int:
        raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", no_fork)
    assert _outcome(egovkit.pipeline.check(BG, cache=False)) == expected


def test_a_child_that_fails_leaves_the_checks_to_this_process(
    monkeypatch: pytest.MonkeyPatch, fork_always: None
) -> None:
    import os

    from egovkit import rules

    expected = _outcome(egovkit.pipeline.check(BG, cache=False))
    parent, real = os.getpid(), rules.run_checks

    def dies_in_the_child(ws):
        if os.getpid() != parent:
            os._exit(3)
        return real(ws)

    monkeypatch.setattr(rules, "run_checks", dies_in_the_child)
    assert _outcome(egovkit.pipeline.check(BG, cache=False)) == expected


def test_what_checks_beside_the_schedule_read_is_remembered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fork_always: None
) -> None:
    """The template rule runs in the child; the memo must still see a changed template."""
    from conftest import make_repo

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    repo = make_repo(tmp_path / "repo", {"templates/index.html.j2": "{{ c.title }}\n"})
    assert egovkit.pipeline.findings(repo).diagnostics == []
    (repo / "templates" / "index.html.j2").write_text("{% if %}\n", "utf-8")
    assert [d.code for d in egovkit.pipeline.findings(repo).diagnostics] == ["T001"]
