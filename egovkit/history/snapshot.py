"""A strategy repository as it was at a revision, checked and scheduled like the working tree.

The files of the revision are written into a private temporary folder (only the files
egovkit reads: strategy.yaml, organization.yaml, measures/, profiles/, templates/) and
loaded by the one loader, so a past revision gets every limit and check a present one gets.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from egovkit.history.git import Git, HistoryError
from egovkit.pipeline import CheckResult, PlanError, plan

_READ = ("strategy.yaml", "organization.yaml")
_FOLDERS = ("measures/", "profiles/", "templates/")


@dataclass(frozen=True)
class Snapshot:
    """The checked plan of one revision (``rev`` None: the working tree)."""

    rev: str | None
    label: str  # the revision as the user named it, or "Arbeitskopie"
    date: dt.date | None  # the commit's date
    result: CheckResult


def _wanted(rel: str) -> bool:
    parts = PurePosixPath(rel).parts
    return (rel in _READ or rel.startswith(_FOLDERS)) and ".." not in parts and len(parts) <= 3


def materialize(git: Git, rev: str, into: Path) -> None:
    """Write the files egovkit reads, as they were at ``rev``, below ``into``."""
    files = git.files(rev, _wanted)
    if "strategy.yaml" not in files:
        raise HistoryError(f"revision {rev[:10]} has no strategy.yaml in this folder")
    for rel, data in files.items():
        path = into / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def at(git: Git, rev: str | None, today: dt.date | None, label: str = "") -> Snapshot:
    """The plan at ``rev`` (None: the working tree), scheduled as of ``today``."""
    if rev is None:
        return Snapshot(None, label, None, _plan(git.root, today, label or "working tree"))
    sha = git.resolve(rev)
    date = git.date_of(sha)
    with tempfile.TemporaryDirectory(prefix="egovkit-rev-") as tmp:
        root = Path(tmp) / "repo"
        root.mkdir(mode=0o700)
        materialize(git, sha, root)
        result = _plan(root, today, label or rev)
        if today is None and result.plan.status_date_from == "clock":
            # a past plan without a status date is read as of the day it was committed
            result = _plan(root, date, label or rev)
    return Snapshot(sha, label or rev, date, result)


def _plan(root: Path, today: dt.date | None, label: str) -> CheckResult:
    try:
        return plan(root, today, cache=os.environ.get("EGOVKIT_NO_CACHE") != "1")
    except PlanError as exc:
        first = next((d for d in exc.result.diagnostics if d.severity.value == "error"), None)
        where = f": {first.location.path}:{first.location.line} {first.message}" if first else ""
        raise HistoryError(
            f"{label}: the strategy has errors there, so it has no plan{where}"
        ) from None
