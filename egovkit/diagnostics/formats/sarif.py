"""``--format sarif``: SARIF 2.1.0 for code-scanning tools."""

from __future__ import annotations

import json
from urllib.parse import quote

from egovkit import __version__
from egovkit.diagnostics.codes import RULES
from egovkit.diagnostics.record import Diagnostic, Location, Severity

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
DOCS = "https://github.com/egovkit/egovkit/blob/main/docs/rules.md"
_LEVEL = {Severity.error: "error", Severity.warning: "warning", Severity.info: "note"}


def artifact_uri(path: str) -> str:
    """A repository-relative path as a relative URI reference (RFC 3986): ``/`` stays, every
    other reserved, non-ASCII or control character is percent-encoded (``a b#1.yaml`` →
    ``a%20b%231.yaml``), so viewers neither cut it at ``#`` or ``?`` nor read ``%41`` as ``A``.
    """
    return quote(path, safe="/", errors="surrogateescape")


def _location(loc: Location, message: str | None = None) -> dict:
    uri = artifact_uri(loc.path)
    physical: dict = {"artifactLocation": {"uri": uri, "uriBaseId": "%SRCROOT%"}}
    if loc.line is not None:
        region = {"startLine": loc.line}
        if loc.column is not None:
            region["startColumn"] = loc.column
        physical["region"] = region
    out: dict = {"physicalLocation": physical}
    if message is not None:
        out["message"] = {"text": message}
    return out


def render(diagnostics: list[Diagnostic]) -> str:
    codes = sorted(RULES)
    index = {code: i for i, code in enumerate(codes)}
    rules = [
        {
            "id": code,
            "name": RULES[code].name,
            "shortDescription": {"text": RULES[code].summary},
            "helpUri": f"{DOCS}#{code.lower()}-{RULES[code].name}",
            "defaultConfiguration": {"level": _LEVEL[RULES[code].severity]},
        }
        for code in codes
    ]
    results = []
    for d in diagnostics:
        result = {
            "ruleId": d.code,
            "ruleIndex": index[d.code],
            "level": _LEVEL[d.severity],
            "message": {"text": d.message},
            "locations": [_location(d.location)],
        }
        if d.related:
            result["relatedLocations"] = [
                {"id": i, **_location(r.location, r.note)} for i, r in enumerate(d.related)
            ]
        results.append(result)
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "egovkit",
                        "version": __version__,
                        "informationUri": "https://github.com/egovkit/egovkit",
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"
