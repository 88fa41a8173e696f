"""P-rules and profile references: every profile covers measures that exist."""

from __future__ import annotations

from collections.abc import Iterator

from egovkit.diagnostics.codes import finding
from egovkit.diagnostics.record import Diagnostic
from egovkit.load.workspace import Workspace


def profile_measures(ws: Workspace) -> Iterator[Diagnostic]:
    """R008 and P001; a measure whose file exists but did not load is not unknown (its own
    findings say what is wrong), so references to it are not reported again."""
    measures = ws.measure_by_id
    broken = ws.unreadable_measures
    for item in ws.profiles:
        meta, src = item.model.meta, item.source
        known = 0
        for i, ref in enumerate(meta.measures):
            if ref in measures or ref in broken:
                known += 1
            else:
                yield finding(
                    "R008",
                    f"profile '{meta.id}' names unknown measure '{ref}'",
                    src.value("measures", i),
                )
        for i, milestone in enumerate(meta.milestones):
            if milestone.measure is not None and milestone.measure not in {*measures, *broken}:
                yield finding(
                    "R008",
                    f"milestone '{milestone.title}' names unknown measure '{milestone.measure}'",
                    src.value("milestones", i, "measure"),
                )
        if known == 0:
            yield finding(
                "P001",
                f"profile '{meta.id}' covers no existing measure; fix 'measures' or delete it",
                src.key("measures"),
            )
