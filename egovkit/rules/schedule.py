"""D-rules: deadlines and the horizon, judged on the computed schedule.

They run only when the repository has no errors that would make a schedule meaningless.
"""

from __future__ import annotations

from egovkit.diagnostics import Diagnostic, Severity
from egovkit.workspace import Workspace


def schedule_findings(ws: Workspace, found: list[Diagnostic], today=None) -> list[Diagnostic]:
    if any(d.severity is Severity.error for d in found) or ws.strategy is None:
        return []
    return []  # filled in by the scheduler (issue 3)
