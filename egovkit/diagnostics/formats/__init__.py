"""Output formats for `egovkit check`: each turns a sorted list of findings into text."""

from __future__ import annotations

from collections.abc import Callable

from egovkit.diagnostics.formats import github, gitlab, json, sarif, text
from egovkit.diagnostics.record import Diagnostic

Formatter = Callable[[list[Diagnostic]], str]

FORMATS: dict[str, Formatter] = {
    "text": text.render,
    "json": json.render,
    "github": github.render,
    "gitlab": gitlab.render,
    "sarif": sarif.render,
}
