"""Parts of a Gantt row that need no layout of their own: the tooltip of a bar, a project's
phase rows and a baseline's bars (``f`` is the chart's frame, see egovkit/render/gantt.py)."""

from __future__ import annotations

import datetime as dt

from egovkit.plan.deadlines import worst_deadline
from egovkit.plan.result import ScheduledMeasure
from egovkit.render.chart import BAR_H, LINE_H, ONE_DAY, label_lines, row_height
from egovkit.render.locale import Locale
from egovkit.render.svg import MUTED, esc, lang_attr, num, text_block

INDENT = 12  # per level of a focus area's group row
GROUP_BAR = "#3c4043"


def tooltip(m: ScheduledMeasure, locale: Locale, framed: bool = False) -> str:
    t = locale.labels
    known = m.status.value == "in_progress" and m.progress_known
    parts = [
        f"{m.title} ({m.id})",
        t["tooltip_dates"].format(start=locale.date(m.start), finish=locale.date(m.finish)),
        locale.obligation(m.obligation.value),
        locale.status(m.status.value) + (f" {locale.percent(m.progress)}" if known else ""),
        t["tooltip_slack"].format(slack=m.slack),
    ]
    if framed and m.window:
        first, last = m.window
        parts.insert(2, t["tooltip_window"].format(start=locale.date(first),
                                                   finish=locale.date(last)))  # fmt: skip
    if m.critical:
        parts.append(t["critical"])
    if (worst := worst_deadline(m.deadlines)) is not None:
        parts.append(t["tooltip_deadline"].format(date=locale.date(worst.date)))
        if m.deadline_slip > 0:
            parts.append(locale.late(m.deadline_slip))
    return " · ".join(parts)


def phase_row(
    phase: tuple[str, dt.date, dt.date], depth: int, f, y: float, out: list[str]
) -> float:
    """A phase of a project: its name, indented and in italics, and an outlined bar."""
    name, first, last = phase
    indent = INDENT * depth
    lines = label_lines(name, f.label_w + f.tag_w - indent)
    h = row_height(len(lines))
    out.append(
        text_block(8 + indent, y + 14, lines, LINE_H, f' font-style="italic"{lang_attr(f.lang)}')
    )
    xs, xe = f.axis.clamp(first), f.axis.clamp(last + ONE_DAY)
    loc = f.locale
    dates = loc.labels["tooltip_dates"].format(start=loc.date(first), finish=loc.date(last))
    out.append(
        f'<rect class="phase" x="{num(xs)}" y="{num(y + h / 2 - 5)}" width="{num(max(2, xe - xs))}" '
        f'height="10" fill="#e8edf3" stroke="{GROUP_BAR}" stroke-width="1.5">'
        f"<title>{esc(name)}: {esc(dates)}</title></rect>"
    )
    return y + h


def baseline_bar(m: ScheduledMeasure, f, cy: float, out: list[str]) -> None:
    """The measure as the baseline planned it: a thin dark bar under its current bar."""
    if f.baseline is None or m.id not in f.baseline.dates:
        return
    start, finish = f.baseline.dates[m.id]
    xs, xe = f.axis.clamp(start), f.axis.clamp(finish + ONE_DAY)
    loc = f.locale
    when = loc.labels["tooltip_dates"].format(start=loc.date(start), finish=loc.date(finish))
    out.append(
        f'<rect class="baseline" x="{num(xs)}" y="{num(cy + BAR_H / 2 + 1)}" '
        f'width="{num(max(2, xe - xs))}" height="3" fill="{MUTED}">'
        f"<title>{esc(f.baseline.label)}: {esc(when)}</title></rect>"
    )
