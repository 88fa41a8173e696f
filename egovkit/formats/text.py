"""``--format text``: findings grouped by file, one greppable line each."""

from __future__ import annotations

from itertools import groupby

from rich.markup import escape

from egovkit.diagnostics import Diagnostic, Severity

_STYLE = {Severity.error: "bold red", Severity.warning: "yellow", Severity.info: "cyan"}


def render(diagnostics: list[Diagnostic]) -> str:
    """Rich markup; the CLI prints it with or without colour."""
    blocks = []
    for path, group in groupby(diagnostics, key=lambda d: d.location.path):
        lines = [f"[bold underline]{escape(path)}[/]"]
        for d in group:
            pos = f"{d.location.line or '-'}:{d.location.column or '-'}"
            style = _STYLE[d.severity]
            lines.append(
                f"  {escape(path)}:{pos} [{style}]{d.severity.value}[/] "
                f"[bold]{d.code}[/] {escape(d.message)} [dim]({d.name})[/]"
            )
            for r in d.related:
                lines.append(f"      [dim]{escape(str(r.location))}: {escape(r.note)}[/]")
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
