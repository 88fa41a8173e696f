"""`egovkit report status`: the Sachstandsbericht from the repository's git history."""

from __future__ import annotations

from pathlib import Path

import typer

from egovkit.cli.errors import fail
from egovkit.cli.group import HelpGroup

app = typer.Typer(
    help="Reports from the repository's history (git).", cls=HelpGroup, no_args_is_help=True
)

FORMATS = ("md", "html", "pdf")


def parse_formats(text: str) -> list[str]:
    formats = [f.strip().lower() for f in text.split(",") if f.strip()]
    unknown = sorted(set(formats) - set(FORMATS))
    if unknown or not formats:
        raise fail(f"--format: unknown format {', '.join(unknown) or '(none)'}; use md, html, pdf")
    return formats


def reference(git, since: str | None, until: str):
    """The commit ``--since`` names: a revision, or the last commit on or before a date
    (YYYY-MM-DD or TT.MM.JJJJ); by default the first commit of the strategy."""
    from egovkit.cli.dates import parse_date_arg
    from egovkit.history.git import HistoryError

    if since is None:
        return git.first(until)
    try:
        day = parse_date_arg(since)
    except ValueError:
        return git.resolve(since)
    sha = git.before(day, until)
    if sha is None:
        shallow = " (the clone is shallow: git fetch --unshallow)" if git.shallow else ""
        raise HistoryError(f"--since {since}: no commit on or before that day{shallow}")
    return sha


@app.command()
def status(
    path: Path = typer.Argument(Path("."), help="Strategy repository (folder with strategy.yaml)."),
    since: str = typer.Option(
        None,
        "--since",
        help="Reference: a revision (tag, commit) or a date; default the first commit.",
    ),
    at: str = typer.Option(
        None, "--at", help="Report as of this revision; default the working tree."
    ),
    output: Path = typer.Option(None, "--output", "-o", help="Output folder; default report."),
    lang: str = typer.Option(None, "--lang", help="de (default from strategy.yaml) or en."),
    format: str = typer.Option("md,html", "--format", "-f", help="Comma-separated: md, html, pdf."),
    today: str = typer.Option(None, "--today", help="Re-planning date of the current plan."),
) -> None:
    """Write a Sachstandsbericht: key figures, traffic lights, what changed since --since
    (status changes, new and removed measures, moved dates, new risks, cost), the log by
    quarter, target and actual, charts, the financial table and a resolution text."""
    from egovkit.cli.console import stderr_console
    from egovkit.cli.dates import today_option
    from egovkit.history import snapshot
    from egovkit.history.git import Git
    from egovkit.history.status import status_history
    from egovkit.output import write_tree
    from egovkit.render import render_report
    from egovkit.render.locale import Locale

    formats = parse_formats(format)
    if lang not in (None, "de", "en"):
        raise fail("--lang: use de or en")
    git = Git(path)
    until = git.resolve(at) if at else git.resolve("HEAD")
    since_sha = reference(git, since, until)
    from egovkit.cli.progress import working

    with working("reading the history"):
        now = snapshot.at(git, at, today_option(today), label=at or "")
        then = snapshot.at(git, since_sha, None, label=since or since_sha[:7])
        commits = git.log(since_sha, until)
        history = status_history(git, then, now, commits)
    language = lang or now.result.workspace.strategy.model.planning.language.value
    with working("rendering the report"):
        files = render_report(history, Locale.for_language(language), formats)
    out = output if output is not None else _default(path)
    write_tree(out, files, replace=True, protect=path)
    stderr_console().print(
        f"Status report ({len(commits)} commits since {then.label or since_sha[:7]}) written to "
        f"{out}/: {', '.join(sorted(files))}"
    )


def _default(repo: Path) -> Path:
    from egovkit.cli.plan import default_output

    chosen = default_output(repo)
    return (
        chosen.with_name(chosen.name.replace("-plan", "-report"))
        if chosen.name.endswith("-plan")
        else Path("report")
    )
