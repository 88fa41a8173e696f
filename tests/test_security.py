"""Properties of docs/security.md over generated repositories (hypothesis).

For random measure files and repository layouts: no traceback, no input file modified,
nothing written outside the output folder, every finding has a code and a location, no byte
of a file outside the repository in any output, and whatever `check` accepts, `plan build`
builds.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import hypothesis.strategies as st
import pytest
from conftest import MINIMAL_REPO, write_tree
from hypothesis import HealthCheck, given, settings
from test_corpus import fingerprint
from typer.testing import CliRunner

from egovkit.cli import app
from egovkit.diagnostics.codes import RULES

SECRET = "s3cr3t-7d0c5b"
FORMATS = ("text", "json", "github", "sarif")

KEYS = [
    "id", "title", "field", "goals", "obligation", "legal", "deadline", "priority",
    "depends_on", "duration", "not_before", "owner", "status", "progress", "started",
    "finished", "cost", "description", "unknown_key",
]  # fmt: skip
SCALARS = st.one_of(
    st.sampled_from(
        ["M1", "M2", "F1", "G1", "planned", "done", "in_progress", "required", "3 months",
         "0 days", "2025-01-06", "9999-12-31", "1900-01-01", "high", "OZG-1A", "-1", "101",
         "~", "null", "''", "[]", "{}", "*a", "&a x", "!!str x", "!!binary aGk=", "%%{init}%%",
         "|\n  text", "'quoted: value'", '"esc\\x1b[2J"', "ä ö ü ß", "1e400", "0x1F"]
    ),
    st.text(min_size=0, max_size=12),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
)  # fmt: skip


@st.composite
def measure_text(draw) -> str:
    lines = []
    for key in draw(st.lists(st.sampled_from(KEYS), max_size=10)):
        if draw(st.booleans()):
            items = draw(st.lists(SCALARS, max_size=3))
            lines.append(f"{key}: [{', '.join(items)}]")
        else:
            lines.append(f"{key}: {draw(SCALARS)}")
    return "\n".join(lines) + draw(st.sampled_from(["", "\n", "\r\n", "\n---\nx: 1\n"]))


FILE_KINDS = st.one_of(
    measure_text().map(lambda text: ("text", text)),
    st.binary(max_size=64).map(lambda data: ("bytes", data)),
    st.sampled_from([("symlink", "outside"), ("symlink", "loop"), ("dir", ""), ("fifo", "")]),
)
NAMES = st.sampled_from(
    ["measures/M2.yaml", "measures/M3.yaml", "measures/x.yml", "measures/.hidden.yaml",
     "profiles/P1.md", "organization.yaml", "templates/plan.md.j2", "measures/M1.yaml",
     "measures/sub/M4.yaml"]
)  # fmt: skip


def lay_out(root: Path, entries: list[tuple[str, tuple[str, object]]]) -> None:
    write_tree(root, MINIMAL_REPO)
    for rel, (kind, value) in entries:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        elif os.path.lexists(path):
            path.unlink()
        if kind == "text":
            path.write_text(str(value), "utf-8")
        elif kind == "bytes":
            path.write_bytes(bytes(value))  # type: ignore[arg-type]
        elif kind == "symlink":
            path.symlink_to(root.parent / "secret.txt" if value == "outside" else path.name)
        elif kind == "dir":
            path.mkdir()
        elif kind == "fifo" and hasattr(os, "mkfifo"):
            os.mkfifo(path)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(entries=st.lists(st.tuples(NAMES, FILE_KINDS), max_size=5))
def test_random_repositories_are_data(entries) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        (base / "secret.txt").write_text(SECRET + "\n", "utf-8")
        repo = base / "repo"
        lay_out(repo, entries)
        before = fingerprint(base)
        runner = CliRunner()
        exits = set()
        for fmt in FORMATS:
            result = runner.invoke(app, ["check", str(repo), "--format", fmt])
            output = result.stdout + result.stderr
            assert result.exception is None or isinstance(result.exception, SystemExit), output
            assert result.exit_code in (0, 1), output
            assert "Traceback" not in output and "internal error" not in output
            assert SECRET not in output
            exits.add(result.exit_code)
            if fmt == "json":
                for finding in json.loads(result.stdout):
                    assert finding["code"] in RULES and finding["path"], finding
        assert len(exits) == 1
        out = base / "out"
        build = runner.invoke(app, ["plan", "build", str(repo), "-o", str(out)])
        output = build.stdout + build.stderr
        assert "Traceback" not in output and "internal error" not in output, output
        if exits == {0}:
            assert build.exit_code == 0, output
        else:
            assert build.exit_code in (0, 1), output
        assert fingerprint(repo) == {k[5:]: v for k, v in before.items() if k.startswith("repo/")}
        after = fingerprint(base)
        assert {k for k in after if not k.startswith("out")} == set(before)  # nothing else
        for path in out.rglob("*") if out.exists() else ():
            if path.is_file():
                assert SECRET not in path.read_text("utf-8", errors="replace")


def test_a_measure_linked_to_a_secret_never_shows_it(tmp_path: Path) -> None:
    secret = tmp_path / "credentials.yaml"
    secret.write_text(f"id: {SECRET}\ntitle: {SECRET}\npassword: {SECRET}\n", "utf-8")
    repo = write_tree(tmp_path / "repo", MINIMAL_REPO)
    (repo / "measures" / "M9.yaml").symlink_to(secret)
    (repo / "organization.yaml").symlink_to("/etc/shadow")
    runner = CliRunner()
    for fmt in FORMATS:
        result = runner.invoke(app, ["check", str(repo), "--format", fmt])
        assert result.exit_code == 1
        assert SECRET not in result.stdout + result.stderr
        assert "root:" not in result.stdout + result.stderr
    found = json.loads(runner.invoke(app, ["check", str(repo), "--format", "json"]).stdout)
    assert {(f["path"], f["code"]) for f in found} >= {
        ("measures/M9.yaml", "Y007"),
        ("organization.yaml", "Y007"),
    }


def test_a_linked_measures_folder_is_refused(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "M9.yaml").write_text(f"id: M9\ntitle: {SECRET}\n", "utf-8")
    repo = write_tree(tmp_path / "repo", MINIMAL_REPO)
    shutil.rmtree(repo / "measures")
    (repo / "measures").symlink_to(elsewhere, target_is_directory=True)
    result = CliRunner().invoke(app, ["check", str(repo), "--format", "json"])
    assert result.exit_code == 1
    assert SECRET not in result.stdout
    first = json.loads(result.stdout)[0]
    assert (first["path"], first["code"]) == ("measures", "Y007")


def test_an_unreadable_measures_folder_is_a_finding(tmp_path: Path, monkeypatch) -> None:
    repo = write_tree(tmp_path / "repo", MINIMAL_REPO)
    real = os.scandir

    def denied(path):
        if str(path).endswith("measures"):
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(os, "scandir", denied)
    result = CliRunner().invoke(app, ["check", str(repo), "--format", "json"])
    assert result.exit_code == 1, result.output
    found = json.loads(result.stdout)
    assert found[0]["path"] == "measures" and found[0]["code"] == "Y003"


def test_many_small_alias_files_share_one_budget(tmp_path: Path) -> None:
    """The alias budget holds per run: 100 files, each well within it on its own."""
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"b{i}: &b{i} [{', '.join(['*a'] * 10)}]" for i in range(10)]
    lines += [f"c{j}: [{', '.join(f'*b{i}' for i in range(10))}]" for j in range(3)]
    text = "\n".join(lines) + "\n"
    files = {f"measures/Z{i:03}.yaml": text for i in range(100)}
    repo = write_tree(tmp_path / "repo", {**MINIMAL_REPO, **files})
    result = CliRunner().invoke(app, ["check", str(repo), "--format", "json"])
    found = [(f["path"], f["code"]) for f in json.loads(result.stdout)]
    assert ("measures/Z000.yaml", "Y008") not in found  # one file alone is fine
    assert ("measures/Z099.yaml", "Y008") in found  # the run's budget was spent
    assert [code for _, code in found].count("Y008") > 70


def test_findings_per_file_are_capped(tmp_path: Path) -> None:
    keys = "".join(f"unknown_{i}: x\n" for i in range(500))
    repo = write_tree(tmp_path / "repo", {**MINIMAL_REPO, "measures/M9.yaml": "id: M9\n" + keys})
    result = CliRunner().invoke(app, ["check", str(repo), "--format", "json"])
    found = [f for f in json.loads(result.stdout) if f["path"] == "measures/M9.yaml"]
    assert len(found) <= 101
    assert any("more problems in this file are not shown" in f["message"] for f in found)


def test_a_file_with_too_many_values_is_refused_unparsed(tmp_path: Path) -> None:
    text = "id: M9\ngoals:\n" + "  - G1\n" * 30_000
    repo = write_tree(tmp_path / "repo", {**MINIMAL_REPO, "measures/M9.yaml": text})
    result = CliRunner().invoke(app, ["check", str(repo), "--format", "json"])
    found = [(f["path"], f["code"]) for f in json.loads(result.stdout)]
    assert found == [("measures/M9.yaml", "Y008")]


def test_markup_in_the_output_path_is_printed_as_typed(tmp_path: Path) -> None:
    repo = write_tree(tmp_path / "repo", MINIMAL_REPO)
    out = tmp_path / "o[bold]x[/] :x:"
    result = CliRunner().invoke(app, ["plan", "build", str(repo), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert f"written to {out}/" in result.stderr
    assert (out / "plan.md").is_file()


def test_raw_html_cannot_hide_a_heading_or_a_fence_from_demotion() -> None:
    from egovkit.render.markdown import to_markdown

    out = to_markdown("<div>\n# Injected top-level heading\n```\n", top=3)
    assert out.splitlines() == ["&lt;div>", "### Injected top-level heading", "```", "```"]


@pytest.mark.parametrize("value", ["1e308", "-1e308", "1e17", ".inf"])
def test_indicator_values_beyond_any_scale_are_findings(tmp_path: Path, value: str) -> None:
    measure = (
        "id: M9\ntitle: I\nfield: F1\nduration: 1 months\nstatus: planned\n"
        f"indicators: [{{id: i1, title: I, unit: x, target: {{date: 2026, value: {value}}}}}]\n"
    )
    repo = write_tree(tmp_path / "repo", {**MINIMAL_REPO, "measures/M9.yaml": measure})
    result = CliRunner().invoke(app, ["check", str(repo), "--format", "json"])
    assert ("measures/M9.yaml", "S003") in {
        (f["path"], f["code"]) for f in json.loads(result.stdout)
    }


def test_a_link_named_out_in_the_repository_never_chooses_the_output(
    tmp_path: Path, monkeypatch
) -> None:
    victim = tmp_path / "victim"
    victim.mkdir()
    repo = write_tree(tmp_path / "repo", MINIMAL_REPO)
    (repo / "out").symlink_to(victim, target_is_directory=True)
    monkeypatch.chdir(repo)
    result = CliRunner().invoke(app, ["plan", "build", "."])
    assert result.exit_code == 0, result.output
    assert list(victim.iterdir()) == []  # nothing written through the repository's link
    assert (tmp_path / "repo-plan" / "plan.md").is_file()


def test_titles_cannot_multiply_into_gigabytes(tmp_path: Path) -> None:
    org = "units:\n  - {id: U, name: " + "x" * 400 + "}\n"
    repo = write_tree(tmp_path / "repo", {**MINIMAL_REPO, "organization.yaml": org})
    result = CliRunner().invoke(app, ["check", str(repo), "--format", "json"])
    assert ("organization.yaml", "S003") in {
        (f["path"], f["code"]) for f in json.loads(result.stdout)
    }
