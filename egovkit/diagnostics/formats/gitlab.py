"""``--format gitlab``: GitLab's code-quality report (the Code Climate JSON subset GitLab
reads), so merge requests show findings inline (``artifacts: reports: codequality``).

Fingerprints are stable: a finding's rule, file and message, plus a counter for identical
ones; the line is left out, so a finding that only moves (a line added above it) keeps its
fingerprint and GitLab does not report it as fixed and new.
"""

from __future__ import annotations

import hashlib
import json

from egovkit.diagnostics.codes import RULES
from egovkit.diagnostics.record import Diagnostic, Severity

_SEVERITY = {Severity.error: "major", Severity.warning: "minor", Severity.info: "info"}


def render(diagnostics: list[Diagnostic]) -> str:
    seen: dict[tuple[str, str, str], int] = {}
    issues = []
    for d in diagnostics:
        key = (d.code, d.location.path, d.message)
        n = seen[key] = seen.get(key, 0) + 1
        digest = hashlib.sha256("\0".join((*key, str(n))).encode("utf-8")).hexdigest()
        issues.append(
            {
                "description": f"{d.code} {d.message}",
                "check_name": f"egovkit/{d.code}-{RULES[d.code].name}",
                "fingerprint": digest,
                "severity": _SEVERITY[d.severity],
                "location": {"path": d.location.path, "lines": {"begin": d.location.line or 1}},
            }
        )
    return json.dumps(issues, ensure_ascii=False, indent=2) + "\n"
