"""`egovkit plan build` and `egovkit plan show`."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path

import typer

from egovkit.cli.dates import today_option
from egovkit.cli.errors import fail
from egovkit.cli.group import HelpGroup

app = typer.Typer(
    help="Schedule the measures and render the implementation plan.",
    cls=HelpGroup,  # a bare `egovkit plan` prints this help, exit 0
    no_args_is_help=True,
)

FORMATS = ("md", "html")
_MIN_WIDTH = {"#": 2, "start": 10, "finish": 10, "slack": 5, "critical": 3, "deadline": 10}
_TODAY_HELP = "Re-planning date (YYYY-MM-DD or TT.MM.JJJJ); default planning.status_date."
_PATH_HELP = "Strategy repository (folder with strategy.yaml)."
_NO_CACHE_HELP = "Parse every file; neither read nor write the parse cache."


class ShowFormat(StrEnum):
    table = "table"
    json = "json"


class Lang(StrEnum):
    de = "de"
    en = "en"


def _plan(path: Path, today: str | None, cache: bool = True):
    """The checked plan, or exit 1 after printing the findings that stand in its way."""
    from egovkit.cli.console import stderr_console
    from egovkit.diagnostics.formats.text import render as render_findings
    from egovkit.diagnostics.formats.text import summary
    from egovkit.diagnostics.record import Severity
    from egovkit.pipeline import PlanError, plan

    try:
        result = plan(path, today_option(today), cache=cache)
    except PlanError as exc:
        err = stderr_console()
        err.print(render_findings(exc.result.diagnostics), end="")
        err.print(summary(exc.result.diagnostics, exc.result.files))
        err.print("No plan built: fix the errors above (egovkit check shows them too).")
        raise typer.Exit(code=exc.exit_code) from None
    problems = [d for d in result.diagnostics if d.severity is not Severity.info]
    if problems:  # problems of the plan: shown, and shown in the plan, never hiding it
        err = stderr_console()
        err.print(render_findings(problems), end="")
        err.print(
            f"The plan shows {len(problems)} problem(s) above; `egovkit check` reports them "
            "with the exit code your checks: settings ask for."
        )
    return result


@app.command()
def build(
    path: Path = typer.Argument(Path("."), help=_PATH_HELP),
    output: Path = typer.Option(
        Path("out"),
        "--output",
        "-o",
        help="Output folder, outside the strategy repository; a rebuild keeps your own files.",
    ),
    lang: Lang = typer.Option(None, "--lang", help="Language; default from strategy.yaml (de)."),
    format: str = typer.Option("md,html", "--format", "-f", help="Comma-separated: md, html."),
    today: str = typer.Option(None, "--today", help=_TODAY_HELP),
    no_cache: bool = typer.Option(False, "--no-cache", help=_NO_CACHE_HELP),
) -> None:
    """Build the implementation plan as Markdown and HTML into the output folder.

    Nothing is written when the repository has errors; every file is replaced atomically.
    """
    from rich.markup import escape

    from egovkit.cli.console import stderr_console
    from egovkit.diagnostics.codes import finding
    from egovkit.diagnostics.formats.text import render as render_findings
    from egovkit.diagnostics.record import Location
    from egovkit.load.templates import TemplateFailure
    from egovkit.output import write_tree
    from egovkit.pipeline import render
    from egovkit.render.locale import Locale
    from egovkit.textsafe import terminal_text

    formats = [f.strip().lower() for f in format.split(",") if f.strip()]
    unknown = sorted(set(formats) - set(FORMATS))
    if unknown or not formats:
        raise fail(f"--format: unknown format {', '.join(unknown) or '(none)'}; use md, html")
    result = _plan(path, today, cache=not no_cache)
    try:
        files = render(result, Locale.for_language(lang.value) if lang else None, formats)
    except TemplateFailure as failure:
        problem = finding("T001", failure.message, Location(failure.path, failure.line))
        stderr_console().print(render_findings([problem]), end="")
        stderr_console().print("No plan built: fix the template above.")
        raise typer.Exit(code=1) from None
    try:
        write_tree(output, files, replace=True, protect=path)
    except OSError as exc:
        raise fail(f"{output}: cannot write output: {exc.strerror}") from None
    plan = result.plan
    stderr_console().print(
        f"Plan for {len(plan.measures)} measures ({plan.start:%d.%m.%Y}–{plan.finish:%d.%m.%Y}, "
        f"Stand {plan.status_date:%d.%m.%Y}) written to {escape(terminal_text(str(output)))}/: "
        + ", ".join(sorted(n for n in files if "/" not in n))
    )


@app.command()
def show(
    path: Path = typer.Argument(Path("."), help=_PATH_HELP),
    format: ShowFormat = typer.Option(ShowFormat.table, "--format", "-f", help="table or json."),
    today: str = typer.Option(None, "--today", help=_TODAY_HELP),
    no_cache: bool = typer.Option(False, "--no-cache", help=_NO_CACHE_HELP),
) -> None:
    """Show the dependency order and schedule in the terminal (or as JSON for scripts)."""
    from egovkit.export import plan_json

    plan = _plan(path, today, cache=not no_cache).plan
    if format is ShowFormat.json:
        sys.stdout.write(plan_json.render(plan))
        return
    _print_table(plan)


def _print_table(plan) -> None:
    from rich.markup import escape
    from rich.table import Table

    from egovkit.cli.console import stdout_console
    from egovkit.export import plan_json
    from egovkit.textsafe import terminal_text

    table = Table(
        title=f"Schedule (Stand {plan.status_date.isoformat()}, critical path: "
        f"{' → '.join(plan.critical_path) or '-'})",
        title_justify="left",
    )
    columns = ("#", "id", "title", "status", "start", "finish", "slack", "critical", "deadline")
    for column in columns:
        table.add_column(
            column,
            justify="right" if column in ("#", "slack") else "left",
            no_wrap=column != "title",
            overflow="fold",
            min_width=_MIN_WIDTH.get(column),
        )
    for m in plan.measures:
        status = plan_json.deadline_status(m)
        deadline = "-" if m.deadline is None else m.deadline.isoformat()
        if status == "late":
            deadline += f" [red]late {m.deadline_slip} wd[/]"
        elif status == "on_time":
            deadline += " [green]ok[/]"
        table.add_row(
            str(m.order + 1),
            m.id,
            escape(terminal_text(m.title)),
            m.status.value,
            m.start.isoformat(),
            m.finish.isoformat(),
            str(m.slack),
            "[bold red]yes[/]" if m.critical else "no",
            deadline,
        )
    console = stdout_console()
    console.soft_wrap = False
    if not console.is_terminal:
        console.width = 160  # piped or redirected: room for every column
    console.print(table)
