"""`egovkit check`."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path

import typer

from egovkit.cli.dates import today_option


class Format(StrEnum):
    text = "text"
    json = "json"
    github = "github"
    gitlab = "gitlab"
    sarif = "sarif"


def _codes(values: list[str] | None) -> list[str]:
    return [part.strip().upper() for v in values or [] for part in v.split(",") if part.strip()]


def check(
    path: Path = typer.Argument(Path("."), help="Strategy repository (folder with strategy.yaml)."),
    format: Format = typer.Option(Format.text, "--format", "-f", help="Output format."),
    strict: bool = typer.Option(False, "--strict", help="Fail (exit 1) on warnings too."),
    exit_zero: bool = typer.Option(False, "--exit-zero", help="Exit 0 even if findings fail."),
    select: list[str] = typer.Option(
        None, "--select", help="Only these codes or prefixes, e.g. R,G002 (repeatable)."
    ),
    ignore: list[str] = typer.Option(
        None, "--ignore", help="Skip these codes or prefixes, e.g. C003 (repeatable)."
    ),
    today: str = typer.Option(
        None,
        "--today",
        help="Re-planning date (YYYY-MM-DD or TT.MM.JJJJ) for deadline checks.",
    ),
    no_cache: bool = typer.Option(
        False,
        "--no-cache",
        help="Compute afresh: neither read nor write the parse cache or result memo.",
    ),
) -> None:
    """Validate a strategy repository and report findings with file:line:column.

    Exit codes: 0 no errors, 1 errors (or warnings with --strict), 2 usage error or
    unreadable repository.
    """
    from egovkit.cli import findings_exit
    from egovkit.cli.console import stderr_console, stdout_console
    from egovkit.diagnostics.formats import FORMATS
    from egovkit.diagnostics.formats.text import summary
    from egovkit.pipeline import findings

    result = findings(
        path, _codes(select), _codes(ignore), today=today_option(today), cache=not no_cache
    )
    output = FORMATS[format.value](result.diagnostics)
    if format is Format.text:
        if output:
            stdout_console().print(output, end="")
        stderr_console().print(summary(result.diagnostics, result.files))
    else:
        sys.stdout.write(output)
    raise typer.Exit(findings_exit(result.failed(strict), exit_zero))
