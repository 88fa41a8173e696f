"""`egovkit plan build` and `egovkit plan show`."""

from __future__ import annotations

import typer

app = typer.Typer(
    help="Schedule the measures and render the implementation plan.", no_args_is_help=True
)
