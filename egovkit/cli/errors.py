"""The one error branch that means "tell the user and stop" (exit code 2)."""

from __future__ import annotations

import typer

from egovkit.textsafe import terminal_text


def fail(message: str) -> typer.Exit:
    """Print one line to stderr and return the Exit to raise (exit code 2)."""
    typer.echo(f"egovkit: {terminal_text(message)}", err=True)
    return typer.Exit(code=2)
