"""Recommendations from assessments: rules that map scores, missing measures and the kind of
municipality to a recommended measure, each naming the values that fired it.

Rules come from ``egovkit/data/recommendations.yaml`` (docs/assessment.md); a condition
``category``/``question``/``overall`` with ``below`` holds when that score exists and is
below the threshold, ``missing`` when none of those measure ids is in the plan, ``kind``
when the municipality is of one of those kinds, ``no_assessment`` when it has (true) or
lacks (false) an assessment. Every condition of a rule must hold.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

from pydantic import Field

from egovkit.assess.questionnaire import builtin
from egovkit.assess.score import category_scores, overall, question_scores
from egovkit.load.validate import validate
from egovkit.load.workspace import Workspace
from egovkit.load.yaml import parse
from egovkit.model.assessment import Assessment, View
from egovkit.model.types import Id, Model, Obligation, Priority


class When(Model):
    category: Id | None = None
    question: Id | None = None
    overall: View | None = None
    below: float | None = Field(default=None, ge=0, le=100)
    missing: list[Id] = Field(default_factory=list)
    kind: list[str] = Field(default_factory=list)
    no_assessment: bool | None = None


class Recommended(Model):
    id: Id
    title: str = Field(min_length=1, max_length=300)
    duration: str = "6 months"
    obligation: Obligation = Obligation.voluntary
    depends_on: list[Id] = Field(default_factory=list)
    legal: list[Id] = Field(default_factory=list, description="Built-in legal basis ids.")


class Rule(Model):
    id: Id
    when: When
    priority: Priority = Priority.medium
    rationale: str = Field(min_length=1, max_length=1000)
    measure: Recommended


class Rules(Model):
    rules: list[Rule]


@cache
def builtin_rules() -> tuple[Rule, ...]:
    text = resources.files("egovkit.data").joinpath("recommendations.yaml").read_text("utf-8")
    data, smap = parse(text, "egovkit/data/recommendations.yaml")
    model, problems = validate(Rules, data, smap)
    if model is None:
        raise RuntimeError(f"built-in recommendation rules are invalid: {problems}")
    return tuple(model.rules)


@dataclass(frozen=True)
class Recommendation:
    municipality: str
    rule: str
    measure: str
    title: str
    priority: str
    rationale: str
    values: dict[str, object]  # what fired it: scores, thresholds, missing ids, kind


def latest(ws: Workspace) -> dict[View, Assessment]:
    """The newest assessment of each view (a consolidated one wins on its date)."""
    out: dict[View, Assessment] = {}
    for item in sorted(ws.assessments, key=lambda i: (i.model.date, i.model.consolidated)):
        out[item.model.view] = item.model
    return out


def recommend(ws: Workspace, rules: tuple[Rule, ...] | None = None) -> list[Recommendation]:
    """The recommendations for one strategy repository, in rule order."""
    q = builtin()
    current = latest(ws)
    cats, questions, overall_by_view = {}, {}, {}
    for view, a in current.items():
        scores = category_scores(q, a)
        cats.update({c.category: c.score for c in scores})
        questions.update(question_scores(q, a))
        overall_by_view[view] = overall(scores)
    present = {item.model.id for item in ws.measures}
    present |= {getattr(item.model, "from_catalog", None) for item in ws.measures} - {None}
    kind = ws.strategy.model.municipality.kind.value
    name = ws.strategy.model.municipality.name
    out = []
    for rule in rules or builtin_rules():
        values = _fires(rule.when, cats, questions, overall_by_view, present, kind, bool(current))
        if values is not None and rule.measure.id not in present:
            out.append(
                Recommendation(
                    name, rule.id, rule.measure.id, rule.measure.title, rule.priority.value,
                    rule.rationale, values,
                )
            )  # fmt: skip
    return out


def _fires(w: When, cats, questions, overall_by_view, present, kind, assessed) -> dict | None:
    values: dict[str, object] = {}
    if w.no_assessment is not None:
        if w.no_assessment == assessed:
            return None
        values["assessment"] = "none" if not assessed else "present"
    for key, source, name in (
        ("category", cats, w.category),
        ("question", questions, w.question),
        ("overall", overall_by_view, w.overall),
    ):
        if name is None:
            continue
        score = source.get(name)
        if score is None or w.below is None or score >= w.below:
            return None
        values[f"{key}:{name.value if isinstance(name, View) else name}"] = round(score, 1)
        values["below"] = w.below
    if w.missing:
        if any(m in present for m in w.missing):
            return None
        values["missing"] = list(w.missing)
    if w.kind:
        if kind not in w.kind:
            return None
        values["kind"] = kind
    return values
