"""Q-rules: assessment files (``assessments/<date>-<view>.yaml``) against their questionnaire."""

from __future__ import annotations

from collections.abc import Iterator

from egovkit.assess.questionnaire import questionnaires
from egovkit.diagnostics.codes import finding
from egovkit.diagnostics.record import Diagnostic
from egovkit.load.reader import file_inside
from egovkit.load.workspace import Workspace
from egovkit.model.assessment import Answer, level_score


def assessments(ws: Workspace) -> Iterator[Diagnostic]:
    known = questionnaires()
    for item in ws.assessments:
        a, src = item.model, item.source
        q = known.get(a.questionnaire)
        if q is None:
            yield finding(
                "Q001",
                f"unknown questionnaire '{a.questionnaire}'; known: {', '.join(sorted(known))}",
                src.value("questionnaire"),
            )
            continue
        questions = {x.id: x for x in q.questions}
        view = {c.id for c in q.categories if c.view is a.view}
        for qid in a.answers:
            question = questions.get(qid)
            if question is None or question.category not in view:
                why = (
                    "is not in the questionnaire"
                    if question is None
                    else f"is not a question of the {a.view.value} view"
                )
                yield finding(
                    "Q001", f"question '{qid}' {why}; check the id", src.key("answers", qid)
                )
                continue
            yield from _answer(ws, item, qid, question)
        for question in q.questions:
            if question.category in view and question.required and question.id not in a.answers:
                yield finding(
                    "Q003",
                    f"required question '{question.id}' has no answer ({question.text})",
                    src.key("answers"),
                )


def _answer(ws: Workspace, item, qid: str, question) -> Iterator[Diagnostic]:
    a, src = item.model, item.source
    answer = a.answer(qid)
    raw = a.answers[qid]
    where = ("answers", qid, "value") if isinstance(raw, Answer) else ("answers", qid)
    if level_score(question.scale, answer.value) is None:
        yield finding(
            "Q002",
            f"answer {answer.value!r} to '{qid}' is not on its scale ({_scale(question.scale)})",
            src.value(*where),
        )
    for n, evidence in enumerate(answer.evidence):
        if evidence.seen is not None and evidence.seen > a.date:
            yield finding(
                "Q004",
                f"evidence for '{qid}' was seen {evidence.seen.isoformat()}, after the assessment "
                f"of {a.date.isoformat()}; correct the date or move it to a later assessment",
                src.value("answers", qid, "evidence", n, "seen"),
            )
        if evidence.file is not None and not file_inside(ws.root, evidence.file):
            yield finding(
                "Q005",
                f"evidence file '{evidence.file}' for '{qid}' is not in the repository",
                src.value("answers", qid, "evidence", n, "file"),
            )


def _scale(scale) -> str:
    if scale.kind.value == "levels":
        return (
            "one of "
            + ", ".join(scale.levels)
            + " or their position 0.."
            + str(len(scale.levels) - 1)
        )
    if scale.kind.value == "yesno":
        return "true or false"
    return f"a number from {scale.min:g} to {scale.max:g}"
