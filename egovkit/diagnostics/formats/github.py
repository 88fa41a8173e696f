"""``--format github``: GitHub Actions workflow commands, one annotation per finding."""

from __future__ import annotations

from egovkit.diagnostics.codes import RULES
from egovkit.diagnostics.record import Diagnostic, Severity

_LEVEL = {Severity.error: "error", Severity.warning: "warning", Severity.info: "notice"}


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def render(diagnostics: list[Diagnostic]) -> str:
    lines = []
    for d in diagnostics:
        props = [f"file={_escape_property(d.location.path)}"]
        # File-level findings go on line 1, so the pull request shows them on the file.
        props.append(f"line={d.location.line or 1}")
        if d.location.column is not None:
            props.append(f"col={d.location.column}")
        props.append(f"title={_escape_property(f'egovkit ({d.code} {RULES[d.code].name})')}")
        lines.append(f"::{_LEVEL[d.severity]} {','.join(props)}::{_escape_data(d.message)}")
    return "".join(line + "\n" for line in lines)
