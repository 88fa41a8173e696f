"""Output formats for `egovkit check`: each turns a sorted list of findings into text."""

from __future__ import annotations

from collections.abc import Callable

from egovkit.diagnostics import Diagnostic
from egovkit.formats import github, json, sarif, text

Formatter = Callable[[list[Diagnostic]], str]

FORMATS: dict[str, Formatter] = {
    "text": text.render,
    "json": json.render,
    "github": github.render,
    "sarif": sarif.render,
}
