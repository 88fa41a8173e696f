"""The check stage, in two named phases (like mkdocs' validation phases):

- ``CHECKS``: cross-file checks of the loaded workspace, ``Workspace -> Iterable[Diagnostic]``;
- ``PLAN_CHECKS``: checks of the schedule, ``(Workspace, Plan) -> Iterable[Diagnostic]``,
  run by :func:`egovkit.pipeline.check` on the one schedule it computes, and only when
  ``CHECKS`` found no errors.
"""

from __future__ import annotations

from egovkit.diagnostics.record import Diagnostic
from egovkit.load.workspace import Workspace
from egovkit.plan.result import Plan
from egovkit.rules import (
    arbeitsplan,
    assessments,
    catalog,
    config,
    deadlines,
    graph,
    indicators,
    legal,
    profiles,
    refs,
    span,
    status,
    templates,
    windows,
)

CHECKS = (
    refs.duplicate_ids,
    refs.id_matches_file,
    refs.measure_references,
    refs.organization_references,
    graph.self_dependency,
    graph.dependency_cycles,
    legal.required_measures,
    legal.own_deadline_after_legal,
    status.prerequisite_status,
    status.status_dates,
    status.coverage,
    profiles.profile_measures,
    templates.template_syntax,
    config.check_keys,
    indicators.indicators,
    status.status_missing,
    arbeitsplan.references,
    arbeitsplan.accountable,
    arbeitsplan.funding,
    catalog.catalog_references,
    assessments.assessments,
)


PLAN_CHECKS = (
    deadlines.deadline_missed,
    deadlines.beyond_horizon,
    windows.period_before_prerequisite,
    windows.status_stale,
    arbeitsplan.effort_capacity,
    arbeitsplan.phases,
)


def run_checks(ws: Workspace) -> list[Diagnostic]:
    """Load findings plus every cross-file check, in no particular order."""
    found = list(ws.diagnostics)
    for check in CHECKS:
        found.extend(check(ws))
    return found


def run_plan_checks(ws: Workspace, plan: Plan) -> list[Diagnostic]:
    """Every plan check; a schedule past the last plannable date is reported alone (D003)."""
    beyond = span.out_of_range(ws, plan)
    if beyond:
        return beyond
    return [d for check in PLAN_CHECKS for d in check(ws, plan)]
