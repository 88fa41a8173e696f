"""`egovkit plan build` and `egovkit plan show`."""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import NoReturn

import typer

from egovkit.cli.dates import today_option
from egovkit.cli.errors import fail
from egovkit.cli.group import HelpGroup
from egovkit.cli.messages import Messages

app = typer.Typer(
    help="Schedule the measures and render the implementation plan.",
    cls=HelpGroup,  # a bare `egovkit plan` prints this help, exit 0
    no_args_is_help=True,
)

FORMATS = ("md", "html", "pdf")
_TODAY_HELP = "Re-planning date (YYYY-MM-DD or TT.MM.JJJJ); default planning.status_date."
_PATH_HELP = "Strategy repository (folder with strategy.yaml)."
_BUILD_LANG_HELP = (
    "Language of the plan (default from strategy.yaml: de) and of these messages (default en)."
)
_SHOW_LANG_HELP = "Language of the table and messages: en (default, ISO dates) or de."
_NO_CACHE_HELP = "Compute afresh: neither read nor write the parse cache or result memo."


class ShowFormat(StrEnum):
    table = "table"
    json = "json"


class GroupBy(StrEnum):
    field = "field"
    project = "project"


class Lang(StrEnum):
    de = "de"
    en = "en"


def _plan(path: Path, today: str | None, say: Messages, cache: bool = True):
    """The checked plan, or exit 1 after printing the findings that stand in its way."""
    from egovkit.pipeline import PlanError, plan

    try:
        result = plan(path, today_option(today), cache=cache)
    except PlanError as exc:
        _no_plan(exc.result.diagnostics, exc.result.files, say)
    _problems(result.diagnostics, say)
    return result


def _no_plan(diagnostics, files: int, say: Messages) -> NoReturn:
    """Print the findings that stand in the plan's way, and exit 1."""
    from egovkit.cli.console import stderr_console
    from egovkit.diagnostics.formats.text import render as render_findings
    from egovkit.diagnostics.formats.text import summary

    err = stderr_console()
    err.print(render_findings(diagnostics), end="")
    err.print(summary(diagnostics, files))
    err.print(say("no_plan"))
    raise typer.Exit(code=1)


def _problems(diagnostics, say: Messages) -> None:
    """Print the problems of a plan: shown, and shown in the plan, never hiding it."""
    from egovkit.diagnostics.record import Severity

    problems = [d for d in diagnostics if d.severity is not Severity.info]
    if problems:
        from egovkit.cli.console import stderr_console
        from egovkit.diagnostics.formats.text import render as render_findings

        err = stderr_console()
        err.print(render_findings(problems), end="")
        err.print(say("problems", count=len(problems)))


@app.command()
def build(
    path: Path = typer.Argument(Path("."), help=_PATH_HELP),
    output: Path = typer.Option(
        None,
        "--output",
        "-o",
        help="Output folder, outside the strategy repository; a rebuild keeps your own files. "
        "Default: out, or <repository>-plan beside the repository when out would lie inside it.",
    ),
    lang: Lang = typer.Option(None, "--lang", help=_BUILD_LANG_HELP),
    format: str = typer.Option(
        "md,html",
        "--format",
        "-f",
        help="Comma-separated: md, html, pdf (the council handout; needs egovkit[pdf]).",
    ),
    group_by: GroupBy = typer.Option(
        GroupBy.field, "--group-by", help="Group the Gantt by field of action or by project."
    ),
    baseline: str = typer.Option(
        None,
        "--baseline",
        help="Compare with a baseline: a name from strategy.yaml's baselines, or a git "
        "revision; draws its bars behind the current ones and adds a slippage table.",
    ),
    today: str = typer.Option(None, "--today", help=_TODAY_HELP),
    no_cache: bool = typer.Option(False, "--no-cache", help=_NO_CACHE_HELP),
) -> None:
    """Build the implementation plan as Markdown, HTML and (with --format pdf) the council
    handout PDF into the output folder.

    Nothing is written when the repository has errors; every file is replaced atomically.
    """
    from egovkit.cli.console import stderr_console
    from egovkit.diagnostics.codes import finding
    from egovkit.diagnostics.formats.text import render as render_findings
    from egovkit.diagnostics.record import Location
    from egovkit.load.templates import TemplateFailure
    from egovkit.output import write_tree
    from egovkit.pipeline import plan_files
    from egovkit.render.locale import Locale

    formats = [f.strip().lower() for f in format.split(",") if f.strip()]
    unknown = sorted(set(formats) - set(FORMATS))
    if unknown or not formats:
        raise fail(f"--format: unknown format {', '.join(unknown) or '(none)'}; use md, html, pdf")
    say = Messages(lang.value if lang else None)
    result = _plan(path, today, say, cache=not no_cache)
    output = output if output is not None else default_output(path)
    try:
        locale = Locale.for_language(lang.value) if lang else None
        base = _baseline(path, result, baseline) if baseline else None
        from egovkit.cli.progress import working

        with working("rendering the PDF" if "pdf" in formats else "rendering"):
            files = plan_files(result, locale, formats, group_by=group_by.value, base=base)
            written = write_tree(output, files, replace=True, protect=path)
    except TemplateFailure as failure:
        problem = finding("T001", failure.message, Location(failure.path, failure.line))
        stderr_console().print(render_findings([problem]), end="")
        stderr_console().print(say("no_plan_template"))
        raise typer.Exit(code=1) from None
    except OSError as exc:
        raise fail(f"{output}: cannot write output: {exc.strerror}") from None
    _report_build(result.plan, say, output, written)


def _baseline(path: Path, result, name: str):
    """(name, commit, plan) of the baseline ``name``: one of strategy.yaml's ``baselines``
    by name, else a git revision."""
    from egovkit.history import snapshot
    from egovkit.history.git import Git

    named = {b.name: b.rev for b in result.workspace.strategy.model.baselines}
    rev = named.get(name, name)
    base = snapshot.at(Git(path), rev, None, label=name)
    return name, base.rev, base.result.plan


def default_output(repo: Path) -> Path:
    """``out`` in the current folder, unless that lies inside the strategy repository (egovkit
    never writes into the repository it reads): then ``<repository>-plan`` beside it.

    Judged both as written and with links resolved, so a link named ``out`` that the
    repository carries can never choose where egovkit writes."""
    root = repo.resolve()
    lexical = Path(os.path.abspath("out"))
    absolute_repo = Path(os.path.abspath(repo))
    inside = any(
        p == r or p.is_relative_to(r)
        for p in (lexical, Path("out").resolve())
        for r in (root, absolute_repo)
    )
    return root.parent / f"{root.name}-plan" if inside else Path("out")


@app.command()
def show(
    path: Path = typer.Argument(Path("."), help=_PATH_HELP),
    format: ShowFormat = typer.Option(ShowFormat.table, "--format", "-f", help="table or json."),
    today: str = typer.Option(None, "--today", help=_TODAY_HELP),
    lang: Lang = typer.Option(None, "--lang", help=_SHOW_LANG_HELP),
    no_cache: bool = typer.Option(False, "--no-cache", help=_NO_CACHE_HELP),
) -> None:
    """Show the dependency order and schedule in the terminal (or as JSON for scripts).

    The table fits the terminal; piped, it is as wide as COLUMNS says, else 100 columns.
    """
    language = lang.value if lang else None
    say = Messages(language)
    if format is ShowFormat.json:  # remembered while the repository is unchanged
        from egovkit.pipeline import schedule_json

        shown = schedule_json(path, today_option(today), cache=not no_cache)
        if shown.json is None:
            _no_plan(shown.diagnostics, shown.files, say)
        _problems(shown.diagnostics, say)
        sys.stdout.write(shown.json)
        return
    from egovkit.cli.schedule_table import print_schedule

    print_schedule(_plan(path, today, say, cache=not no_cache).plan, language)


def _report_build(plan, say: Messages, output: Path, files: list[str]) -> None:
    """One line on what was written where, and one on the deadlines exceeded, if any."""
    from rich.markup import escape

    from egovkit.cli.console import stderr_console
    from egovkit.plan.deadlines import Verdict
    from egovkit.textsafe import terminal_text

    err = stderr_console()
    err.print(
        say(
            "written",
            count=len(plan.measures),
            start=say.date(plan.start),
            finish=say.date(plan.finish),
            status=say.date(plan.status_date),
            output=escape(terminal_text(f"{output}/")),
            files=", ".join(sorted(n for n in files if "/" not in n)),
        )
    )
    verdicts = [v.verdict for m in plan.measures for v in m.deadlines]
    overdue, at_risk = verdicts.count(Verdict.overdue), verdicts.count(Verdict.at_risk)
    if overdue or at_risk:
        err.print(say("late", overdue=overdue, at_risk=at_risk))
