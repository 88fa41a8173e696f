"""Shared test helpers: the one builder of test repositories, a CLI runner, golden files.

A test repository is built here and nowhere else, either as files (``make_repo``: the
minimal valid repository with files added, replaced or deleted; ``strategy_yaml`` and
``measure_yaml`` write the usual variations) or in memory (``make_workspace`` from models
made by ``strategy_model`` and ``measure_model``), for scheduler and renderer unit tests.

Other test modules import from here; keep these names stable: ``write_tree``, ``read_tree``,
``make_repo``, ``make_workspace``, ``strategy_model``, ``measure_model``, ``strategy_yaml``,
``measure_yaml``, ``MINIMAL_REPO``, ``TESTS``, ``PROJECT`` and the fixtures ``runner``,
``minimal_repo`` and ``update_golden``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

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


def strategy_data(
    state: str = "NW",
    start: dt.date = dt.date(2024, 1, 8),
    horizon_end: dt.date = dt.date(2026, 12, 31),
    legal: Iterable[dict] = (),
    goals: Iterable[dict] = (),
    **planning: Any,
) -> dict:
    """A strategy.yaml with one field of action ``F``, as data."""
    return {
        "municipality": {"name": "Stadt Test", "kind": "stadt", "state": state},
        "title": "Teststrategie",
        "horizon": {"start": "2024-01-01", "end": horizon_end.isoformat()},
        "goals": list(goals),
        "fields": [{"id": "F", "title": "Feld"}],
        "legal": list(legal),
        "planning": {"start": start.isoformat(), **planning},
    }


def strategy_yaml(**kwargs: Any) -> str:
    """:func:`strategy_data` as file text (JSON is YAML)."""
    return json.dumps(strategy_data(**kwargs), ensure_ascii=False, indent=2, default=str) + "\n"


def measure_yaml(ident: str, body: str = "duration: 1 days\n") -> str:
    """A measure file in field ``F``; ``body`` holds the remaining keys as YAML text."""
    return f"id: {ident}\ntitle: Maßnahme {ident}\nfield: F\n{body}"


def strategy_model(*args: Any, **kwargs: Any):
    """:func:`strategy_data` as a model; positional arguments are ``state`` and ``start``."""
    from egovkit.model import Strategy

    return Strategy.model_validate(strategy_data(*args, **kwargs))


def measure_model(ident: str, duration: str = "1 days", **kwargs: Any):
    from egovkit.model import Measure

    return Measure.model_validate(
        {"id": ident, "title": f"Maßnahme {ident}", "field": "F", "duration": duration, **kwargs}
    )


def make_workspace(
    measures: Iterable,
    strategy=None,
    units: Iterable[dict] = (),
    profiles=(),
    organization=None,
    root: Path = Path("."),
):
    """An in-memory workspace of models, as the loader would hand it on (no files).

    ``organization`` is a model (else one is made of ``units``); ``root`` is where a test
    may write template overrides.
    """
    from egovkit.load.repo import builtin_legal
    from egovkit.load.sourcemap import SourceMap
    from egovkit.load.workspace import Loaded, Workspace
    from egovkit.model import Organization

    org = organization or Organization.model_validate({"units": list(units)})
    return Workspace(
        root=root,
        strategy=Loaded(strategy or strategy_model(), SourceMap("strategy.yaml")),
        measures=[Loaded(x, SourceMap(f"measures/{x.id}.yaml")) for x in measures],
        profiles=[Loaded(p, SourceMap(f"profiles/{p.meta.id}.md")) for p in profiles],
        organization=Loaded(org, SourceMap("organization.yaml")),
        builtin_legal=builtin_legal(),
    )


@pytest.fixture(autouse=True, scope="session")
def _private_cache_folder(tmp_path_factory: pytest.TempPathFactory):
    """The parse cache of a test run lives in a temporary folder, never in the user's home."""
    import os

    folder = tmp_path_factory.mktemp("cache-home")
    old = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(folder)
    yield folder
    if old is None:
        os.environ.pop("XDG_CACHE_HOME", None)
    else:
        os.environ["XDG_CACHE_HOME"] = old


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


def texts(files: Mapping[str, bytes | bytearray | str]) -> dict[str, str | bytes]:
    """Rendered output files (bytes as written) as text, the PDF left as bytes."""
    return {
        name: content if name.endswith(".pdf") or isinstance(content, str) else content.decode()
        for name, content in files.items()
    }
