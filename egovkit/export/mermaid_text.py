"""The plan's Mermaid diagrams as a ``.mmd`` file (``egovkit export mermaid``): the gantt
grouped by field of action (default) or, with ``--diagram flowchart``, the dependency
flowchart. The same text as in the Markdown plan (:mod:`egovkit.render.mermaid`, which
neutralises directives, comments, ``click`` and quotes in user text), without the Markdown
fence and without GitHub's size limit (a file for Mermaid's own tools)."""

from __future__ import annotations

from egovkit.load.workspace import Workspace
from egovkit.plan.result import Plan
from egovkit.render import mermaid
from egovkit.render.fields import field_sections
from egovkit.render.locale import Locale
from egovkit.render.rows import Builder


def render(plan: Plan, ws: Workspace, locale: Locale, diagram: str = "gantt") -> str:
    measures = sorted(plan.measures, key=lambda m: m.order)
    if diagram == "flowchart":
        return "\n".join(mermaid.flowchart_lines(measures)) + "\n"
    b = Builder(ws, plan, locale)
    _, groups = field_sections(b, measures, {m.id: b.row(m) for m in measures})
    title = ws.strategy.model.title
    return "\n".join(mermaid.gantt_lines(groups, title, plan.status_date, locale)) + "\n"
