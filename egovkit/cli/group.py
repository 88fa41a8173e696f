"""A command group that answers a bare call (``egovkit``, ``egovkit plan``) with its help.

The help goes to stdout with exit code 0: asking what a command can do is not a usage
error (click would print it to stderr and exit 2).
"""

from __future__ import annotations

import typer
from typer.core import TyperGroup


class HelpGroup(TyperGroup):
    def parse_args(self, ctx, args: list[str]) -> list[str]:  # type: ignore[override]
        if not args and self.no_args_is_help and not ctx.resilient_parsing:
            typer.echo(ctx.get_help(), color=ctx.color)
            ctx.exit(0)
        return super().parse_args(ctx, args)
