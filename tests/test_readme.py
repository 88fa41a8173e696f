"""The README's everyday commands run as printed from the repository root.

Every line of a ``sh`` block that starts with ``egovkit `` is run verbatim by bash in a
temporary copy of the repository (so ``out/``, ``schemas`` and ``> egovkit.sarif`` land there,
not in the working tree). A command exits 0 unless its comment says ``exits N``. Lines that
start with ``cp `` prepare the copy (a folder for the editing commands to change) and run
first, when the copy is made.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PROJECT

README = PROJECT / "README.md"
BLOCK = re.compile(r"^```sh\n(.*?)^```", re.M | re.S)
EXITS = re.compile(r"#.*\bexits (\d)\b")
#: Not part of what a user clones, or written by builds and tools.
NOT_COPIED = shutil.ignore_patterns(
    ".git",
    ".venv",
    "venv",
    "out",
    "node_modules",
    "__pycache__",
    ".*_cache",
    ".hypothesis",
    "*.egg-info",
)


def readme_lines(prefix: str) -> list[str]:
    text = README.read_text("utf-8")
    return [
        line.strip()
        for block in BLOCK.findall(text)
        for line in block.splitlines()
        if line.startswith(prefix)
    ]


def readme_commands() -> list[str]:
    return readme_lines("egovkit ")


def expected_exit(command: str) -> int:
    match = EXITS.search(command)
    return int(match[1]) if match else 0


@pytest.fixture(scope="module")
def repo_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("readme") / "egovkit"
    shutil.copytree(PROJECT, root, ignore=NOT_COPIED, symlinks=True)
    for setup in readme_lines("cp ") + readme_lines("python examples/"):
        shutil.rmtree(root / setup.split()[-1], ignore_errors=True)  # a try-out in PROJECT
        subprocess.run(["bash", "-c", setup], cwd=root, check=True, timeout=120, env=_egovkit_env())
    return root


def _egovkit_env() -> dict[str, str]:
    """``egovkit`` on PATH: the script next to this interpreter (the virtualenv's)."""
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "FORCE_COLOR")}
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    env.update(NO_COLOR="1", PYTHONIOENCODING="utf-8")
    return env


def test_the_readme_shows_everyday_commands() -> None:
    commands = readme_commands()
    assert len(commands) >= 8
    for needed in ("egovkit check ", "egovkit plan show ", "egovkit plan build ", "--format json"):
        assert any(needed in c for c in commands), needed
    assert not [c for c in commands if re.search(r"\s\.(\s|$)", c)], "use an example path"
    assert "--install-completion" in README.read_text("utf-8")


@pytest.mark.skipif(shutil.which("bash") is None, reason="the README's blocks are sh")
@pytest.mark.parametrize("command", readme_commands())
def test_readme_command_runs_as_printed(command: str, repo_copy: Path) -> None:
    assert shutil.which("egovkit", path=str(Path(sys.executable).parent)), (
        "egovkit is not installed next to this interpreter: run the README's install command"
    )
    proc = subprocess.run(
        ["bash", "-c", command],
        cwd=repo_copy,
        env=_egovkit_env(),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert proc.returncode == expected_exit(command), proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr
