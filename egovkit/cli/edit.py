"""`egovkit status set`, `egovkit log add` and `egovkit measure new`: edit measure files.

Each command changes only the values it names and keeps every other line of the file as it
was; it checks the edited repository first and refuses (exit 1, nothing written) when the
edit adds an error, unless ``--force``. Usage errors (an unknown id or status, a bad date)
exit 2.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from egovkit.cli.errors import fail
from egovkit.cli.group import HelpGroup

_PATH_HELP = "Strategy repository (folder with strategy.yaml)."
_FORCE_HELP = "Write even if the edit adds errors (they are shown)."
_DATES = "YYYY-MM-DD or TT.MM.JJJJ; default today"

status_app = typer.Typer(
    help="Set a measure's status, keeping the rest of its file as it was.",
    cls=HelpGroup,
    no_args_is_help=True,
)
log_app = typer.Typer(
    help="Add dated entries to a measure's log (Sachstand).", cls=HelpGroup, no_args_is_help=True
)
measure_app = typer.Typer(
    help="Create measures (and their project profiles).", cls=HelpGroup, no_args_is_help=True
)


class StatusValue(StrEnum):
    planned = "planned"
    in_progress = "in_progress"
    done = "done"
    on_hold = "on_hold"
    cancelled = "cancelled"
    unknown = "unknown"


def _day(value: str | None, option: str = "--date"):
    import datetime as dt

    from egovkit.cli.dates import parse_date_arg

    if value is None:
        return dt.date.today()
    try:
        return parse_date_arg(value)
    except ValueError as exc:
        raise fail(f"{option}: {exc}") from None


@status_app.command("set")
def set_status(
    ident: str = typer.Argument(..., metavar="ID", help="Id of the measure (its file name)."),
    status: StatusValue = typer.Argument(..., help="The new status.", case_sensitive=False),
    path: Path = typer.Argument(Path("."), help=_PATH_HELP),
    progress: int = typer.Option(None, "--progress", min=0, max=100, help="Percent done."),
    date: str = typer.Option(
        None, "--date", help=f"Date of the status (as_of) and of --note ({_DATES})."
    ),
    note: str = typer.Option(None, "--note", help="Add this text to the log, dated --date."),
    force: bool = typer.Option(False, "--force", help=_FORCE_HELP),
) -> None:
    """Set STATUS (and --progress) of measure ID; sets as_of to --date, and started (for
    in_progress) or finished (for done) to it when the file has none.

    Exit codes: 0 written, 1 refused because the edit adds errors (nothing written),
    2 usage error.
    """
    from egovkit.edit.commands import set_status as run
    from egovkit.model.types import Status

    edit = run(path, ident, Status(status.value), _day(date), progress, note)
    _finish(edit, force)


@log_app.command("add")
def add_log(
    ident: str = typer.Argument(..., metavar="ID", help="Id of the measure (its file name)."),
    text: str = typer.Argument(..., help="What happened, e.g. 'Zuschlag erteilt'."),
    path: Path = typer.Argument(Path("."), help=_PATH_HELP),
    date: str = typer.Option(None, "--date", help=f"Date of the entry ({_DATES})."),
    force: bool = typer.Option(False, "--force", help=_FORCE_HELP),
) -> None:
    """Add a dated entry to the log of measure ID, in date order."""
    from egovkit.edit.commands import add_log as run

    _finish(run(path, ident, text, _day(date)), force)


@measure_app.command("new")
def new_measure(
    ident: str = typer.Argument(..., metavar="ID", help="Id of the new measure (file name)."),
    path: Path = typer.Argument(Path("."), help=_PATH_HELP),
    title: str = typer.Option(
        None, "--title", help="Title of the measure (required unless --from-catalog)."
    ),
    field: str = typer.Option(
        None,
        "--field",
        help="Id of its field of action or focus area (required unless --from-catalog "
        "and the catalog's field is one of the strategy).",
    ),
    from_catalog: str = typer.Option(
        None,
        "--from-catalog",
        metavar="CATALOG_ID",
        help="Fill it from this catalog measure (egovkit catalog list): title, description, "
        "obligation, legal bases, typical duration, and depends_on the strategy's measures "
        "from its prerequisites.",
    ),
    depends_on: str = typer.Option(
        None, "--depends-on", help="Prerequisite measures, comma-separated: A,B."
    ),
    duration: str = typer.Option(None, "--duration", help="Working time, e.g. '3 months'."),
    owner: str = typer.Option(None, "--owner", help="Responsible unit (organization.yaml)."),
    deadline: str = typer.Option(
        None, "--deadline", help="Own deadline (YYYY-MM-DD or TT.MM.JJJJ)."
    ),
    profile: bool = typer.Option(
        False, "--profile", help="Also create profiles/ID.md with a German skeleton."
    ),
    force: bool = typer.Option(False, "--force", help=_FORCE_HELP),
) -> None:
    """Create measures/ID.yaml (status planned), and with --profile profiles/ID.md.

    With --from-catalog CATALOG_ID the catalog fills what the options do not give, and the
    check warns (C008) about the catalog's prerequisites that no measure comes from.
    """
    from egovkit.edit.commands import new_measure as run
    from egovkit.edit.newfiles import NewMeasure

    deps = tuple(d.strip() for d in (depends_on or "").split(",") if d.strip())
    clean = {
        "title": title.strip() if title is not None else None,
        "field": field.strip() if field is not None else None,
        "duration": duration.strip() if duration is not None else None,
        "owner": owner.strip() if owner is not None else None,
    }
    own_deadline = _day(deadline, "--deadline") if deadline is not None else None
    if from_catalog is not None:
        from egovkit.edit.fromcatalog import Options, new_from_catalog

        options = Options(depends_on=deps, deadline=own_deadline, **clean)
        _finish(new_from_catalog(path, ident, from_catalog.strip(), options, profile), force)
        return
    for option in ("title", "field"):
        if not clean[option]:
            raise fail(f"--{option} is required (or fill the measure with --from-catalog)")
    measure = NewMeasure(id=ident, depends_on=deps, deadline=own_deadline, **clean)  # type: ignore[arg-type]
    _finish(run(path, measure, profile), force)


def _finish(edit, force: bool) -> None:
    """Print what the edit adds; write it unless it adds errors (or --force)."""
    from rich.markup import escape

    from egovkit.cli.console import stderr_console, stdout_console
    from egovkit.diagnostics.formats.text import render as render_findings
    from egovkit.edit.commands import save
    from egovkit.textsafe import terminal_text

    err = stderr_console()
    for note in edit.notes:
        err.print(escape(terminal_text(f"note: {note}")))
    found = sorted([*edit.blocking, *edit.warnings], key=lambda d: d.sort_key())
    if found:
        err.print(render_findings(found), end="")
    if edit.blocking and not force:
        err.print(
            f"Nothing written: the edit would add {len(edit.blocking)} error(s) (above). "
            "Fix the cause, or use --force to write anyway."
        )
        raise typer.Exit(1)
    save(edit)
    out = stdout_console()
    for rel in edit.files:
        changes = "; ".join(edit.changes) if edit.method != "new" else "created"
        out.print(escape(terminal_text(f"{rel}: {changes}")))
    if edit.blocking:
        err.print(
            f"Written with {len(edit.blocking)} error(s) (--force); egovkit check lists them."
        )
