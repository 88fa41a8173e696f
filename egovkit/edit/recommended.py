"""``assess recommend --apply``: the recommended measures as planned measure files, with
their typical prerequisites where the strategy has them; never overwrites, idempotent."""

from __future__ import annotations

from pathlib import Path

from egovkit.assess.recommend import Recommendation, builtin_rules


def apply_recommendations(root: Path, recs: list[Recommendation]) -> list[str]:
    from egovkit.edit.commands import new_measure, save
    from egovkit.edit.newfiles import NewMeasure
    from egovkit.errors import UserError
    from egovkit.pipeline import check

    rules = {r.id: r for r in builtin_rules()}
    added = []
    for rec in recs:
        before = check(root)
        ws = before.workspace
        if rec.measure in ws.measure_by_id:
            continue  # applied before: idempotent
        m = rules[rec.rule].measure
        known = set(ws.measure_by_id)
        field = ws.strategy.model.fields[0].id
        edit = new_measure(
            root,
            NewMeasure(
                id=m.id, title=m.title, field=field, duration=m.duration,
                obligation=m.obligation.value if m.obligation.value != "voluntary" else None,
                depends_on=tuple(d for d in m.depends_on if d in known),
                legal=tuple(m.legal),
                description=f"Empfehlung {rec.rule} aus der Bestandsaufnahme: {rec.rationale}",
            ),
            before=before,
        )  # fmt: skip
        if edit.blocking:
            raise UserError(
                f"{m.id}: the recommended measure would not check: {edit.blocking[0].message}"
            )
        save(edit)
        added.append(m.id)
    return added
