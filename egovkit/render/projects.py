"""The Gantt grouped by project (``plan build --group-by project``): each profile, and a
programme's sub-projects below it, with their phases; measures no profile covers last."""

from __future__ import annotations

from egovkit.model.profile import Phase
from egovkit.plan.result import ScheduledMeasure
from egovkit.render.gantt import GanttGroup
from egovkit.render.rows import Builder


def _phases(phases: list[Phase]) -> tuple[tuple[str, object, object], ...]:
    ordered = sorted(phases, key=lambda ph: (ph.start, ph.end, ph.name))
    return tuple((ph.name, ph.start, ph.end) for ph in ordered)


def project_groups(b: Builder, measures: list[ScheduledMeasure]) -> tuple[GanttGroup, ...]:
    """Groups in profile order; a measure appears in the first group that covers it."""
    by_id = {m.id: m for m in measures}
    placed: set[str] = set()

    def take(ids) -> tuple[ScheduledMeasure, ...]:
        out = [by_id[i] for i in dict.fromkeys(ids) if i in by_id and i not in placed]
        placed.update(m.id for m in out)
        return tuple(sorted(out, key=lambda m: m.order))

    groups: list[GanttGroup] = []
    for p in b.profiles:
        meta = p.meta
        inner = {mid for sub in meta.subprojects for mid in sub.measures}
        covered = [by_id[i] for i in (*meta.measures, *inner) if i in by_id]
        own = take([mid for mid in meta.measures if mid not in inner])
        groups.append(
            GanttGroup(
                f"p-{meta.id}", meta.title, own, 1, tuple(covered), meta.title,
                _phases(meta.phases),
            )
        )  # fmt: skip
        for sub in meta.subprojects:
            mine = take(sub.measures)
            span = tuple(by_id[i] for i in sub.measures if i in by_id)
            groups.append(
                GanttGroup(
                    f"p-{meta.id}-{sub.id}", sub.title, mine, 2, span,
                    f"{meta.title} › {sub.title}", _phases(sub.phases),
                )
            )  # fmt: skip
    rest = take(m.id for m in measures)
    if rest:
        title = b.t["gantt_no_project"]
        groups.append(GanttGroup("p-none", title, rest, 1, (), title))
    return tuple(groups)
