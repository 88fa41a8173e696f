"""`egovkit check --format …`: golden output per format, SARIF schema, GitHub syntax, JSON contract.

The golden files in tests/golden/ are the output for the small broken repository
tests/golden/repo/. After an intended change, rewrite them with ``pytest --update-golden``
and review the diff.
"""

from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path

import jsonschema
import pytest
from conftest import TESTS
from rich.console import Console
from typer.testing import CliRunner

from egovkit import __version__
from egovkit.cli import app
from egovkit.diagnostics.codes import RULES
from egovkit.diagnostics.formats import FORMATS, github
from egovkit.diagnostics.record import Diagnostic, Location, Related, Severity

GOLDEN = TESTS / "golden"
BROKEN = GOLDEN / "repo"
SARIF_SCHEMA = json.loads((TESTS / "data" / "sarif-2.1.0.json").read_text("utf-8"))
GOLDEN_FILES = {
    "text": "broken.text.txt",
    "json": "broken.json",
    "github": "broken.github.txt",
    "gitlab": "broken.gitlab.json",
    "sarif": "broken.sarif.json",
}
GITHUB_LINE = re.compile(
    r"^::(error|warning|notice) file=[^,:]+,line=\d+(,col=\d+)?,title=[^:]+::[^\r\n]+$"
)
ANSI = re.compile(r"\x1b\[")


def run(runner: CliRunner, *args: str, env: dict[str, str] | None = None):
    result = runner.invoke(app, ["check", *args], env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def _normalize(fmt: str, text: str) -> str:
    """Keep golden files valid across releases: the SARIF driver version is a placeholder."""
    if fmt == "sarif":
        text = re.sub(r'("name": "egovkit",\s*"version": )"[^"]*"', r'\1"{version}"', text)
    return text


@pytest.mark.parametrize("fmt", sorted(GOLDEN_FILES))
def test_golden_output(runner: CliRunner, fmt: str, update_golden: bool) -> None:
    result = run(runner, str(BROKEN), "--format", fmt)
    assert result.exit_code == 1
    actual = _normalize(fmt, result.stdout)
    golden = GOLDEN / GOLDEN_FILES[fmt]
    if update_golden:
        golden.write_text(actual, encoding="utf-8", newline="\n")
    assert golden.is_file(), f"{golden} is missing; run pytest --update-golden"
    assert actual == golden.read_text("utf-8"), (
        f"--format {fmt} differs from {golden.relative_to(TESTS.parent)}; if the change is "
        "intended, run pytest --update-golden and review the diff"
    )


@pytest.mark.parametrize("fmt", sorted(GOLDEN_FILES))
def test_output_is_byte_identical_across_runs(runner: CliRunner, fmt: str) -> None:
    first = run(runner, str(BROKEN), "--format", fmt).stdout
    assert run(runner, str(BROKEN), "--format", fmt).stdout == first


@pytest.mark.parametrize("fmt", ["json", "github", "sarif"])
def test_machine_formats_never_contain_colour(runner: CliRunner, fmt: str) -> None:
    result = run(runner, str(BROKEN), "--format", fmt, env={"FORCE_COLOR": "1", "TERM": "xterm"})
    assert not ANSI.search(result.stdout)


def test_every_cli_format_has_a_formatter() -> None:
    assert set(FORMATS) == set(GOLDEN_FILES)
    assert FORMATS["json"]([]) == "[]\n"
    assert FORMATS["github"]([]) == ""
    assert FORMATS["text"]([]) == ""
    assert json.loads(FORMATS["sarif"]([]))["runs"][0]["results"] == []


# ---------------------------------------------------------------- SARIF


def _validate_sarif(text: str) -> dict:
    log = json.loads(text)
    validator = jsonschema.validators.validator_for(SARIF_SCHEMA)(SARIF_SCHEMA)
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])
    return log


def test_sarif_is_valid_against_the_official_schema(runner: CliRunner, minimal_repo: Path) -> None:
    _validate_sarif(run(runner, str(BROKEN), "--format", "sarif").stdout)
    clean = run(runner, str(minimal_repo), "--format", "sarif")
    assert clean.exit_code == 0
    assert _validate_sarif(clean.stdout)["runs"][0]["results"] == []


def test_the_schema_check_would_catch_a_broken_log() -> None:
    validator = jsonschema.validators.validator_for(SARIF_SCHEMA)(SARIF_SCHEMA)
    log = json.loads(FORMATS["sarif"]([]))
    log["runs"][0]["results"] = [{"ruleId": "Y001", "level": "fatal", "message": {}}]
    assert not validator.is_valid(log)


def test_sarif_contents(runner: CliRunner) -> None:
    log = _validate_sarif(run(runner, str(BROKEN), "--format", "sarif").stdout)
    assert log["version"] == "2.1.0"
    assert len(log["runs"]) == 1
    run_ = log["runs"][0]
    driver = run_["tool"]["driver"]
    assert driver["name"] == "egovkit"
    assert driver["version"] == __version__
    assert driver["informationUri"].startswith("https://")
    rules = driver["rules"]
    assert [r["id"] for r in rules] == sorted(RULES)
    levels = {"error": "error", "warning": "warning", "info": "note"}
    for r in rules:
        rule = RULES[r["id"]]
        assert r["name"] == rule.name
        assert r["shortDescription"]["text"] == rule.summary
        assert r["helpUri"].endswith(f"docs/rules.md#{rule.code.lower()}-{rule.name}")
        assert r["defaultConfiguration"]["level"] == levels[rule.severity.value]
    results = run_["results"]
    assert {r["ruleId"] for r in results} == {
        "C003",
        "G002",
        "P001",
        "R008",
        "S002",
        "S003",
        "Y004",
        "Y005",
    }
    for r in results:
        assert rules[r["ruleIndex"]]["id"] == r["ruleId"]
        assert r["level"] in {"error", "warning", "note"}
        (loc,) = r["locations"]
        uri = loc["physicalLocation"]["artifactLocation"]["uri"]
        assert not uri.startswith("/") and "\\" not in uri and ":" not in uri
        assert (BROKEN / uri).is_file()
    by_rule = {r["ruleId"]: r for r in results}
    assert by_rule["C003"]["level"] == "warning"
    assert "region" not in by_rule["Y004"]["locations"][0]["physicalLocation"]
    cycle = by_rule["G002"]
    assert [
        rel["physicalLocation"]["artifactLocation"]["uri"] for rel in cycle["relatedLocations"]
    ] == [
        "measures/A.yaml",
        "measures/B.yaml",
    ]
    assert all(rel["message"]["text"] for rel in cycle["relatedLocations"])


# ---------------------------------------------------------------- GitHub


def test_github_annotations_are_workflow_commands(runner: CliRunner) -> None:
    lines = run(runner, str(BROKEN), "--format", "github").stdout.splitlines()
    assert len(lines) == 8
    for line in lines:  # file-level findings are placed on line 1
        assert GITHUB_LINE.match(line), line
    assert any(line.startswith("::warning ") for line in lines)
    assert all("title=egovkit (" in line for line in lines)


def test_github_file_level_findings_still_name_a_line(runner: CliRunner) -> None:
    lines = run(runner, str(BROKEN), "--format", "github").stdout.splitlines()
    for line in lines:
        assert GITHUB_LINE.match(line), line


def test_github_escapes_data_and_properties() -> None:
    d = Diagnostic(
        "S003",
        Severity.info,
        "100% sure\r\nsecond line",
        Location("measures/a,b:c.yaml", 3, 7),
    )
    (line,) = github.render([d]).splitlines()
    assert line == (
        "::notice file=measures/a%2Cb%3Ac.yaml,line=3,col=7,"
        "title=egovkit (S003 invalid-value)::100%25 sure%0D%0Asecond line"
    )


# ---------------------------------------------------------------- JSON and text


def test_json_is_a_flat_array_with_stable_keys(runner: CliRunner) -> None:
    data = json.loads(run(runner, str(BROKEN), "--format", "json").stdout)
    assert isinstance(data, list) and len(data) == 8
    keys = {"code", "name", "severity", "message", "path", "line", "column", "related"}
    for item in data:
        assert set(item) == keys  # a contract: add keys, never rename
        assert item["name"] == RULES[item["code"]].name
        assert item["severity"] in {"error", "warning", "info"}
    order = [(i["path"], i["line"] or 0, i["column"] or 0, i["code"]) for i in data]
    assert order == sorted(order)
    cycle = next(i for i in data if i["code"] == "G002")
    assert [r["path"] for r in cycle["related"]] == ["measures/A.yaml", "measures/B.yaml"]
    assert set(cycle["related"][0]) == {"path", "line", "column", "note"}
    empty = next(i for i in data if i["code"] == "Y004")
    assert (empty["line"], empty["column"]) == (None, None)


def test_json_is_an_empty_array_when_clean(runner: CliRunner, minimal_repo: Path) -> None:
    result = run(runner, str(minimal_repo), "--format", "json")
    assert (result.exit_code, result.stdout) == (0, "[]\n")


def test_json_keeps_non_ascii_text(runner: CliRunner) -> None:
    stdout = run(runner, str(BROKEN), "--format", "json").stdout
    assert "A → B → A" in stdout  # readable, not \\u2192


def test_text_lines_can_be_grepped(runner: CliRunner) -> None:
    result = run(runner, str(BROKEN))
    assert not ANSI.search(result.stdout)
    findings = [line for line in result.stdout.splitlines() if line.startswith("  ")]
    pattern = re.compile(
        r"^  (\S+):(\d+|-):(\d+|-) (error|warning|info) ([A-Z]\d{3}) .+ \([a-z0-9-]+\)$"
    )
    assert sum(bool(pattern.match(line)) for line in findings) == 8
    assert "  measures/A.yaml:6:14 error G002 dependency cycle" in result.stdout
    assert "      measures/B.yaml:6:14: 'B' depends on 'A'" in result.stdout
    assert "6 error(s), 2 warning(s)" in result.stderr
    assert "error(s)" not in result.stdout


def test_text_escapes_rich_markup_in_messages() -> None:
    d = Diagnostic(
        "R003",
        Severity.error,
        "unknown field of action '[bold]x[/]'",
        Location("measures/[red].yaml", 1, 1),
        (Related(Location("measures/[b].yaml", 2, 3), "see [i]"),),
    )
    console = Console(width=200, no_color=True, file=io.StringIO())
    console.print(FORMATS["text"]([d]), end="")
    out = console.file.getvalue()
    assert "'[bold]x[/]'" in out and "measures/[red].yaml" in out and "see [i]" in out


def test_gitlab_code_quality_report_is_what_gitlab_reads(runner: CliRunner, tmp_path: Path) -> None:
    """GitLab's code-quality schema: description, check_name, fingerprint, severity,
    location.path and location.lines.begin; fingerprints unique, and stable when a finding
    only moves to another line."""
    result = runner.invoke(app, ["check", str(GOLDEN / "repo"), "--format", "gitlab"])
    issues = json.loads(result.stdout)
    assert issues and result.exit_code == 1
    for issue in issues:
        assert set(issue) == {"description", "check_name", "fingerprint", "severity", "location"}
        assert issue["severity"] in {"info", "minor", "major", "critical", "blocker"}
        assert re.fullmatch(r"[0-9a-f]{64}", issue["fingerprint"])
        assert isinstance(issue["location"]["lines"]["begin"], int)
        assert not issue["location"]["path"].startswith("/")
    assert len({i["fingerprint"] for i in issues}) == len(issues)
    moved = tmp_path / "repo"
    shutil.copytree(GOLDEN / "repo", moved)
    measure = next(p for p in sorted((moved / "measures").glob("*.yaml")) if p.read_text().strip())
    measure.write_text(
        "# a comment above moves every finding of this file down\n" + measure.read_text()
    )
    again = json.loads(runner.invoke(app, ["check", str(moved), "--format", "gitlab"]).stdout)
    before = {i["fingerprint"]: i for i in issues}
    after = {i["fingerprint"]: i for i in again}
    assert set(before) == set(after)
    rel = measure.relative_to(moved).as_posix()
    shifted = [f for f, i in after.items() if i["location"]["path"] == rel]
    assert shifted and all(
        after[f]["location"]["lines"]["begin"] == before[f]["location"]["lines"]["begin"] + 1
        for f in shifted
        if before[f]["location"]["lines"]["begin"] > 1
    )
