"""The library API: what `egovkit check`, `plan show` and `plan build` do, without printing.

``check`` loads a repository, runs every check and computes the schedule **once**; the plan
commands reuse that schedule. ``render`` turns a checked plan into output files (text by
relative path); writing them is :mod:`egovkit.output`'s job, printing is the CLI's.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import gc
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from egovkit.diagnostics.record import Diagnostic, Severity, sort_diagnostics
from egovkit.errors import UserError

if TYPE_CHECKING:  # the stages load when a run needs them, not when the memo answers
    from egovkit.load.workspace import Workspace
    from egovkit.plan.result import Plan
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
        return _failed(self.diagnostics, strict)


def _failed(diagnostics: list[Diagnostic], strict: bool) -> bool:
    failing = {Severity.error, Severity.warning} if strict else {Severity.error}
    return any(d.severity in failing for d in diagnostics)


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
    from egovkit.load.repo import load_workspace

    with _without_cycle_collector():
        ws = load_workspace(root, cache, overrides, while_parsing=_load_later_stages)
        found, early = _checked_and_scheduled(ws, today)
        plan = None
        if ws.strategy is not None and not _unusable(found):
            plan, plan_findings = early if early is not None else _schedule(ws, today)
            found.extend(plan_findings)
    levels = ws.strategy.model.checks if ws.strategy is not None else {}
    kept = [
        configured
        for d in found
        if _selected(d.code, select or [], ignore or [])
        and (configured := _configured(d, levels)) is not None
    ]
    return CheckResult(ws, sort_diagnostics(kept), plan)


#: With this many measures, the checks run in a forked process beside the schedule.
FORK_MIN_MEASURES = 2_000


def _checked_and_scheduled(
    ws: Workspace, today: dt.date | None
) -> tuple[list[Diagnostic], tuple[Plan | None, list[Diagnostic]] | None]:
    """The findings of every check, and (for a large repository) the schedule computed
    beside them, as ``_schedule()`` returns it (None: not computed).

    The schedule needs the checks' verdict only to be skipped when the input is unusable;
    on a large repository it is computed meanwhile in this process while a forked child
    runs the checks (:func:`egovkit.forked.beside`), and used only if the verdict allows
    it. A failure of that early schedule (unusable input can break it) is not reported:
    the caller schedules again, in order, when the input is usable.
    """
    from egovkit import forked
    from egovkit.load import watch
    from egovkit.rules import run_checks

    if ws.strategy is None or len(ws.measures) < FORK_MIN_MEASURES:
        return run_checks(ws), None
    seen = watch.active()  # what the checks read (templates, evidence) belongs to the run
    mark = seen.mark() if seen is not None else None

    def checks_and_notes() -> tuple[list[Diagnostic], tuple | None]:
        found = run_checks(ws)
        return found, (seen.since(mark) if seen is not None and mark is not None else None)

    checks = forked.beside(checks_and_notes)
    try:
        early = _schedule(ws, today)
    except Exception:  # unusable input: the checks will say so
        early = None
    found, notes = checks()
    if seen is not None and notes is not None:
        seen.add(notes)
    return found, early


def _load_later_stages() -> None:
    """Import what validating, checking and scheduling need (pydantic and the models,
    networkx, the holiday calendars) while worker processes parse a large repository,
    instead of before or after."""
    import holidays.countries  # noqa: F401  (what the calendar's first lookup imports)

    import egovkit.load.validate
    import egovkit.model
    import egovkit.plan.schedule
    import egovkit.rules  # noqa: F401


@contextlib.contextmanager
def _without_cycle_collector() -> Iterator[None]:
    """Pause Python's cycle collector while a repository is loaded, checked and scheduled.

    Loading allocates an object per value of every file and frees almost none, so the
    collector traverses them again and again for nothing: a fifth of the time of checking
    10,000 measures. Afterwards what the run allocated is frozen (:func:`gc.freeze`), so
    the collector does not traverse it when it resumes either; that keeps the run's little
    cyclic garbage (about 15,000 small objects for 10,000 measures, a few hundred for a
    real strategy) until the process ends. Reference counting, which frees everything
    else, works throughout.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.freeze()
            gc.enable()


def _unusable(found: list[Diagnostic]) -> bool:
    from egovkit.diagnostics.codes import blocks

    return any(d.severity is Severity.error and blocks(d.code) for d in found)


def _configured(d: Diagnostic, levels: dict) -> Diagnostic | None:
    """``d`` with the severity the most specific ``checks:`` key sets; None if "off"."""
    from egovkit.diagnostics.codes import configured_level, switched_on

    if not switched_on(d.code, levels):
        return None
    level = configured_level(d.code, levels)
    return d if level is None else dataclasses.replace(d, severity=Severity(level))


def _schedule(ws: Workspace, today: dt.date | None) -> tuple[Plan | None, list[Diagnostic]]:
    from egovkit.plan.schedule import build_plan
    from egovkit.plan.workdays import CalendarError
    from egovkit.rules import run_plan_checks
    from egovkit.rules.span import calendar_overflow

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


@dataclass(frozen=True)
class Findings:
    """What ``egovkit check`` reports: the findings and how many files were read."""

    diagnostics: list[Diagnostic]
    files: int

    def failed(self, strict: bool = False) -> bool:
        return _failed(self.diagnostics, strict)


@dataclass(frozen=True)
class ScheduleText:
    """What ``egovkit plan show --format json`` reports: the findings, and the schedule as
    JSON (None when the input is unusable for a plan)."""

    diagnostics: list[Diagnostic]
    files: int
    json: str | None


def findings(
    root: Path,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    today: dt.date | None = None,
    cache: bool = True,
) -> Findings:
    """The findings of :func:`check`, remembered while the repository is unchanged
    (:mod:`egovkit.load.memo`; ``cache=False`` neither uses nor updates it)."""

    def compute() -> Findings:
        result = check(root, select, ignore, today=today, cache=cache)
        return Findings(result.diagnostics, result.files)

    key = ("check", tuple(select or ()), tuple(ignore or ()), _iso(today))
    return _remembered(root, key, cache, compute, _encode_findings, _decode_findings)


def schedule_json(root: Path, today: dt.date | None = None, cache: bool = True) -> ScheduleText:
    """The schedule as ``plan show --format json`` prints it, and the findings of the check,
    remembered like :func:`findings`."""

    def compute() -> ScheduleText:
        from egovkit.export import plan_json

        result = check(root, today=today, cache=cache)
        usable = result.plan is not None and not _unusable(result.diagnostics)
        text = plan_json.render(result.plan) if usable else None
        return ScheduleText(result.diagnostics, result.files, text)

    def encode(value: ScheduleText) -> tuple:
        return (_encode_findings(Findings(value.diagnostics, value.files)), value.json)

    def decode(payload: tuple) -> ScheduleText:
        found, text = payload
        decoded = _decode_findings(found)
        if text is not None and not isinstance(text, str):
            raise TypeError("not a schedule")
        return ScheduleText(decoded.diagnostics, decoded.files, text)

    return _remembered(root, ("plan-json", _iso(today)), cache, compute, encode, decode)


def _remembered(root: Path, key: tuple, cache: bool, compute, encode, decode):
    from egovkit.load.store import disabled_by_environment

    if not cache or disabled_by_environment():
        return compute()
    from egovkit.load import memo

    root = Path(root)
    if not root.is_dir():  # the loader says what is wrong with it
        return compute()
    return memo.remembered(root, key, compute, encode, decode)


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _encode_findings(value: Findings) -> tuple:
    return (value.files, [d.plain() for d in value.diagnostics])


def _decode_findings(payload: tuple) -> Findings:
    files, rows = payload
    if type(files) is not int:
        raise TypeError("not a file count")
    return Findings([Diagnostic.from_plain(row) for row in rows], files)


def render(
    result: CheckResult,
    locale: Locale | None,
    formats: Iterable[str],
    group_by: str = "field",
    base: tuple[str, str, Plan] | None = None,
) -> dict[str, bytes | bytearray]:
    """All output files (relative name → bytes, text as UTF-8) of a checked plan; see
    :func:`plan_files`."""
    return dict(plan_files(result, locale, formats, group_by, base))


def plan_files(
    result: CheckResult,
    locale: Locale | None,
    formats: Iterable[str],
    group_by: str = "field",
    base: tuple[str, str, Plan] | None = None,
) -> Iterator[tuple[str, bytes | bytearray]]:
    """The output files of a checked plan one by one, (relative name, bytes), in ``locale``
    (default: the strategy's ``planning.language``); ``group_by`` groups the Gantt by
    ``field`` of action or by ``project`` (profiles and their sub-projects). Hand them to
    :func:`egovkit.output.write_tree`, which stages each as it comes."""
    from egovkit.render import Locale
    from egovkit.render import plan_files as files_of  # Jinja and the renderers, when needed

    assert result.plan is not None, "plan_files() needs a result from plan()"
    ws = result.workspace
    if locale is None:
        locale = Locale.for_language(ws.strategy.model.planning.language.value)
    return files_of(
        ws, result.plan, locale, list(formats), result.diagnostics, group_by=group_by, base=base
    )
