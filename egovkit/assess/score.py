"""Scores of an assessment, 0-100 per question, category and overall (docs/assessment.md).

- A question's score is its answer on the question's scale: a level's position
  ``100 · i / (n − 1)`` (levels worst first), yes = 100 and no = 0 (reversed when lower is
  better), a number ``100 · (v − min) / (max − min)`` (reversed likewise).
- A category aggregates its answered questions: **mean** ``Σ wᵢ·sᵢ / Σ wᵢ`` (default),
  **minimum** ``min sᵢ`` (the OZG maturity model: the weakest criterion sets the level) or
  **normalized** (the weighted mean, then placed between the worst and the best member of a
  group: ``100 · (x − worst) / (best − worst)``, Bitkom Smart City Index style; 100 when all
  are equal). Unanswered optional questions are left out; a category without any answer has
  no score (never 0).
- The overall score is the mean of the category scores that exist.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from egovkit.model.assessment import Aggregation, Assessment, Questionnaire, level_score


@dataclass(frozen=True)
class CategoryScore:
    category: str
    title: str
    view: str
    aggregation: str
    score: float | None
    answered: int
    questions: int


def question_scores(q: Questionnaire, a: Assessment) -> dict[str, float]:
    """Each answered question that fits its scale, as 0-100."""
    out = {}
    for question in q.questions:
        answer = a.answer(question.id)
        if answer is None:
            continue
        score = level_score(question.scale, answer.value)
        if score is not None:
            out[question.id] = score
    return out


def category_scores(q: Questionnaire, a: Assessment) -> list[CategoryScore]:
    """The categories of the assessment's view, in questionnaire order."""
    scores = question_scores(q, a)
    out = []
    for cat in q.categories:
        if cat.view is not a.view:
            continue
        mine = [x for x in q.questions if x.category == cat.id]
        answered = [(x.weight, scores[x.id]) for x in mine if x.id in scores]
        out.append(
            CategoryScore(
                cat.id, cat.title, cat.view.value, cat.aggregation.value,
                _aggregate(cat.aggregation, answered), len(answered), len(mine),
            )
        )  # fmt: skip
    return out


def _aggregate(how: Aggregation, answered: Sequence[tuple[float, float]]) -> float | None:
    if not answered:
        return None
    if how is Aggregation.minimum:
        return min(s for _, s in answered)
    return sum(w * s for w, s in answered) / sum(w for w, _ in answered)


def overall(categories: Sequence[CategoryScore]) -> float | None:
    values = [c.score for c in categories if c.score is not None]
    return sum(values) / len(values) if values else None


def normalize(values: Mapping[str, float]) -> dict[str, float]:
    """Each member's value placed between the group's worst (0) and best (100)."""
    if not values:
        return {}
    lo, hi = min(values.values()), max(values.values())
    if hi == lo:
        return dict.fromkeys(values, 100.0)
    return {k: 100.0 * (v - lo) / (hi - lo) for k, v in values.items()}


@dataclass(frozen=True)
class GroupFigures:
    mean: float
    median: float
    low: float
    high: float


def group_figures(values: Sequence[float]) -> GroupFigures | None:
    if not values:
        return None
    ordered = sorted(values)
    n = len(ordered)
    median = ordered[n // 2] if n % 2 else (ordered[n // 2 - 1] + ordered[n // 2]) / 2
    return GroupFigures(sum(ordered) / n, median, ordered[0], ordered[-1])


def rank(values: Mapping[str, float], member: str) -> tuple[int, float]:
    """(rank, percentile) of ``member`` in the group: see :func:`position`."""
    return position(list(values.values()), values[member])


def position(values: Sequence[float], score: float) -> tuple[int, float]:
    """(rank, percentile) of ``score`` among ``values``: rank 1 is the best; percentile =
    share of the group at or below it."""
    better = sum(1 for v in values if v > score)
    at_or_below = sum(1 for v in values if v <= score)
    return better + 1, 100.0 * at_or_below / len(values)
