"""egovkit's pre-commit hook (.pre-commit-hooks.yaml at the repository root).

pre-commit's own schema validates the file, its ``files`` pattern selects exactly the files of
a strategy repository, and its entry, run the way pre-commit runs it (in the repository, no
file names), checks a copy of an example: exit 0 when clean, 1 when the strategy has errors.
(``pre-commit try-repo`` would do the same after installing egovkit into a fresh virtualenv
from PyPI, which a test cannot rely on.)
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import PROJECT
from pre_commit.clientlib import load_manifest

HOOKS = PROJECT / ".pre-commit-hooks.yaml"


def _hook() -> dict:
    hooks = load_manifest(str(HOOKS))
    assert [h["id"] for h in hooks] == ["egovkit-check"]
    return hooks[0]


def test_the_hook_is_valid_for_pre_commit() -> None:
    hook = _hook()
    assert hook["entry"] == "egovkit check"
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is False


def test_the_hook_runs_on_the_files_of_a_strategy_only() -> None:
    pattern = re.compile(_hook()["files"])
    for rel in ("strategy.yaml", "organization.yaml", "measures/dms-eakte.yaml",
                "measures/isms.yml", "profiles/P-Portal.md", "templates/plan.md.j2",
                "assessments/2024-03-15-inside.yaml"):  # fmt: skip
        assert pattern.search(rel), rel
    for rel in ("README.md", "docs/strategy.yaml", "measures/alt/x.yaml", "schemas/x.json",
                ".gitlab-ci.yml", "measures/notes.txt"):  # fmt: skip
        assert not pattern.search(rel), rel


def _run_entry(repo: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_COLOR": "1", "EGOVKIT_NO_CACHE": "1"}
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    command = shlex.split(_hook()["entry"]) + _hook()["args"]
    return subprocess.run(command, cwd=repo, env=env, capture_output=True, text=True, timeout=120)


def test_the_entry_checks_the_repository_it_runs_in(tmp_path: Path) -> None:
    assert shutil.which("egovkit", path=str(Path(sys.executable).parent)), (
        "egovkit is not installed next to this interpreter: run the README's install command"
    )
    repo = tmp_path / "mettmann"
    shutil.copytree(PROJECT / "examples" / "mettmann", repo)
    clean = _run_entry(repo)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    measure = repo / "measures" / "isms.yaml"
    measure.write_text(measure.read_text("utf-8") + "depends_on: [gibt-es-nicht]\n", "utf-8")
    broken = _run_entry(repo)
    assert broken.returncode == 1
    assert "R005" in broken.stdout + broken.stderr
