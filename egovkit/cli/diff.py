"""`egovkit diff`: what changed in the plan between two revisions."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path

import typer


class DiffFormat(StrEnum):
    text = "text"
    md = "md"
    json = "json"


def diff(
    rev1: str = typer.Argument(..., help="The older revision (tag, branch, commit)."),
    rev2: str = typer.Argument(None, help="The newer revision; default the working tree."),
    path: Path = typer.Option(Path("."), "--path", "-C", help="Strategy repository."),
    format: DiffFormat = typer.Option(DiffFormat.text, "--format", "-f", help="text, md or json."),
    today: str = typer.Option(None, "--today", help="Re-planning date for both plans."),
) -> None:
    """Measures added, removed or renamed, changed fields and dependencies, schedule shifts
    in working days, critical-path and deadline changes between REV1 and REV2."""
    from egovkit.cli.dates import today_option
    from egovkit.history import snapshot
    from egovkit.history.diff import plan_diff, to_json, to_markdown, to_text
    from egovkit.history.git import Git
    from egovkit.textsafe import terminal_lines

    day = today_option(today)
    git = Git(path)
    old = snapshot.at(git, rev1, day, label=rev1)
    new = snapshot.at(git, rev2, day, label=rev2 or "working tree")
    result = plan_diff(old, new)
    if format is DiffFormat.json:
        sys.stdout.write(to_json(result))
    elif format is DiffFormat.md:
        sys.stdout.write(to_markdown(result))
    else:
        sys.stdout.write(terminal_lines(to_text(result)))
