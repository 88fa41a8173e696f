"""The library API: what `egovkit check`, `plan show` and `plan build` do, without printing.

``check`` loads a repository, runs every check and computes the schedule **once**; the plan
commands reuse that schedule. ``render`` turns a checked plan into output files (text by
relative path); writing them is :mod:`egovkit.output`'s job, printing is the CLI's.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from egovkit.diagnostics.codes import RULES, blocks
from egovkit.diagnostics.record import Diagnostic, Severity, sort_diagnostics
from egovkit.errors import UserError
from egovkit.load.repo import load_workspace
from egovkit.load.workspace import Workspace
from egovkit.plan.result import Plan
from egovkit.plan.schedule import build_plan
from egovkit.plan.workdays import CalendarError
from egovkit.rules import run_checks, run_plan_checks
from egovkit.rules.span import calendar_overflow

if TYPE_CHECKING:
    from egovkit.render.locale import Locale


@dataclass(frozen=True)
class CheckResult:
    """Findings of one run, and the schedule when the repository could be scheduled."""

    workspace: Workspace
    diagnostics: list[Diagnostic]
    plan: Plan | None = None

    @property
    def files(self) -> int:
        return len(self.workspace.files)

    def failed(self, strict: bool = False) -> bool:
        failing = {Severity.error, Severity.warning} if strict else {Severity.error}
        return any(d.severity in failing for d in self.diagnostics)


class PlanError(UserError):
    """The repository has errors, so no plan can be built; ``result`` holds the findings."""

    exit_code = 1

    def __init__(self, result: CheckResult) -> None:
        super().__init__("the strategy repository has errors")
        self.result = result


def _selected(code: str, select: list[str], ignore: list[str]) -> bool:
    if select and not any(code.startswith(p) for p in select):
        return False
    return not any(code.startswith(p) for p in ignore)


def check(
    root: Path,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    today: dt.date | None = None,
    cache: bool = True,
    overrides: Mapping[str, bytes] | None = None,
) -> CheckResult:
    """Load, check, and (when the input is usable) schedule the repository once.

    Findings of unusable input (:func:`~egovkit.diagnostics.codes.blocks`) stop the
    schedule; every other finding is a problem of the plan and leaves it standing. The
    severities the repository's ``checks:`` section sets are applied last. ``cache=False``
    parses every file instead of using (and updating) the parse cache (docs/format.md).
    ``overrides`` (repo-relative path → bytes) check the repository as if those files held
    those bytes, without writing them (:mod:`egovkit.edit` checks an edit before it writes).
    """
    ws = load_workspace(root, cache=cache, overrides=overrides)
    found = run_checks(ws)
    plan = None
    if ws.strategy is not None and not _unusable(found):
        plan, plan_findings = _schedule(ws, today)
        found.extend(plan_findings)
    levels = ws.strategy.model.checks if ws.strategy is not None else {}
    kept = [
        configured
        for d in found
        if _selected(d.code, select or [], ignore or [])
        and (configured := _configured(d, levels)) is not None
    ]
    return CheckResult(ws, sort_diagnostics(kept), plan)


def _unusable(found: list[Diagnostic]) -> bool:
    return any(d.severity is Severity.error and blocks(d.code) for d in found)


def _configured(d: Diagnostic, levels: dict) -> Diagnostic | None:
    """``d`` with the severity the most specific ``checks:`` key sets; None if "off"."""
    if blocks(d.code):
        return d
    keys = [k for k in levels if d.code.startswith(k)]
    if not keys:
        return d if RULES[d.code].enabled else None
    level = levels[max(keys, key=len)].value
    if level == "off":
        return None
    return dataclasses.replace(d, severity=Severity(level))


def _schedule(ws: Workspace, today: dt.date | None) -> tuple[Plan | None, list[Diagnostic]]:
    try:
        plan = build_plan(ws, today=today)
    except CalendarError as exc:
        return None, [calendar_overflow(ws, str(exc))]
    return plan, run_plan_checks(ws, plan)


def plan(root: Path, today: dt.date | None = None, cache: bool = True) -> CheckResult:
    """Check the repository; raise :class:`PlanError` when its input is unusable for a plan.

    A plan with problems (late, past the horizon, inconsistent status …) is returned with
    its findings: they belong in the plan, they do not hide it.
    """
    result = check(root, today=today, cache=cache)
    if result.plan is None or _unusable(result.diagnostics):
        raise PlanError(result)
    return result


def render(
    result: CheckResult,
    locale: Locale | None,
    formats: Iterable[str],
    group_by: str = "field",
    base: tuple[str, str, Plan] | None = None,
) -> dict[str, str | bytes]:
    """All output files (relative name → text, bytes for the PDF) of a checked plan in
    ``locale`` (default: the strategy's ``planning.language``); ``group_by`` groups the Gantt
    by ``field`` of action or by ``project`` (profiles and their sub-projects)."""
    from egovkit.render import Locale, render_plan  # Jinja and the renderers load when needed

    assert result.plan is not None, "render() needs a result from plan()"
    ws = result.workspace
    if locale is None:
        locale = Locale.for_language(ws.strategy.model.planning.language.value)
    return render_plan(
        ws, result.plan, locale, list(formats), result.diagnostics, group_by=group_by, base=base
    )
