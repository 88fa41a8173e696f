"""What changed in the plan between two revisions (``egovkit diff``), as data and as text,
Markdown (for a merge request) or JSON (``docs/format.md``, "The plan diff as JSON").

Compared are the checked, scheduled plans, not the files: a measure renamed (same title, new
id) is one rename, not a removal and an addition; a schedule shift is counted in working days
of the newer plan's calendar.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

from egovkit.history.snapshot import Snapshot
from egovkit.plan.workdays import calendar_for
from egovkit.render import markdown
from egovkit.textsafe import terminal_text

#: Keys of a measure whose change is reported as a field change (the schedule is reported
#: separately, as shifts).
_SKIP = {"id", "description", "log", "deliverables", "indicators", "references"}


@dataclass(frozen=True)
class FieldChange:
    measure: str
    key: str
    before: object
    after: object


@dataclass(frozen=True)
class ScheduleShift:
    measure: str
    start_before: str
    start_after: str
    finish_before: str
    finish_after: str
    start_days: int  # working days, positive: later
    finish_days: int


@dataclass(frozen=True)
class PlanDiff:
    before: str
    after: str
    added: tuple[str, ...]
    removed: tuple[str, ...]
    renamed: tuple[tuple[str, str], ...]  # old id, new id
    fields: tuple[FieldChange, ...]
    dependencies: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]  # id, added, removed
    shifts: tuple[ScheduleShift, ...]
    critical_added: tuple[str, ...]
    critical_removed: tuple[str, ...]
    finish_before: str
    finish_after: str
    verdicts: tuple[tuple[str, str, str], ...]  # id, before, after

    @property
    def empty(self) -> bool:
        return not any(
            (self.added, self.removed, self.renamed, self.fields, self.dependencies, self.shifts,
             self.critical_added, self.critical_removed, self.verdicts)
        )  # fmt: skip


def _dump(model) -> dict:
    data = model.model_dump(mode="json", exclude_defaults=True)
    return {k: v for k, v in data.items() if k not in _SKIP}


def plan_diff(old: Snapshot, new: Snapshot) -> PlanDiff:
    ws_old, ws_new = old.result.workspace, new.result.workspace
    p_old, p_new = old.result.plan, new.result.plan
    a, b = ws_old.measure_by_id, ws_new.measure_by_id
    gone, came = sorted(set(a) - set(b)), sorted(set(b) - set(a))
    by_title = {b[mid].model.title: mid for mid in came}
    renamed = [
        (mid, by_title[a[mid].model.title]) for mid in gone if a[mid].model.title in by_title
    ]
    same = {old_id: new_id for old_id, new_id in renamed}
    pairs = [(mid, mid) for mid in sorted(set(a) & set(b))] + renamed
    fields, deps = [], []
    for old_id, new_id in pairs:
        x, y = _dump(a[old_id].model), _dump(b[new_id].model)
        for key in sorted(set(x) | set(y)):
            if key == "depends_on":
                before = {same.get(d, d) for d in x.get(key, [])}
                after = set(y.get(key, []))
                if before != after:
                    deps.append(
                        (new_id, tuple(sorted(after - before)), tuple(sorted(before - after)))
                    )
            elif x.get(key) != y.get(key):
                fields.append(FieldChange(new_id, key, x.get(key), y.get(key)))
    cal = calendar_for(ws_new.strategy.model)
    o, n = p_old.by_id(), p_new.by_id()
    shifts = []
    for old_id, new_id in pairs:
        if old_id in o and new_id in n:
            m0, m1 = o[old_id], n[new_id]
            if (m0.start, m0.finish) != (m1.start, m1.finish):
                shifts.append(
                    ScheduleShift(
                        new_id, m0.start.isoformat(), m1.start.isoformat(),
                        m0.finish.isoformat(), m1.finish.isoformat(),
                        _wd(cal, m0.start, m1.start), _wd(cal, m0.finish, m1.finish),
                    )
                )  # fmt: skip
    crit_old = {same.get(mid, mid) for mid in p_old.critical_path}
    crit_new = set(p_new.critical_path)
    verdicts = []
    for old_id, new_id in pairs:
        v0 = o[old_id].verdict if old_id in o else None
        v1 = n[new_id].verdict if new_id in n else None
        if v0 != v1:
            verdicts.append((new_id, v0.value if v0 else "none", v1.value if v1 else "none"))
    renamed_old = {x for x, _ in renamed}
    renamed_new = {y for _, y in renamed}
    return PlanDiff(
        before=old.label,
        after=new.label,
        added=tuple(mid for mid in came if mid not in renamed_new),
        removed=tuple(mid for mid in gone if mid not in renamed_old),
        renamed=tuple(renamed),
        fields=tuple(fields),
        dependencies=tuple(deps),
        shifts=tuple(shifts),
        critical_added=tuple(sorted(crit_new - crit_old)),
        critical_removed=tuple(sorted(crit_old - crit_new)),
        finish_before=p_old.finish.isoformat(),
        finish_after=p_new.finish.isoformat(),
        verdicts=tuple(verdicts),
    )


def _wd(cal, first, second) -> int:
    return cal.index_on_or_before(second) - cal.index_on_or_before(first)


def to_json(d: PlanDiff) -> str:
    data = asdict(d)
    data["renamed"] = [{"from": x, "to": y} for x, y in d.renamed]
    data["dependencies"] = [
        {"measure": m, "added": list(add), "removed": list(rem)} for m, add, rem in d.dependencies
    ]
    data["verdicts"] = [{"measure": m, "before": x, "after": y} for m, x, y in d.verdicts]
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def _value(v: object) -> str:
    return json.dumps(v, ensure_ascii=False) if not isinstance(v, str) else v


def _lines(d: PlanDiff, code: str, esc=str) -> list[str]:
    """The changes, one per line, with ids in ``code`` quotes ("`" for Markdown) and values
    passed through ``esc`` (Markdown escaping for a merge request)."""
    q = code
    out = []
    out += [f"+ {q}{m}{q} added" for m in d.added]
    out += [f"- {q}{m}{q} removed" for m in d.removed]
    out += [f"~ {q}{x}{q} renamed to {q}{y}{q}" for x, y in d.renamed]
    for f in d.fields:
        before, after = esc(_value(f.before)), esc(_value(f.after))
        out.append(f"~ {q}{f.measure}{q} {f.key}: {before} → {after}")
    for m, add, rem in d.dependencies:
        parts = [f"+{x}" for x in add] + [f"-{x}" for x in rem]
        out.append(f"~ {q}{m}{q} depends_on: {', '.join(parts)}")
    for s in d.shifts:
        out.append(
            f"> {q}{s.measure}{q} finish {s.finish_before} → {s.finish_after} "
            f"({s.finish_days:+d} wd), start {s.start_days:+d} wd"
        )
    for m in d.critical_added:
        out.append(f"! {q}{m}{q} now on the critical path")
    for m in d.critical_removed:
        out.append(f"! {q}{m}{q} no longer on the critical path")
    for m, x, y in d.verdicts:
        out.append(f"! {q}{m}{q} deadline: {x} → {y}")
    return out


def to_text(d: PlanDiff) -> str:
    head = f"Plan diff {d.before} → {d.after}: finish {d.finish_before} → {d.finish_after}"
    lines = _lines(d, "", terminal_text) or ["no change in the plan"]
    return "\n".join([head, *lines]) + "\n"


def to_markdown(d: PlanDiff) -> str:
    head = [
        f"### Plan diff {markdown.inline(d.before)} → {markdown.inline(d.after)}",
        "",
        f"Finish of the plan: {d.finish_before} → {d.finish_after}",
        "",
    ]
    lines = [f"- {line}" for line in _lines(d, "`", markdown.inline)] or ["No change in the plan."]
    return "\n".join(head + lines) + "\n"
