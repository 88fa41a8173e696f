"""`egovkit schema`."""

from __future__ import annotations

from pathlib import Path

import typer

from egovkit.cli.errors import fail
from egovkit.output import OutputError, write_tree
from egovkit.schemas import schema_files


def schema(
    out: Path = typer.Option(Path("schemas"), "--output", "-o", help="Folder to write into."),
) -> None:
    """Write JSON Schemas of every file kind, for editors (yaml-language-server)."""
    files = schema_files()
    try:
        write_tree(out, files, replace=False)
    except OutputError as exc:
        raise fail(str(exc)) from None
    for name in sorted(files):
        typer.echo(str(out / name))
