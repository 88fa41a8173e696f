"""The built-in questionnaire (``egovkit/data/questionnaire.yaml``)."""

from __future__ import annotations

from functools import cache
from importlib import resources

from egovkit.load.validate import validate
from egovkit.load.yaml import parse
from egovkit.model.assessment import Questionnaire

BUILTIN = "egovkit-standard"


@cache
def builtin() -> Questionnaire:
    text = resources.files("egovkit.data").joinpath("questionnaire.yaml").read_text("utf-8")
    data, smap = parse(text, "egovkit/data/questionnaire.yaml")
    model, problems = validate(Questionnaire, data, smap)
    if model is None:  # a broken built-in questionnaire is a bug in egovkit, not user input
        raise RuntimeError(f"built-in questionnaire is invalid: {problems}")
    return model


def questionnaires() -> dict[str, Questionnaire]:
    q = builtin()
    return {q.id: q}
