"""Cross-file checks. Each check is a function ``Workspace -> Iterable[Diagnostic]``."""

from __future__ import annotations

from egovkit.diagnostics import Diagnostic
from egovkit.rules import graph, legal, profiles, refs, status, templates
from egovkit.workspace import Workspace

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
)


def run_checks(ws: Workspace) -> list[Diagnostic]:
    """Load findings plus every cross-file check, in no particular order."""
    found = list(ws.diagnostics)
    for check in CHECKS:
        found.extend(check(ws))
    return found
