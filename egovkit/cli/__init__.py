"""Command-line interface: options → library call → output → exit code. Nothing else.

Exit codes are decided here and in :func:`findings_exit` only: 0 no failing findings,
1 failing findings, 2 egovkit could not do its job (usage error, not a strategy repository,
an output folder it may not write to, or an internal error). Command modules import their
heavy dependencies inside the command functions, so ``--version``, ``--help`` and shell
completion start fast.
"""

from __future__ import annotations

import gc
import sys

import typer

from egovkit import __version__
from egovkit.cli import assess as assess_cmd
from egovkit.cli import catalog as catalog_cmd
from egovkit.cli import check as check_cmd
from egovkit.cli import diff as diff_cmd
from egovkit.cli import edit as edit_cmd
from egovkit.cli import export as export_cmd
from egovkit.cli import init as init_cmd
from egovkit.cli import plan as plan_cmd
from egovkit.cli import portfolio as portfolio_cmd
from egovkit.cli import report as report_cmd
from egovkit.cli import schema as schema_cmd
from egovkit.cli.group import HelpGroup
from egovkit.errors import UserError

OK, FINDINGS, UNUSABLE = 0, 1, 2


class _Root(HelpGroup):
    """The root command: a :class:`UserError` from any command is one line and its exit code;
    a bare ``egovkit`` prints the help (exit 0)."""

    def invoke(self, ctx):  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except UserError as exc:
            from egovkit.textsafe import terminal_text

            typer.echo(f"egovkit: {terminal_text(str(exc))}", err=True)
            raise typer.Exit(exc.exit_code) from None


app = typer.Typer(
    name="egovkit",
    cls=_Root,
    help="Plan, check and publish a municipality's E-Government strategy kept as YAML/Markdown.",
    no_args_is_help=True,
    add_completion=True,  # --install-completion / --show-completion; costs no start-up time
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
app.command(name="check")(check_cmd.check)
app.command(name="schema")(schema_cmd.schema)
app.add_typer(plan_cmd.app, name="plan")
app.add_typer(edit_cmd.status_app, name="status")
app.add_typer(edit_cmd.log_app, name="log")
app.add_typer(edit_cmd.measure_app, name="measure")
app.add_typer(report_cmd.app, name="report")
app.add_typer(assess_cmd.app, name="assess")
app.add_typer(portfolio_cmd.app, name="portfolio")
app.add_typer(catalog_cmd.app, name="catalog")
app.command(name="init")(init_cmd.init)
app.command(name="diff")(diff_cmd.diff)
app.command(name="export")(export_cmd.export)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"egovkit {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
    debug: bool = typer.Option(
        False, "--debug", help="Show the traceback of an internal error (any position)."
    ),
    quiet: bool = typer.Option(
        False, "--quiet", "-q", help="No progress display on long work (also EGOVKIT_QUIET=1)."
    ),
) -> None:
    """Plan, check and publish a municipality's E-Government strategy."""
    if quiet:
        from egovkit.cli import progress

        progress.QUIET = True


def findings_exit(failed: bool, exit_zero: bool = False) -> int:
    """The exit code of a run that produced findings: 1 if any of them fails it."""
    return FINDINGS if failed and not exit_zero else OK


def main(argv: list[str] | None = None) -> None:
    """Console entry point; never returns (exits with the code decided above)."""
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    args = [a for a in args if a != "--debug"]  # accepted anywhere, like --version
    # A short-lived batch run allocates many small objects and frees little: collecting
    # less often saves about a quarter of the time on large strategies.
    gc.set_threshold(50_000, 20, 20)
    try:
        app(args=args, prog_name="egovkit", standalone_mode=True)
    except SystemExit:
        raise
    except Exception as exc:  # a bug in egovkit: one line, traceback only with --debug
        if debug:
            raise
        typer.echo(
            f"egovkit: internal error: {type(exc).__name__}: {exc} (run with --debug for details)",
            err=True,
        )
        sys.exit(UNUSABLE)
