"""Nasty input never crashes `egovkit check` and never changes a file.

tests/bad-input/<name>/ holds one hostile repository each (binary garbage, UTF-16, tabs,
huge numbers, deep nesting, aliases, wrong shapes, nulls, odd Unicode, line endings …);
a few more (symlink loops, a FIFO, a non-UTF-8 file name, huge files) are built at test time
because git cannot hold them portably. For each: the exit code is 0 or 1 (2 only for "not a
strategy repository"), no traceback is printed, every output format is well formed, and every
input file is byte-for-byte unchanged afterwards.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from conftest import MINIMAL_REPO, TESTS, make_repo
from typer.testing import CliRunner

from egovkit.cli import app
from egovkit.load import reader

CORPUS = TESTS / "bad-input"
SARIF = json.loads((TESTS / "data" / "sarif-2.1.0.json").read_text("utf-8"))
NOT_A_REPO = "not a strategy repository"
#: Entries that still crash egovkit; each is a reported bug. Remove the entry once fixed.
KNOWN_BUGS: dict[str, str] = {}


def _entries() -> list:
    names = sorted(p.name for p in CORPUS.iterdir() if p.is_dir())
    return [
        pytest.param(n, marks=pytest.mark.xfail(strict=True, reason=KNOWN_BUGS[n]))
        if n in KNOWN_BUGS
        else n
        for n in names
    ]


def fingerprint(root: Path) -> dict[str, str]:
    """Every entry below root: file hashes, symlink targets, and kinds of everything else."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in sorted(dirnames + filenames):
            path = Path(dirpath) / name
            rel = path.relative_to(root).as_posix()
            if path.is_symlink():
                out[rel] = "link:" + os.readlink(path)
            elif path.is_file():
                out[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
            else:
                out[rel] = "dir" if path.is_dir() else "other"
    return out


def run_cli(
    repo: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    """The real program, as a user runs it; strict UTF-8 output like a de_DE.UTF-8 terminal."""
    return subprocess.run(
        [sys.executable, "-m", "egovkit", "check", str(repo), *args],
        capture_output=True,
        timeout=120,
        env={
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "PYTHONIOENCODING": "utf-8",
            **(env or {}),
        },
    )


def assert_survives(repo: Path, allow_not_a_repo: bool = False) -> int:
    before = fingerprint(repo)
    proc = run_cli(repo)
    stdout = proc.stdout.decode("utf-8")  # must be valid UTF-8
    stderr = proc.stderr.decode("utf-8")
    assert "Traceback" not in stdout + stderr
    assert "internal error" not in stderr, stderr
    if proc.returncode == 2:
        assert allow_not_a_repo and NOT_A_REPO in stderr, stderr
        assert len(stderr.splitlines()) == 1
    else:
        assert proc.returncode in (0, 1), (proc.returncode, stderr)
        assert stderr.strip(), "the text format prints a summary on stderr"
    assert fingerprint(repo) == before, "egovkit check changed an input file"
    return proc.returncode


def assert_formats_well_formed(repo: Path, exit_code: int) -> None:
    runner = CliRunner()
    for fmt in ("json", "github", "sarif"):
        result = runner.invoke(app, ["check", str(repo), "--format", fmt])
        assert result.exception is None or isinstance(result.exception, SystemExit), repr(
            result.exception
        )
        assert result.exit_code == exit_code, fmt
        if fmt == "json":
            findings = json.loads(result.stdout)
            assert exit_code == 0 or findings
        elif fmt == "sarif":
            jsonschema.validators.validator_for(SARIF)(SARIF).validate(json.loads(result.stdout))
        else:
            for line in result.stdout.splitlines():
                assert line.startswith(("::error ", "::warning ", "::notice ")), line


@pytest.mark.parametrize("name", _entries())
def test_bad_input(name: str) -> None:
    repo = CORPUS / name
    code = assert_survives(repo)
    assert_formats_well_formed(repo, code)


def test_corpus_is_large_enough() -> None:
    assert len(_entries()) >= 25


# ---------------------------------------------------------------- built at test time


def _symlink(link: Path, target: str) -> None:
    try:
        link.symlink_to(target)
    except (OSError, NotImplementedError) as exc:  # e.g. Windows without privileges
        pytest.skip(f"cannot create symlinks here: {exc}")


def test_symlink_loops(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    (repo / "profiles").mkdir()
    _symlink(repo / "measures" / "loop.yaml", "loop.yaml")
    _symlink(repo / "measures" / "a.yaml", "b.yaml")
    _symlink(repo / "measures" / "b.yaml", "a.yaml")
    _symlink(repo / "measures" / "dangling.yaml", "/nonexistent/x.yaml")
    _symlink(repo / "measures" / "up", "..")
    _symlink(repo / "profiles" / "self", ".")
    _symlink(repo / "profiles" / "loop.md", "loop.md")
    _symlink(repo / "organization.yaml", "organization.yaml")
    code = assert_survives(repo)
    assert_formats_well_formed(repo, code)


def codes_of(repo: Path) -> list[tuple[str, str]]:
    result = CliRunner().invoke(app, ["check", str(repo), "--format", "json"])
    return [(f["path"], f["code"]) for f in json.loads(result.stdout)]


def test_strategy_yaml_as_a_symlink_loop(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo", {"strategy.yaml": None})
    _symlink(repo / "strategy.yaml", "strategy.yaml")
    assert assert_survives(repo) == 1
    assert ("strategy.yaml", "Y007") in codes_of(repo)


def test_a_fifo_is_not_read(tmp_path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this platform")
    repo = make_repo(tmp_path / "repo")
    os.mkfifo(repo / "measures" / "pipe.yaml")  # reading it would block forever
    assert assert_survives(repo) == 1
    assert codes_of(repo) == [("measures/pipe.yaml", "Y007")]


def test_many_measures_in_one_long_chain(tmp_path: Path) -> None:
    files = {
        f"measures/C{i:03}.yaml": (
            f"id: C{i:03}\ntitle: Schritt {i}\nfield: F1\nduration: 1 day\n"
            + (f"depends_on: [C{i - 1:03}]\n" if i else "")
        )
        for i in range(300)
    }
    repo = make_repo(tmp_path / "repo", files)
    assert assert_survives(repo) == 0


def test_huge_values(tmp_path: Path) -> None:
    repo = make_repo(
        tmp_path / "repo",
        {
            "measures/M2.yaml": "id: M2\ntitle: "
            + "x" * 2_000_000
            + "\nfield: F1\nduration: 1 day\n",
            "measures/M3.yaml": "id: M3\ntitle: T\nfield: F1\nduration: 1 day\ngoals:\n"
            + "  - G1\n" * 50_000,
            "profiles/P1.md": "---\nid: P1\ntitle: P\nmeasures: [M1]\n---\n" + "Text. " * 500_000,
        },
    )
    assert assert_survives(repo) == 1
    assert codes_of(repo) == [
        ("measures/M2.yaml", "S003"),  # a title of 2,000,000 characters
        ("measures/M3.yaml", "Y008"),
        ("profiles/P1.md", "Y007"),
    ]


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # chmod 0 does not stop root (CI runs as root), so the open itself is made to fail.
    repo = make_repo(tmp_path / "repo", {"measures/M2.yaml": "id: M2\n"})
    real = os.open

    def failing_open(path, flags, *args):
        if str(path).endswith("M2.yaml"):
            raise PermissionError(13, "Permission denied")
        return real(path, flags, *args)

    monkeypatch.setattr(reader.os, "open", failing_open)
    result = CliRunner().invoke(app, ["check", str(repo), "--format", "json"])
    assert result.exit_code == 1
    findings = json.loads(result.stdout)
    assert [(f["code"], f["path"]) for f in findings] == [("Y003", "measures/M2.yaml")]
    assert "Permission denied" in findings[0]["message"]


def test_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    if sys.platform != "linux":
        pytest.skip("only Linux file systems allow such names")
    repo = make_repo(tmp_path / "repo")
    name = os.fsencode(repo / "measures") + b"/M\xff.yaml"
    with open(name, "wb") as handle:
        handle.write(MINIMAL_REPO["measures/M1.yaml"].encode())
    assert_survives(repo)


def test_very_deep_flow_nesting_does_not_crash(tmp_path: Path) -> None:
    # libyaml's composer recurses in C: tens of thousands of '[' killed the process. Such a
    # file is refused unparsed (too many values); a deep one within the value cap is measured
    # by the stack-based parser and refused at the first level too deep.
    files = {
        "measures/M2.yaml": "a: " + "[" * 60_000 + "]" * 60_000,
        "measures/M3.yaml": "a: " + "[" * 15_000 + "]" * 15_000,
    }
    repo = make_repo(tmp_path / "repo", files)
    assert assert_survives(repo) == 1
    assert codes_of(repo) == [("measures/M2.yaml", "Y008"), ("measures/M3.yaml", "Y001")]
