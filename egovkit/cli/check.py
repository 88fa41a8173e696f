"""`egovkit check`."""

from __future__ import annotations

import datetime as dt
import sys
from enum import StrEnum
from pathlib import Path

import typer

from egovkit.checking import check as run_check
from egovkit.cli.console import stderr_console, stdout_console
from egovkit.cli.errors import fail
from egovkit.dates import parse_date_arg
from egovkit.formats import FORMATS
from egovkit.formats.text import summary
from egovkit.load import RepoError


class Format(StrEnum):
    text = "text"
    json = "json"
    github = "github"
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
        None, "--today", help="Re-planning date YYYY-MM-DD (or TT.MM.JJJJ) for deadline checks."
    ),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks of internal errors."),
) -> None:
    """Validate a strategy repository and report findings with file:line:column.

    Exit codes: 0 no errors, 1 errors (or warnings with --strict), 2 usage error or
    unreadable repository.
    """
    status_date = _parse_date(today) if today else None
    try:
        result = run_check(path, _codes(select), _codes(ignore), today=status_date)
    except RepoError as exc:
        raise fail(str(exc)) from None
    output = FORMATS[format.value](result.diagnostics)
    if format is Format.text:
        if output:
            stdout_console().print(output, end="")
        stderr_console().print(summary(result.diagnostics, result.files))
    else:
        sys.stdout.write(output)
    if result.failed(strict) and not exit_zero:
        raise typer.Exit(code=1)


def _parse_date(value: str) -> dt.date:
    try:
        return parse_date_arg(value)
    except ValueError as exc:
        raise fail(f"--today: {exc}") from None
