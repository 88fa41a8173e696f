"""``--format json``: a flat array of findings; keys are a contract (add, never rename)."""

from __future__ import annotations

import json

from egovkit.diagnostics.codes import RULES
from egovkit.diagnostics.record import Diagnostic


def as_dict(d: Diagnostic) -> dict:
    return {
        "code": d.code,
        "name": RULES[d.code].name,
        "severity": d.severity.value,
        "message": d.message,
        "path": d.location.path,
        "line": d.location.line,
        "column": d.location.column,
        "related": [
            {
                "path": r.location.path,
                "line": r.location.line,
                "column": r.location.column,
                "note": r.note,
            }
            for r in d.related
        ],
    }


def render(diagnostics: list[Diagnostic]) -> str:
    return json.dumps([as_dict(d) for d in diagnostics], ensure_ascii=False, indent=2) + "\n"
