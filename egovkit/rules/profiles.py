"""P-rules and profile references: every profile covers measures that exist."""

from __future__ import annotations

from collections.abc import Iterator

from egovkit.diagnostics.codes import finding
from egovkit.diagnostics.record import Diagnostic
from egovkit.load.workspace import Workspace


def profile_measures(ws: Workspace) -> Iterator[Diagnostic]:
    measures = ws.measure_by_id
    for item in ws.profiles:
        meta, src = item.model.meta, item.source
        known = 0
        for i, ref in enumerate(meta.measures):
            if ref in measures:
                known += 1
            else:
                yield finding(
                    "R008",
                    f"profile '{meta.id}' names unknown measure '{ref}'",
                    src.value("measures", i),
                )
        for i, milestone in enumerate(meta.milestones):
            if milestone.measure is not None and milestone.measure not in measures:
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
