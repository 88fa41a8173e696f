"""Exports of a computed plan into other tools' formats; one module per format.

:data:`FORMATS` names each format of ``egovkit export``: its module (imported only when
that format is asked for, so icalendar and XlsxWriter load only for ics and xlsx), whether
it is binary and the usual file name extension. Every module has
``render(plan, workspace, locale) -> str | bytes``.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from egovkit.load.workspace import Workspace
    from egovkit.plan.result import Plan
    from egovkit.render.locale import Locale


@dataclass(frozen=True)
class ExportFormat:
    module: str  # in egovkit.export
    binary: bool
    extension: str
    about: str


FORMATS: dict[str, ExportFormat] = {
    "tjp": ExportFormat(
        "tjp", False, "tjp", "TaskJuggler 3 project (tj3 schedules the same dates)"
    ),
    "ics": ExportFormat("ics", False, "ics", "iCalendar: deadlines, milestones and finishes"),
    "xlsx": ExportFormat("xlsx", True, "xlsx", "Excel workbook (needs -o)"),
    "csv": ExportFormat("csv_table", False, "csv", "one row per measure"),
    "json": ExportFormat(
        "plan_json", False, "json", "the resolved schedule (plan show --format json)"
    ),
    "mermaid": ExportFormat("mermaid_text", False, "mmd", "Mermaid Gantt or flowchart"),
    "dot": ExportFormat("dot", False, "dot", "Graphviz DOT of the dependency graph"),
}


def export(
    name: str, plan: Plan, ws: Workspace, locale: Locale, diagram: str = "gantt"
) -> str | bytes:
    """``plan`` in the format ``name`` (a key of :data:`FORMATS`)."""
    module = importlib.import_module(f"egovkit.export.{FORMATS[name].module}")
    if name == "mermaid":
        return module.render(plan, ws, locale, diagram=diagram)
    if name == "json":
        return module.render(plan)
    return module.render(plan, ws, locale)
