"""G-rules: self-dependencies and dependency cycles."""

from __future__ import annotations

from collections.abc import Iterator

from egovkit.diagnostics.codes import finding
from egovkit.diagnostics.record import Diagnostic, Related
from egovkit.load.workspace import Workspace
from egovkit.plan.graph import build_graph, cycles


def self_dependency(ws: Workspace) -> Iterator[Diagnostic]:
    for item in ws.measures:
        for i, dep in enumerate(item.model.depends_on):
            if dep == item.model.id:
                yield finding(
                    "G001",
                    f"measure '{dep}' depends on itself; remove it from depends_on",
                    item.source.value("depends_on", i),
                )


def dependency_cycles(ws: Workspace) -> Iterator[Diagnostic]:
    by_id = ws.measure_by_id
    for cycle in cycles(build_graph(item.model for item in by_id.values())):
        text = " → ".join([*cycle, cycle[0]])
        related = tuple(
            Related(
                by_id[node].source.value("depends_on", by_id[node].model.depends_on.index(prev)),
                f"'{node}' depends on '{prev}'",
            )
            for prev, node in zip([cycle[-1], *cycle[:-1]], cycle, strict=True)
        )
        first = by_id[cycle[0]]
        prev = cycle[-1]
        yield finding(
            "G002",
            f"dependency cycle: {text} (each must finish before the next starts); "
            "remove one of these dependencies",
            first.source.value("depends_on", first.model.depends_on.index(prev)),
            related,
        )
