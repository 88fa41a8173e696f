"""What the Gantt chart and the phase timeline share: sizes, the label column, the status line
and the assembly of header, rows and legend into one SVG document.

Charts are drawn for a page 1024 pixels wide: at most ``svg.TARGET_W`` wide they fit without
scrolling; on a narrower screen their box scrolls sideways and the text keeps its size.
Labels are never cut: the label column is as wide as the longest label (within limits), and
a label that needs more than one line makes its row taller.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from egovkit.render.locale import Locale
from egovkit.render.svg import TEXT, Axis, esc, num
from egovkit.render.textfit import text_width, wrap

#: Limits of the label column.
LABEL_MIN, LABEL_MAX = 120, 300
FONT = 11
ROW_H = 20  # a row of one line
LINE_H = 13  # each further line of a label
MAX_LINES = 8
BAR_H = 12
HEAD_ROW = 16
TOP = 18  # room for the status-date label above the axis
ONE_DAY = dt.timedelta(days=1)


def label_width(labels: Iterable[tuple[str, bool]]) -> float:
    """The width of a label column for ``(text, bold)`` labels: as wide as the widest label,
    within the limits (longer labels wrap)."""
    widest = max((text_width(text, FONT, bold) for text, bold in labels), default=0.0)
    return min(LABEL_MAX, max(LABEL_MIN, float(round(widest + 1))))


def label_lines(text: str, width: float, bold: bool = False) -> list[str]:
    """A label on as many lines as it needs; only a title longer than any plan's (over
    ``MAX_LINES`` lines) is cut short, so hostile input cannot blow the chart up."""
    return wrap(" ".join(text.split()), width, FONT, bold, MAX_LINES)


def row_height(lines: int) -> float:
    return ROW_H + LINE_H * max(0, lines - 1)


def status_line(axis: Axis, status_date: dt.date, top: float, bottom: float,
                locale: Locale) -> list[str]:  # fmt: skip
    if not axis.start <= status_date <= axis.end:
        return []
    x = axis.x(status_date)
    label = f"{locale.labels['status_date']} {locale.date(status_date)}"
    half = text_width(label, FONT, bold=True) / 2 + 2
    lx = min(max(x, axis.x0 + half), axis.x0 + axis.width - half)
    return [
        f'<line class="status-date" x1="{num(x)}" y1="{num(top)}" x2="{num(x)}" '
        f'y2="{num(bottom)}" stroke="{TEXT}" stroke-width="1.5" stroke-dasharray="4 3"/>',
        f'<text x="{num(lx)}" y="12" text-anchor="middle" font-weight="bold">{esc(label)}</text>',
    ]


def assemble(head: list[str], axis: Axis, body: list[str], legend: list[str],
             status_date: dt.date, rows_bottom: float, locale: Locale) -> str:  # fmt: skip
    """Header, time axis, rows, the status line and the legend as one SVG document."""
    out = [*head, *axis.header(TOP, HEAD_ROW, locale, rows_bottom), *body]
    out += status_line(axis, status_date, TOP, rows_bottom, locale)
    out += [*legend, "</svg>"]
    return "\n".join(out)
