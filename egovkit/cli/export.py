"""`egovkit export FORMAT [PATH]`: the plan in another tool's format, to stdout or ``-o FILE``."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path

import typer

from egovkit.cli.errors import fail
from egovkit.cli.messages import Messages
from egovkit.cli.plan import Lang


class Format(StrEnum):
    tjp = "tjp"
    ics = "ics"
    xlsx = "xlsx"
    csv = "csv"
    json = "json"
    mermaid = "mermaid"
    dot = "dot"


class Diagram(StrEnum):
    gantt = "gantt"
    flowchart = "flowchart"


_FORMAT_HELP = (
    "tjp (TaskJuggler 3), ics (iCalendar), xlsx (Excel, needs -o), csv, json, "
    "mermaid (.mmd), dot (Graphviz)."
)


def export(
    format: Format = typer.Argument(..., help=_FORMAT_HELP, case_sensitive=False),
    path: Path = typer.Argument(Path("."), help="Strategy repository (folder with strategy.yaml)."),
    output: Path = typer.Option(
        None,
        "--output",
        "-o",
        help="File to write (atomically), outside the strategy repository; default stdout.",
    ),
    today: str = typer.Option(
        None,
        "--today",
        help="Re-planning date (YYYY-MM-DD or TT.MM.JJJJ); default planning.status_date.",
    ),
    lang: Lang = typer.Option(
        None,
        "--lang",
        help="Language of names and headers (default from strategy.yaml: de); csv: de writes "
        "';' and a BOM for Excel, en writes ','.",
    ),
    diagram: Diagram = typer.Option(
        Diagram.gantt, "--diagram", help="mermaid only: the gantt or the dependency flowchart."
    ),
    no_cache: bool = typer.Option(False, "--no-cache", help="Parse every file; no parse cache."),
) -> None:
    """Export the schedule to another tool: TaskJuggler, calendars, Excel, CSV, JSON, Mermaid,
    Graphviz. Nothing is written when the repository has errors (exit 1)."""
    from egovkit.cli.plan import _plan
    from egovkit.export import FORMATS
    from egovkit.export import export as run_export
    from egovkit.output_file import write_file
    from egovkit.render.locale import Locale

    info = FORMATS[format.value]
    if info.binary and output is None:
        raise fail(
            f"{format.value} is a binary format: write it to a file with -o FILE.{info.extension}"
        )
    if diagram is not Diagram.gantt and format is not Format.mermaid:
        raise fail("--diagram: only for the mermaid format")
    say = Messages(lang.value if lang else None)
    result = _plan(path, today, say, cache=not no_cache)
    language = lang.value if lang else result.workspace.strategy.model.planning.language.value
    content = run_export(
        format.value, result.plan, result.workspace, Locale.for_language(language), diagram.value
    )
    if output is None:
        data = content.encode("utf-8") if isinstance(content, str) else content
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    try:
        write_file(output, content, protect=path)
    except OSError as exc:
        raise fail(f"{output}: cannot write: {exc.strerror}") from None
