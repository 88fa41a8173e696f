"""The schedule of ``egovkit plan show`` as a table that fits the terminal.

Width: a terminal's own width (``COLUMNS`` wins, as everywhere); piped or redirected,
``COLUMNS`` if set, else :data:`PIPED_WIDTH`. Below :data:`WIDE` columns the compact layout:
``#`` (``*`` marks the critical path), the title wrapped with the id in dim print below it,
status, finish, slack and the deadline verdict with the worst deadline's date and setter
below it; from :data:`WIDE` columns on, the start too. The title takes whatever width the
other columns leave; where that is less than :data:`MIN_TITLE` (a very narrow terminal), each
measure is stacked instead: title, then id, status, finish and slack, then the deadline.
Titles wrap and are never cut, and no line is longer than the width (tests/test_plan_cli.py).

Every deadline is judged in the plan stage (:mod:`egovkit.plan.deadlines`); the table names
each measure's worst deadline in that vocabulary: ``overdue 850 wd``, ``at risk 12 wd``,
``met late 3 wd``, ``on time``, ``met``.
"""

from __future__ import annotations

import os

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from egovkit.cli.messages import Messages
from egovkit.plan.deadlines import SEVERITY, DeadlineVerdict, Verdict
from egovkit.plan.result import Plan, ScheduledMeasure, chain_text
from egovkit.textsafe import terminal_text

#: From this width on the table shows the start too.
WIDE = 120
#: The width of a table written to a pipe or file without ``COLUMNS``.
PIPED_WIDTH = 100
#: The table never grows wider than this, however wide the terminal.
MAX_WIDTH = 160
#: Narrower than this, the title column would be unreadable: each measure is stacked instead.
MIN_TITLE = 20
#: The widest a column other than the title gets (its cells wrap beyond).
_CAP = {"#": 8, "status": 13, "slack": 8, "deadline": 16}

_STYLE = {
    Verdict.overdue: "bold red",
    Verdict.at_risk: "yellow",
    Verdict.met_late: "yellow",
    Verdict.on_time: "green",
    Verdict.met: "green",
}


def fit_width(console: Console) -> None:
    """Give a piped ``console`` the width of ``COLUMNS``, else :data:`PIPED_WIDTH`."""
    if console.is_terminal:
        return  # rich reads COLUMNS, else asks the terminal
    columns = os.environ.get("COLUMNS", "").strip()
    console.width = int(columns) if columns.isdigit() and int(columns) > 0 else PIPED_WIDTH


def _text(value: str) -> str:
    return escape(terminal_text(value))


def worst_deadline(m: ScheduledMeasure) -> DeadlineVerdict | None:
    """The deadline that judges ``m``: worst verdict, then most days late, then earliest."""
    if not m.deadlines:
        return None
    return min(m.deadlines, key=lambda v: (SEVERITY.index(v.verdict), -v.slip_days, v.date))


def verdict_text(v: DeadlineVerdict, say: Messages) -> str:
    """``overdue 850 wd``, ``on time`` … (rich markup)."""
    words = say(f"verdict_{v.verdict.value}")
    if v.slip_days:
        words += f" {say.working_days(v.slip_days)}"
    return f"[{_STYLE[v.verdict]}]{escape(words)}[/]"


def _deadline(m: ScheduledMeasure, say: Messages, sep: str = "\n") -> str:
    """The worst deadline's verdict, date and setter, and how many more deadlines (markup)."""
    v = worst_deadline(m)
    if v is None:
        return say("none")
    source = say("own") if v.source == "measure" else v.source
    lines = [verdict_text(v, say), f"[dim]{_text(f'{say.date(v.date)} {source}')}[/]"]
    if len(m.deadlines) > 1:
        lines.append(f"[dim]{say('more', count=len(m.deadlines) - 1)}[/]")
    return sep.join(lines)


def _fit(header: str, cells: list[str], cap: int) -> int:
    """The width of a column: its widest line (cells are markup), at most ``cap``."""
    lines = [line for cell in cells for line in Text.from_markup(cell).plain.splitlines()]
    return min(cap, max(cell_len(line) for line in [header, *lines]))


def _number(m: ScheduledMeasure) -> str:
    return f"{m.order + 1}{'[bold red]*[/]' if m.critical else ' '}"


def _row(m: ScheduledMeasure, say: Messages, wide: bool) -> list[str]:
    return [
        _number(m),
        f"{_text(m.title)}\n[dim]{_text(m.id)}[/]",
        _text(say.status(m.status.value)),
        *([say.date(m.start)] if wide else []),
        say.date(m.finish),
        str(m.slack),
        _deadline(m, say),
    ]


def _stacked(m: ScheduledMeasure, say: Messages) -> list[str]:
    """A measure in a narrow terminal: the title, then its figures, then its deadline."""
    figures = (
        f"[dim]{_text(m.id)}[/] · {_text(say.status(m.status.value))} · "
        f"{say('col_finish')} {say.date(m.finish)} · {say('col_slack')} {m.slack}"
    )
    deadline = f"{say('col_deadline')}: {_deadline(m, say, sep=' ')}"
    return [_number(m), f"{_text(m.title)}\n{figures}\n{deadline}"]


def _new_table(plan: Plan, say: Messages, width: int) -> Table:
    return Table(
        title=say("title", count=len(plan.measures), status=say.date(plan.status_date)),
        title_justify="left",
        title_style="bold",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        show_lines=True,  # a blank line between measures: their cells take several lines
        pad_edge=False,
        collapse_padding=True,
        expand=True,
        width=min(width, MAX_WIDTH),
    )


def schedule_table(plan: Plan, language: str | None, width: int) -> Table:
    """The rows of every measure in stable order, laid out for ``width`` columns."""
    say = Messages(language)
    wide = width >= WIDE
    rows = [_row(m, say, wide) for m in plan.measures]
    columns = [list(cells) for cells in zip(*rows, strict=True)] or [[]] * (7 if wide else 6)
    headers = ["#", "measure", "status", *(["start"] if wide else []), "finish", "slack"]
    layout = []  # (header, name, width or None for the title)
    for header, cells in zip([*headers, "deadline"], columns, strict=True):
        name = "#" if header == "#" else say(f"col_{header}")
        cap = 24 if wide and header == "deadline" else _CAP.get(header, 10)
        layout.append((header, name, None if header == "measure" else _fit(name, cells, cap)))
    others = sum(w for _, _, w in layout if w is not None) + 2 * (len(layout) - 1)
    table = _new_table(plan, say, width)
    if min(width, MAX_WIDTH) - others < MIN_TITLE:  # too narrow for columns: stack
        table.add_column("#", justify="right", no_wrap=True, width=layout[0][2])
        table.add_column(say("col_measure"), overflow="fold", ratio=1)
        for m in plan.measures:
            table.add_row(*_stacked(m, say))
        return table
    for header, name, fixed in layout:
        table.add_column(
            name,
            justify="right" if header in ("#", "slack") else "left",
            overflow="fold",
            no_wrap=header not in ("measure", "status", "deadline"),
            width=fixed,
            ratio=1 if fixed is None else None,  # the title takes what the others leave
        )
    for row in rows:
        table.add_row(*row)
    return table


def legend(plan: Plan, language: str | None) -> list[str]:
    """The lines below the table: the critical path, then what the columns mean."""
    say = Messages(language)
    path = chain_text(plan.critical_path)
    lines = [say("critical", path=_text(path)) if path else say("no_critical")]
    if plan.cancelled:
        lines.append(say("not_scheduled", ids=_text(", ".join(plan.cancelled))))
    return [*lines, say("legend")]


def print_schedule(plan: Plan, language: str | None) -> None:
    """Print the table and its legend to stdout, fitting the width (module docstring)."""
    from egovkit.cli.console import stdout_console

    console = stdout_console()
    console.soft_wrap = False  # wrap the legend at the width like the table
    fit_width(console)
    console.print(schedule_table(plan, language, console.width))
    for line in legend(plan, language):
        console.print(line, style="dim")
