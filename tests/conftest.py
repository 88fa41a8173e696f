"""Shared test helpers: file trees from dicts, a minimal valid strategy repo, a CLI runner.

Other test modules import from here; keep these names stable: ``write_tree``, ``read_tree``,
``make_repo``, ``MINIMAL_REPO``, ``TESTS``, ``PROJECT`` and the fixtures ``runner``,
``minimal_repo`` and ``update_golden``.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pytest
from typer.testing import CliRunner

TESTS = Path(__file__).resolve().parent
PROJECT = TESTS.parent
#: The minimal valid repository; every fixture in tests/rules/ is laid over it.
BASE_REPO = TESTS / "rules" / "_base"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="Rewrite the golden files in tests/golden/ from the current output "
        "(review the diff before committing).",
    )


def write_tree(root: Path, files: Mapping[str, str | bytes | None]) -> Path:
    """Write ``files`` (repo-relative path → content) below ``root`` and return ``root``.

    Text is written as UTF-8 exactly as given (no newline translation, so ``\\r\\n`` stays);
    bytes are written verbatim; ``None`` deletes the file if it exists.
    """
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    for rel, content in files.items():
        path = root / rel
        if content is None:
            path.unlink(missing_ok=True)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return root


def read_tree(root: Path) -> dict[str, bytes]:
    """Every file below ``root`` (symlinks not followed) as repo-relative path → bytes."""
    root = Path(root)
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and not path.is_symlink()
    }


#: strategy.yaml (one goal G1, one field F1, status_date fixed so schedules never depend
#: on today's date) and measures/M1.yaml serving both. ``egovkit check`` finds nothing.
MINIMAL_REPO: dict[str, str] = {
    rel: content.decode("utf-8") for rel, content in read_tree(BASE_REPO).items()
}


def make_repo(root: Path, files: Mapping[str, str | bytes | None] | None = None) -> Path:
    """The minimal valid repository in ``root``, with ``files`` added, replaced or deleted."""
    write_tree(root, MINIMAL_REPO)
    return write_tree(root, files or {})


@pytest.fixture
def minimal_repo(tmp_path: Path) -> Path:
    """A fresh copy of the minimal valid repository."""
    return make_repo(tmp_path / "repo")


#: Variables that switch colour or terminal behaviour on; unset in the runner so output does
#: not depend on the CI environment (a test may still pass them to ``invoke(env=…)``).
_TERMINAL_ENV = ("FORCE_COLOR", "NO_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "COLUMNS")


@pytest.fixture
def runner() -> CliRunner:
    """Typer's runner: ``result.stdout`` and ``result.stderr`` are kept separate."""
    return CliRunner(env=dict.fromkeys(_TERMINAL_ENV))


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))
