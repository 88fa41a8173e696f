"""`egovkit check` on the command line: exit codes, streams, selection, colour, entry points.

Exit codes: 0 no failing findings, 1 failing findings, 2 egovkit could not do its job.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MINIMAL_REPO, PROJECT, make_repo
from typer.testing import CliRunner

import egovkit.pipeline
from egovkit import __version__
from egovkit.cli import app, main

COLOUR = re.compile(r"\x1b\[[0-9;]*(3[0-9]|4[0-9]|9[0-7]|10[0-7])[0-9;]*m")


def invoke(runner: CliRunner, *args: str, env: dict[str, str] | None = None):
    result = runner.invoke(app, list(args), env=env)
    # A crash inside the runner shows up as an exception, never as a plain exit code.
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    return result


def _strategy_with_extra_goal() -> str:
    text = MINIMAL_REPO["strategy.yaml"]
    return text.replace("fields:\n", "  - id: G2\n    title: Unbedient\nfields:\n")


@pytest.fixture
def warnings_repo(tmp_path: Path) -> Path:
    """Only a warning: goal G2 has no measure (C003)."""
    return make_repo(tmp_path / "warn", {"strategy.yaml": _strategy_with_extra_goal()})


@pytest.fixture
def mixed_repo(tmp_path: Path) -> Path:
    """R003 and S002 (errors) and C003 (warning)."""
    return make_repo(
        tmp_path / "mixed",
        {
            "strategy.yaml": _strategy_with_extra_goal(),
            "measures/M2.yaml": "id: M2\ntitle: T\nfield: F9\nduration: 1 month\n",
            "measures/M3.yaml": "id: M3\ntitle: T\nfield: F1\nduration: 1 month\ncolour: red\n",
        },
    )


def codes(result) -> list[str]:
    return [item["code"] for item in json.loads(result.stdout)]


# ---------------------------------------------------------------- exit codes


def test_clean_repository_exits_0(runner: CliRunner, minimal_repo: Path) -> None:
    result = invoke(runner, "check", str(minimal_repo))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr.startswith("All checks passed: 2 files")


def test_errors_exit_1(runner: CliRunner, mixed_repo: Path) -> None:
    result = invoke(runner, "check", str(mixed_repo), "--format", "json")
    assert result.exit_code == 1
    assert codes(result) == ["R003", "S002", "C003"]  # sorted by path, then line


def test_warnings_alone_exit_0_but_1_with_strict(runner: CliRunner, warnings_repo: Path) -> None:
    assert invoke(runner, "check", str(warnings_repo)).exit_code == 0
    assert invoke(runner, "check", str(warnings_repo), "--strict").exit_code == 1
    assert (
        invoke(runner, "check", str(warnings_repo), "--strict", "--ignore", "C003").exit_code == 0
    )


def test_exit_zero_still_reports(runner: CliRunner, mixed_repo: Path) -> None:
    result = invoke(runner, "check", str(mixed_repo), "--exit-zero", "--strict", "-f", "json")
    assert result.exit_code == 0
    assert len(codes(result)) == 3


@pytest.mark.parametrize(
    ("options", "expected", "exit_code"),
    [
        (["--select", "R"], ["R003"], 1),
        (["--select", "r"], ["R003"], 1),
        (["--select", "R00"], ["R003"], 1),
        (["--select", "C"], ["C003"], 0),
        (["--select", "C", "--strict"], ["C003"], 1),
        (["--select", "R003,C"], ["R003", "C003"], 1),
        (["--select", "R", "--select", "S"], ["R003", "S002"], 1),
        (["--select", " R003 , S002 "], ["R003", "S002"], 1),
        (["--ignore", "R,S"], ["C003"], 0),
        (["--ignore", "C003"], ["R003", "S002"], 1),
        (["--select", "R,S", "--ignore", "S002"], ["R003"], 1),
        (["--select", "X"], [], 0),
    ],
)
def test_select_and_ignore_match_prefixes(
    runner: CliRunner, mixed_repo: Path, options: list[str], expected: list[str], exit_code: int
) -> None:
    result = invoke(runner, "check", str(mixed_repo), "-f", "json", *options)
    assert (codes(result), result.exit_code) == (expected, exit_code)


def test_default_path_is_the_current_folder(
    runner: CliRunner, minimal_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(minimal_repo)
    assert invoke(runner, "check").exit_code == 0


def test_today_accepts_a_date(runner: CliRunner, minimal_repo: Path) -> None:
    assert invoke(runner, "check", str(minimal_repo), "--today", "2025-03-03").exit_code == 0


# ---------------------------------------------------------------- exit code 2


def _one_line_error(result, *needles: str) -> None:
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("egovkit: ")
    assert "Traceback" not in result.stderr
    for needle in needles:
        assert needle in lines[0]


def test_not_a_strategy_repository(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "measures").mkdir()
    _one_line_error(invoke(runner, "check", str(tmp_path)), "strategy.yaml")


def test_missing_path(runner: CliRunner, tmp_path: Path) -> None:
    _one_line_error(invoke(runner, "check", str(tmp_path / "nope")), "nope")


def test_file_instead_of_folder(runner: CliRunner, minimal_repo: Path) -> None:
    _one_line_error(invoke(runner, "check", str(minimal_repo / "strategy.yaml")), "not a directory")


def test_strategy_yaml_that_is_a_folder(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "strategy.yaml").mkdir()
    _one_line_error(invoke(runner, "check", str(tmp_path)), "strategy.yaml")


@pytest.mark.parametrize("value", ["2020-13-01", "tomorrow", "31.02.2025"])
def test_bad_today(runner: CliRunner, minimal_repo: Path, value: str) -> None:
    _one_line_error(invoke(runner, "check", str(minimal_repo), "--today", value), "--today")


def test_unknown_format_is_a_usage_error(runner: CliRunner, minimal_repo: Path) -> None:
    result = invoke(runner, "check", str(minimal_repo), "--format", "xml")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "xml" in result.stderr


def test_internal_error_is_one_line_and_exit_2(
    minimal_repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def boom(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(egovkit.pipeline, "check", boom)
    with pytest.raises(SystemExit) as info:
        main(["check", str(minimal_repo)])
    assert info.value.code == 2  # never 1: CI would read a crash as "findings"
    out, err = capsys.readouterr()
    assert out == ""
    assert err.splitlines() == [
        "egovkit: internal error: RuntimeError: boom (run with --debug for details)"
    ]
    with pytest.raises(RuntimeError, match="boom"):
        main(["check", str(minimal_repo), "--debug"])


# ---------------------------------------------------------------- streams and colour


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_stdout_is_a_complete_document(runner: CliRunner, mixed_repo: Path, fmt: str) -> None:
    result = invoke(runner, "check", str(mixed_repo), "--format", fmt)
    json.loads(result.stdout)
    assert result.stderr == ""


def test_text_summary_goes_to_stderr(runner: CliRunner, mixed_repo: Path) -> None:
    result = invoke(runner, "check", str(mixed_repo))
    assert "error(s)" not in result.stdout
    assert result.stderr.startswith("2 error(s), 1 warning(s) in ")
    assert len(result.stderr.splitlines()) == 1
    assert "R003" in result.stdout and "R003" not in result.stderr


def test_text_summary_counts_every_file_checked(runner: CliRunner, mixed_repo: Path) -> None:
    result = invoke(runner, "check", str(mixed_repo))
    assert result.stderr.strip() == "2 error(s), 1 warning(s) in 4 files."


def test_no_colour_unless_a_terminal(runner: CliRunner, mixed_repo: Path) -> None:
    result = invoke(runner, "check", str(mixed_repo))
    assert "\x1b[" not in result.stdout + result.stderr


def test_colour_when_forced(runner: CliRunner, mixed_repo: Path) -> None:
    result = invoke(runner, "check", str(mixed_repo), env={"FORCE_COLOR": "1", "TERM": "xterm"})
    assert COLOUR.search(result.stdout)


def test_no_color_is_respected(runner: CliRunner, mixed_repo: Path) -> None:
    env = {"FORCE_COLOR": "1", "TERM": "xterm", "NO_COLOR": "1"}
    result = invoke(runner, "check", str(mixed_repo), env=env)
    assert not COLOUR.search(result.stdout + result.stderr)
    assert "R003" in result.stdout


# ---------------------------------------------------------------- help and entry points


def test_check_help_documents_exit_codes(runner: CliRunner) -> None:
    result = invoke(runner, "check", "--help")
    assert result.exit_code == 0
    for option in ("--format", "--strict", "--exit-zero", "--select", "--ignore", "--today"):
        assert option in result.stdout
    assert "Exit codes" in result.stdout


def _python_m(*args: str, cwd: Path = PROJECT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "egovkit", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "NO_COLOR": "1", "PYTHONIOENCODING": "utf-8"},
    )


def test_python_m_version() -> None:
    proc = _python_m("--version")
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, f"egovkit {__version__}\n", "")


def test_python_m_check_exit_codes(tmp_path: Path, mixed_repo: Path) -> None:
    proc = _python_m("check", str(mixed_repo), "--format", "json")
    assert proc.returncode == 1 and len(json.loads(proc.stdout)) == 3
    proc = _python_m("check", str(tmp_path / "missing"))
    assert proc.returncode == 2 and proc.stdout == ""
    assert len(proc.stderr.splitlines()) == 1 and "Traceback" not in proc.stderr


def test_bare_egovkit_prints_help_and_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main([])
    assert info.value.code == 0
    out, err = capsys.readouterr()
    assert out.startswith("Usage: egovkit [OPTIONS] COMMAND")
    assert "check" in out and "plan" in out and err == ""
    proc = _python_m()
    assert (proc.returncode, proc.stderr) == (0, "") and proc.stdout == out


def test_bare_plan_prints_help_and_exits_0(runner: CliRunner) -> None:
    result = invoke(runner, "plan")
    assert result.exit_code == 0 and result.stderr == ""
    assert result.stdout.startswith("Usage: egovkit plan [OPTIONS] COMMAND")
    assert "build" in result.stdout and "show" in result.stdout


def test_an_unknown_command_is_still_a_usage_error(runner: CliRunner) -> None:
    result = invoke(runner, "plna")
    assert result.exit_code == 2 and "plna" in result.stderr


def test_shell_completion_is_on(runner: CliRunner) -> None:
    help_text = invoke(runner, "--help").stdout
    assert "--install-completion" in help_text and "--show-completion" in help_text
    script = invoke(runner, "--show-completion", "bash")
    assert script.exit_code == 0 and "_EGOVKIT_COMPLETE=complete_bash" in script.stdout


@pytest.mark.parametrize(
    ("words", "cword", "expected"),
    [
        ("egovkit pl", 1, "plan"),
        ("egovkit plan s", 2, "show"),
        ("egovkit check --f", 2, "--format"),
    ],
)
def test_completion_completes_commands_and_options(words: str, cword: int, expected: str) -> None:
    env = {
        "PATH": "/usr/bin:/bin",
        "_EGOVKIT_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(cword),
    }
    proc = subprocess.run(
        [sys.executable, "-c", "from egovkit.cli import main; main()"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert proc.returncode == 0 and expected in proc.stdout.split(), proc.stderr
