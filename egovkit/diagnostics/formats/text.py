"""``--format text``: findings grouped by file, one greppable line each.

Every piece of data (paths, messages, notes) goes through :func:`_data`: control characters
made visible (:func:`egovkit.textsafe.terminal_text`), then Rich markup escaped.
"""

from __future__ import annotations

from itertools import groupby

from rich.markup import escape

from egovkit.diagnostics.codes import RULES
from egovkit.diagnostics.record import Diagnostic, Severity
from egovkit.textsafe import terminal_text

__all__ = ["render", "summary", "terminal_text"]

_STYLE = {Severity.error: "bold red", Severity.warning: "yellow", Severity.info: "cyan"}


def _data(value: object) -> str:
    """User text for a line of Rich markup: one line, no control characters, no markup."""
    return escape(terminal_text(value))


def render(diagnostics: list[Diagnostic]) -> str:
    """Rich markup; the CLI prints it with or without colour."""
    blocks = []
    for path, group in groupby(diagnostics, key=lambda d: d.location.path):
        lines = [f"[bold underline]{_data(path)}[/]"]
        for d in group:
            pos = f"{d.location.line or '-'}:{d.location.column or '-'}"
            style = _STYLE[d.severity]
            lines.append(
                f"  {_data(path)}:{pos} [{style}]{d.severity.value}[/] "
                f"[bold]{d.code}[/] {_data(d.message)} [dim]({RULES[d.code].name})[/]"
            )
            for r in d.related:
                lines.append(f"      [dim]{_data(r.location)}: {_data(r.note)}[/]")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + ("\n" if blocks else "")


def summary(diagnostics: list[Diagnostic], files: int) -> str:
    errors = sum(d.severity is Severity.error for d in diagnostics)
    warnings = sum(d.severity is Severity.warning for d in diagnostics)
    notes = len(diagnostics) - errors - warnings
    tail = f" ({notes} note{'s' if notes != 1 else ''})" if notes else ""
    if not errors and not warnings:
        return f"All checks passed: {files} files, no errors, no warnings{tail}."
    return f"{errors} error(s), {warnings} warning(s) in {files} files{tail}."
