"""`egovkit init`: create a strategy repository that checks clean at once.

Exit codes: 0 written (and the new repository checks without errors), 1 written but the check
finds errors (only possible with --force, when files that were kept do not fit), 2 usage
error (a non-empty folder without --force, a bad date or name); nothing is written then.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

STATES = [
    "BB",
    "BE",
    "BW",
    "BY",
    "HB",
    "HE",
    "HH",
    "MV",
    "NI",
    "NW",
    "RP",
    "SH",
    "SL",
    "SN",
    "ST",
    "TH",
]
KINDS = [
    "gemeinde",
    "stadt",
    "kreisstadt",
    "grosse_kreisstadt",
    "kreisfreie_stadt",
    "kreis",
    "verband",
]
Land = StrEnum("Land", {code: code for code in STATES})  # type: ignore[misc]
Kind = StrEnum("Kind", {kind: kind for kind in KINDS})  # type: ignore[misc]


def init(
    directory: Path = typer.Argument(
        ..., metavar="DIR", help="Folder for the new repository (new or empty)."
    ),
    municipality: str = typer.Option(
        ..., "--municipality", help='Official name, e.g. "Gemeinde Musterstadt".'
    ),
    state: Land = typer.Option(..., "--state", help="Land as ISO 3166-2:DE code, e.g. NW."),
    kind: Kind = typer.Option("stadt", "--kind", help="Kind of municipality."),
    with_catalog: bool = typer.Option(
        False,
        "--with-catalog",
        help="Add the catalog's legally required measures for the Land, and what they need "
        "first, with their dependencies and legal deadlines.",
    ),
    start: str = typer.Option(
        None, "--start", help="Planning start (YYYY-MM-DD or TT.MM.JJJJ); default today."
    ),
    force: bool = typer.Option(
        False,
        "--force",
        help="Write into a folder that is not empty: missing files are added, existing ones "
        "are kept as they are (nothing is replaced or deleted).",
    ),
) -> None:
    """Create a strategy repository in DIR: strategy.yaml (Leitbild, fields of action with a
    goal each, horizon of five years), organization.yaml, optionally the catalog's required
    measures, a README for the staff, .gitignore, a pre-commit hook and CI examples for GitHub
    and GitLab."""
    import datetime as dt

    from rich.markup import escape

    from egovkit.cli.console import stderr_console, stdout_console
    from egovkit.cli.edit import _day
    from egovkit.diagnostics.formats.text import render as render_findings
    from egovkit.diagnostics.record import Severity
    from egovkit.edit.scaffold import InitOptions, clean_name, scaffold, write_repository
    from egovkit.model.strategy import MunicipalityKind
    from egovkit.model.types import State
    from egovkit.pipeline import check
    from egovkit.textsafe import terminal_text

    options = InitOptions(
        name=clean_name(municipality),
        state=State(state.value),
        start=_day(start, "--start") if start is not None else dt.date.today(),
        kind=MunicipalityKind(kind.value),
        with_catalog=with_catalog,
    )
    made = scaffold(options)
    kept = write_repository(directory, made.files, force)
    out, err = stdout_console(), stderr_console()
    written = len(made.files) - len(kept)
    measures = sum(1 for rel in made.files if rel.startswith("measures/"))
    out.print(escape(terminal_text(f"{directory}: {written} files written ({measures} measures)")))
    for rel in kept:
        err.print(escape(terminal_text(f"kept: {rel} exists already; not replaced")))
    for note in made.notes:
        err.print(escape(terminal_text(f"note: {note}")))
    result = check(directory)
    found = [d for d in result.diagnostics if d.severity is not Severity.info]
    if found:
        err.print(render_findings(found), end="")
    if any(d.severity is Severity.error for d in found):
        raise typer.Exit(1)
    out.print(
        escape(
            terminal_text(
                f"Next: edit the Leitbild and organization.yaml, then egovkit check {directory} "
                f"and egovkit plan build {directory} (README.md says more)"
            )
        )
    )
