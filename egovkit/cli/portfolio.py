"""`egovkit portfolio`: many municipalities' strategy repositories, checked and reported together."""

from __future__ import annotations

from pathlib import Path

import typer

from egovkit.cli.group import HelpGroup
from egovkit.textsafe import terminal_text

app = typer.Typer(
    help="A portfolio of strategy repositories (portfolio.yaml).",
    cls=HelpGroup,
    no_args_is_help=True,
)
_PATH = "Portfolio folder (portfolio.yaml, or member folders with a strategy.yaml)."


@app.command()
def check(path: Path = typer.Argument(Path("."), help=_PATH)) -> None:
    """Check every member in parallel: one line per member, one summary; exit 1 when any
    member has errors."""
    from egovkit.cli.progress import track
    from egovkit.portfolio import run

    results = run(path, track=lambda items, total: track(items, "check", total))
    failed = 0
    for r in results:
        state = r.problem or f"{r.errors} error(s), {r.warnings} warning(s)"
        failed += bool(r.errors or r.problem)
        mark = "FAIL" if (r.errors or r.problem) else "ok  "
        typer.echo(terminal_text(f"{mark}  {r.path}: {state}"))
    typer.echo(f"{len(results)} members, {failed} with errors", err=True)
    raise typer.Exit(1 if failed else 0)


@app.command()
def report(
    path: Path = typer.Argument(Path("."), help=_PATH),
    output: Path = typer.Option(
        None,
        "--output",
        "-o",
        help="Output folder; default portfolio-report, or beside the portfolio.",
    ),
    lang: str = typer.Option("de", "--lang", help="de or en."),
    format: str = typer.Option("md,html", "--format", "-f", help="md, html, pdf."),
    at_least: int = typer.Option(
        3, "--at-least", min=2, help="Members a collective recommendation needs."
    ),
) -> None:
    """The dashboard: members' key figures, scores against the group, collective and
    individual recommendations, advice for members without an assessment, a measure matrix."""
    from egovkit.cli.assess import _formats, _lang
    from egovkit.cli.progress import track
    from egovkit.output import write_tree
    from egovkit.portfolio import collective, matrix, run
    from egovkit.render import render_portfolio
    from egovkit.render.locale import Locale
    from egovkit.render.portfolio import portfolio_context

    loc = Locale.for_language(_lang(lang))
    results = run(path, track=lambda items, total: track(items, "check", total))
    from egovkit.portfolio import title as portfolio_title

    ctx = portfolio_context(
        results, collective(results, at_least), matrix(results), loc, at_least,
        portfolio_title(path),
    )  # fmt: skip
    files = render_portfolio(ctx, loc, _formats(format))
    if output is None:
        from egovkit.cli.plan import default_output

        output = default_output(path)
        if output.name.endswith("-plan"):
            output = output.with_name(output.name[: -len("-plan")] + "-report")
        elif output == Path("out"):
            output = Path("portfolio-report")
    write_tree(output, files, replace=True, protect=path)
    typer.echo(
        f"Portfolio report ({len(results)} members) written to {output}/: {', '.join(sorted(files))}",
        err=True,
    )
