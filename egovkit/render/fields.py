"""Fields of action as the plan shows them: nested (field → focus area → sub-area), each with
its goals, its own measures and a roll-up of everything below it; the Gantt groups follow
the same tree. Goals of the strategy and of the fields carry their indicators.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from egovkit.model.strategy import Goal
from egovkit.plan.schedule import ScheduledMeasure
from egovkit.render.context import FieldSection, GoalItem, MeasureRow
from egovkit.render.gantt import GanttGroup
from egovkit.render.indicators import indicator_views
from egovkit.render.markdown import MdRaw
from egovkit.render.rows import Builder, progress_text

Rows = dict[str, MeasureRow]  # measure id → its table row


@dataclass(frozen=True)
class _Node:
    id: str
    title: str
    description: str
    depth: int
    path: str
    focus: bool  # has focus areas below it
    goals: Sequence[Goal]


def _nodes(b: Builder, by_field: dict[str, list[ScheduledMeasure]]) -> list[_Node]:
    """Every field and focus area depth first, then fields no strategy declares, by id."""
    nodes = [
        _Node(f.id, f.title, f.description or "", depth, b.field_paths[f.id], bool(f.focus),
              f.goals)
        for f, depth, _ in b.strategy.all_fields()
    ]  # fmt: skip
    other = b.t["other_field"]
    for fid in sorted(set(by_field) - set(b.field_paths)):
        title = f"{other}: {fid}"
        nodes.append(_Node(fid, title, "", 1, title, False, ()))
    return nodes


def field_sections(
    b: Builder, measures: list[ScheduledMeasure], rows: Rows
) -> tuple[tuple[FieldSection, ...], tuple[GanttGroup, ...]]:
    """Fields in strategy order (depth first), measures in plan order. A field's roll-up
    and its Gantt bar cover its focus areas too."""
    by_field: dict[str, list[ScheduledMeasure]] = {}
    below: dict[str, list[ScheduledMeasure]] = {}  # a field's own and its focus areas' measures
    for m in measures:
        by_field.setdefault(m.field, []).append(m)
        for fid in b.field_ids.get(m.field, (m.field,)):
            below.setdefault(fid, []).append(m)
    serving = _serving(b, measures)
    sections, groups = [], []
    for n in _nodes(b, by_field):
        own = [rows[m.id] for m in by_field.get(n.id, [])]
        sections.append(
            FieldSection(
                id=n.id,
                anchor=f"f-{n.id}",
                title=n.title,
                description=n.description,
                rollup=_rollup(b, below.get(n.id, []), n.focus),
                rows=tuple(own),
                depth=n.depth,
                heading=2 + n.depth,
                details_heading=3 + n.depth,
                md_heading=MdRaw("#" * (2 + n.depth)),
                path=n.path,
                goals=tuple(goal_item(b, g, serving) for g in n.goals),
                empty=not own and not n.focus,
                indicator_rows=tuple(r for r in own if r.indicators),
                detail_rows=tuple(r for r in own if r.details_md),
            )
        )
        label = n.path if n.depth > 1 else n.title
        items = tuple(by_field.get(n.id, ()))
        groups.append(GanttGroup(f"f-{n.id}", n.title, items, n.depth,
                                 tuple(below.get(n.id, ())), label))  # fmt: skip
    return tuple(sections), tuple(groups)


def _rollup(b: Builder, items: list[ScheduledMeasure], focus: bool) -> str:
    return b.t["field_rollup_focus" if focus else "field_rollup"].format(
        done=sum(1 for m in items if m.status.value == "done"),
        total=len(items),
        active=sum(1 for m in items if m.status.value == "in_progress"),
        progress=progress_text(b, items),
    )


def _serving(b: Builder, measures: list[ScheduledMeasure]) -> dict[str, list[str]]:
    """Goal id → the measures serving it, in plan order."""
    serving: dict[str, list[str]] = {}
    for m in measures:
        if (lm := b.ws.measure_by_id.get(m.id)) is not None:
            for gid in dict.fromkeys(lm.model.goals):
                serving.setdefault(gid, []).append(m.id)
    return serving


def goal_item(b: Builder, g: Goal, serving: dict[str, list[str]]) -> GoalItem:
    return GoalItem(
        g.id,
        f"g-{g.id}",
        g.title,
        g.description or "",
        tuple(b.measure_ref(mid) for mid in serving.get(g.id, [])),
        indicator_views(g.indicators, f"g-{g.id}", b.locale),
    )


def goals(b: Builder, measures: list[ScheduledMeasure]) -> tuple[GoalItem, ...]:
    """Every strategic goal (not those of a field) with the measures serving it."""
    serving = _serving(b, measures)
    return tuple(goal_item(b, g, serving) for g in b.strategy.goals)
