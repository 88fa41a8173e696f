"""One municipality's assessments as data for `assess score` and the portfolio report:
the latest scores per view, the change since the previous assessment of that view, and the
agreement of two assessors who rated the same view on the same date."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from egovkit.assess.agree import Agreement, agreement
from egovkit.assess.questionnaire import builtin
from egovkit.assess.score import CategoryScore, category_scores, overall
from egovkit.load.workspace import Workspace
from egovkit.model.assessment import Assessment


@dataclass(frozen=True)
class ViewScores:
    view: str
    date: str
    assessor: str
    categories: tuple[CategoryScore, ...]
    overall: float | None
    previous_date: str | None
    change: dict[str, float]  # category → score now − score then
    agreement: tuple[Agreement, ...]  # when two assessors rated this view on this date
    assessors: tuple[str, ...]


def summary(ws: Workspace) -> list[ViewScores]:
    q = builtin()
    by_view: dict[str, list[Assessment]] = {}
    for item in sorted(
        ws.assessments, key=lambda i: (i.model.date, i.model.consolidated, i.source.path)
    ):
        by_view.setdefault(item.model.view.value, []).append(item.model)
    out = []
    for view in sorted(by_view):
        items = by_view[view]
        now = items[-1]
        same_day = [a for a in items if a.date == now.date and not a.consolidated]
        earlier = [a for a in items if a.date < now.date]
        cats = category_scores(q, now)
        change = {}
        if earlier:
            then = {c.category: c.score for c in category_scores(q, earlier[-1])}
            change = {
                c.category: round(c.score - then[c.category], 1)
                for c in cats
                if c.score is not None and then.get(c.category) is not None
            }
        agree = tuple(agreement(q, same_day[0], same_day[1])) if len(same_day) >= 2 else ()
        out.append(
            ViewScores(
                view, now.date.isoformat(), now.assessor, tuple(cats), overall(cats),
                earlier[-1].date.isoformat() if earlier else None, change, agree,
                tuple(a.assessor for a in same_day),
            )
        )  # fmt: skip
    return out


def as_json(views: list[ViewScores]) -> list[dict]:
    return [asdict(v) for v in views]
