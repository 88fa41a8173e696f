"""`egovkit schema`."""

from __future__ import annotations

from pathlib import Path

import typer


def schema(
    out: Path = typer.Option(Path("schemas"), "--output", "-o", help="Folder to write into."),
) -> None:
    """Write JSON Schemas of every file kind, for editors (yaml-language-server)."""
    from egovkit.model.jsonschema import schema_files
    from egovkit.output import write_tree

    files = schema_files()
    write_tree(out, files, replace=False)
    for name in sorted(files):
        typer.echo(str(out / name))
