"""Measures taken from egovkit's catalog of standard measures (``from_catalog``).

R014: the id names no catalog entry. C008: the catalog says the measure usually needs another
standard measure first, and no measure of the strategy comes from that one. Measures that are
done or cancelled are not judged: their prerequisites no longer matter for the plan.
"""

from __future__ import annotations

from collections.abc import Iterator

from egovkit.diagnostics.codes import finding
from egovkit.diagnostics.record import Diagnostic
from egovkit.load.catalog import builtin_catalog, suggest
from egovkit.load.workspace import Workspace
from egovkit.model import Status


def catalog_references(ws: Workspace) -> Iterator[Diagnostic]:
    cited = [m for m in ws.measures if m.model.from_catalog is not None]
    if not cited:
        return
    catalog = builtin_catalog()
    entries = catalog.by_id()
    present = {m.model.from_catalog for m in ws.measures}
    for item in cited:
        m, src = item.model, item.source
        entry = entries.get(m.from_catalog or "")
        if entry is None:
            yield finding(
                "R014",
                f"'{m.from_catalog}' is not in egovkit's catalog of standard measures; "
                f"{suggest(m.from_catalog or '', catalog)}",
                src.value("from_catalog"),
            )
            continue
        if m.status in (Status.done, Status.cancelled):
            continue
        for need in entry.prerequisites:
            if need not in present:
                yield finding(
                    "C008",
                    f"measure '{m.id}' (catalog '{entry.id}') usually needs '{need}' "
                    f"({entries[need].title}) first; no measure of this strategy comes from "
                    f"catalog '{need}' (egovkit measure new ID --from-catalog {need} adds one)",
                    src.value("from_catalog"),
                )
