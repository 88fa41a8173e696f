"""The one error branch that means "tell the user and stop" (exit code 2)."""

from __future__ import annotations

import typer


def fail(message: str) -> typer.Exit:
    """Print one line to stderr and return the Exit to raise (exit code 2)."""
    typer.echo(f"egovkit: {message}", err=True)
    return typer.Exit(code=2)
