"""Agreement between two assessors of the same municipality and view (docs/assessment.md).

Per category: the share of questions both answered alike (percentage agreement), and
Cohen's kappa ``κ = (pₒ − pₑ) / (1 − pₑ)`` on the answers as ordinal classes: a level's
position, yes/no, a number's fifth of its range. The weighted kappa (quadratic weights
``wᵢⱼ = 1 − (i − j)² / (k − 1)²``) counts a near miss on an ordinal scale as partial
agreement. Questions they answered differently are listed; a consolidated answer set is a
file of its own (``consolidated: true``), never an average.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from egovkit.model.assessment import Assessment, Questionnaire, Scale, level_score

CLASSES = 5  # a number's range is cut into this many ordinal classes


def kappa(pairs: Sequence[tuple[int, int]], k: int, weighted: bool = False) -> float | None:
    """Cohen's kappa of ``pairs`` of classes 0..k-1; quadratic weights when ``weighted``.
    None when chance agreement is total (every answer in one class)."""
    n = len(pairs)
    if n == 0 or k < 2:
        return None

    def w(i: int, j: int) -> float:
        if weighted:
            return 1 - (i - j) ** 2 / (k - 1) ** 2
        return 1.0 if i == j else 0.0

    rows = [sum(1 for a, _ in pairs if a == i) / n for i in range(k)]
    cols = [sum(1 for _, b in pairs if b == j) / n for j in range(k)]
    observed = sum(w(a, b) for a, b in pairs) / n
    expected = sum(w(i, j) * rows[i] * cols[j] for i in range(k) for j in range(k))
    if expected >= 1:
        return None
    return (observed - expected) / (1 - expected)


def ordinal(scale: Scale, value: object) -> int | None:
    """An answer as an ordinal class on a common 0..CLASSES-1 grid."""
    score = level_score(scale, value)
    return None if score is None else round(score / 100 * (CLASSES - 1))


@dataclass(frozen=True)
class Agreement:
    category: str
    title: str
    compared: int  # questions both answered
    percent: float | None
    kappa: float | None
    weighted_kappa: float | None
    disagree: tuple[str, ...]  # question ids


def agreement(q: Questionnaire, a: Assessment, b: Assessment) -> list[Agreement]:
    out = []
    for cat in q.categories:
        if cat.view is not a.view:
            continue
        pairs, disagree = [], []
        for question in (x for x in q.questions if x.category == cat.id):
            x, y = a.answer(question.id), b.answer(question.id)
            if x is None or y is None:
                continue
            i, j = ordinal(question.scale, x.value), ordinal(question.scale, y.value)
            if i is None or j is None:
                continue
            pairs.append((i, j))
            if i != j:
                disagree.append(question.id)
        same = sum(1 for i, j in pairs if i == j)
        out.append(
            Agreement(
                cat.id, cat.title, len(pairs),
                100.0 * same / len(pairs) if pairs else None,
                kappa(pairs, CLASSES), kappa(pairs, CLASSES, weighted=True), tuple(disagree),
            )
        )  # fmt: skip
    return out
