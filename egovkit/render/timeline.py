"""The phase timeline of a project profile (phases as bars, milestones as diamonds), as an
inline SVG string. Labels are whole, wrapped like the Gantt chart's."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from egovkit.render.chart import (
    BAR_H,
    HEAD_ROW,
    LINE_H,
    ONE_DAY,
    TOP,
    assemble,
    label_lines,
    label_width,
    row_height,
)
from egovkit.render.legend import legend, timeline_items
from egovkit.render.locale import Locale
from egovkit.render.svg import (
    TARGET_W,
    TEXT,
    Axis,
    diamond,
    esc,
    lang_attr,
    num,
    svg_open,
    text_block,
)

#: Phases are drawn like the summary bars of the Gantt chart: dark, in no obligation colour.
PHASE = "#3c4043"
RIGHT = 24


@dataclass(frozen=True)
class TimelineItem:
    label: str
    start: dt.date
    end: dt.date  # inclusive; equal to start for a milestone
    milestone: bool
    href: str | None = None


def timeline_svg(items: Sequence[TimelineItem], status_date: dt.date, locale: Locale,
                 svg_id: str = "timeline", content_lang: str | None = None) -> str:  # fmt: skip
    """Phases (bars) and milestones (diamonds) of one profile."""
    t = locale.labels
    first = min([i.start for i in items] + [status_date])
    last = max([i.end for i in items] + [status_date])
    label_w = label_width((i.label, False) for i in items)
    x0 = 8 + label_w + 14
    room = max(360.0, TARGET_W - x0 - RIGHT)
    axis = Axis.around(first, last, x0, 40, min(420.0, room), room)
    width = axis.x0 + axis.width + RIGHT
    lang = lang_attr(content_lang if content_lang != locale.language else None)
    body: list[str] = []
    y = TOP + 3 * HEAD_ROW + 4
    for n, item in enumerate(items):
        y = _item_row(item, n, axis, y, width, label_w, lang, locale, body)
    legend_items, legend_h = legend(y + 10, width, timeline_items(locale, PHASE), locale)
    phases = sum(1 for i in items if not i.milestone)
    desc = t["timeline_desc"].format(
        phases=phases,
        milestones=len(items) - phases,
        start=locale.date(first),
        finish=locale.date(last),
    )
    links = any(i.href for i in items)
    head = svg_open(
        svg_id, width, y + 10 + legend_h, t["phase_timeline_caption"], desc, links=links
    )
    return assemble(head, axis, body, legend_items, status_date, y, locale)


def _item_row(item: TimelineItem, n: int, axis: Axis, y: float, width: float, label_w: float,
              lang: str, locale: Locale, out: list[str]) -> float:  # fmt: skip
    """One phase or milestone; returns where the next row starts."""
    lines = label_lines(item.label, label_w)
    h = row_height(len(lines))
    cy = y + h / 2
    if n % 2:
        out.append(
            f'<rect x="0" y="{num(y)}" width="{num(width)}" height="{num(h)}" fill="#f5f5f5"/>'
        )
    label = text_block(8, y + 14, lines, LINE_H, lang)
    if item.href:
        label = f'<a href="{esc(item.href)}">{label}</a>'
    out.append(label)
    t = locale.labels
    dates = (
        locale.date(item.start)
        if item.milestone
        else t["tooltip_dates"].format(start=locale.date(item.start), finish=locale.date(item.end))
    )
    tip = f"<title>{esc(item.label)}: {esc(dates)}</title>"
    if item.milestone:
        xm = axis.clamp(item.start + ONE_DAY)
        out.append(f'<path d="{diamond(xm, cy, 6)}" fill="{TEXT}">{tip}</path>')
    else:
        xs, xe = axis.clamp(item.start), axis.clamp(item.end + ONE_DAY)
        out.append(
            f'<rect x="{num(xs)}" y="{num(cy - BAR_H / 2)}" width="{num(max(2, xe - xs))}" '
            f'height="{BAR_H}" fill="{PHASE}">{tip}</rect>'
        )
    return y + h
