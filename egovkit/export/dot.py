"""The dependency graph as Graphviz DOT (``egovkit export dot``; ``dot -Tsvg`` draws it).

Nodes are the measures, labelled with their title and, as text, their obligation and
whether they are critical (the fill colour repeats the obligation, never carrying it
alone); edges run from prerequisite to measure (finish-to-start). Critical measures and the
links between them are bold. Every user text is a quoted DOT string: quotes and backslashes
are escaped (a backslash would otherwise start an escape such as ``\\N``), line breaks
become ``\\n``, other control characters spaces.
"""

from __future__ import annotations

import re

from egovkit.export.labels import labels
from egovkit.load.workspace import Workspace
from egovkit.plan.result import Plan
from egovkit.render.locale import Locale

#: The flowchart's colours of the Markdown plan (egovkit.render.mermaid).
FILL = {"required": "#f4c7c3", "standard": "#c6d9ef", "voluntary": "#ffffff"}
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def dot_string(text: str) -> str:
    """``text`` as a quoted DOT string; line breaks become centred line breaks."""
    clean = _CONTROL.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n"))
    escaped = clean.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def render(plan: Plan, ws: Workspace, locale: Locale) -> str:
    words = labels(locale)
    lines = [
        "digraph egovkit {",
        f"  label={dot_string(ws.strategy.model.title)};",
        '  labelloc="t";',
        "  rankdir=LR;",
        '  node [shape=box, style="rounded,filled", fontname="Helvetica"];',
        '  edge [color="#5f6368"];',
    ]
    for m in sorted(plan.measures, key=lambda m: m.order):
        tags = [locale.obligation(m.obligation.value)]
        if m.critical:
            tags.append(words["critical"])
        label = f"{m.title}\n[{', '.join(tags)}]"
        style = ', penwidth=3, style="rounded,filled,bold"' if m.critical else ""
        lines.append(
            f"  {dot_string(m.id)} [label={dot_string(label)}, "
            f'fillcolor="{FILL[m.obligation.value]}", tooltip={dot_string(m.id)}{style}];'
        )
    by_id = plan.by_id()
    for m in sorted(plan.measures, key=lambda m: m.order):
        for p in m.depends_on:
            if p not in by_id:
                continue
            bold = " [penwidth=3, style=bold]" if m.critical and by_id[p].critical else ""
            lines.append(f"  {dot_string(p)} -> {dot_string(m.id)}{bold};")
    lines.append("}")
    return "\n".join(lines) + "\n"
