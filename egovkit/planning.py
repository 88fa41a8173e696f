"""`egovkit plan` as library calls: check, schedule and render, without touching the disk."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from egovkit.checking import CheckResult, check
from egovkit.schedule import Plan


class PlanError(Exception):
    """The repository has errors, so no plan can be built; ``result`` holds the findings."""

    def __init__(self, result: CheckResult) -> None:
        super().__init__("the strategy repository has errors")
        self.result = result


@dataclass(frozen=True)
class PlanResult:
    check: CheckResult
    plan: Plan


def make_plan(root: Path, today: dt.date | None = None) -> PlanResult:
    """Check the repository and, if it has no errors, schedule it."""
    result = check(root, today=today)
    if result.failed():
        raise PlanError(result)
    from egovkit.schedule import build_plan

    return PlanResult(result, build_plan(result.workspace, today=today))


def render_files(result: PlanResult, lang: str | None, formats: list[str]) -> dict[str, str]:
    """All output files (relative name → text) for the requested formats and language."""
    from egovkit.render import render_plan

    ws = result.check.workspace
    language = lang or ws.strategy.model.planning.language.value
    return render_plan(ws, result.plan, language, formats)
