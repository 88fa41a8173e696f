"""Gantt chart (all measures, grouped by field of action) and a small phase timeline for
project profiles, as inline SVG strings.

One row per measure: label (id + shortened title, linked to the measure's table row), an
obligation letter, the bar (colour = obligation class; darker part = progress; solid = done;
thick black outline = critical; dashed = on hold), a deadline tick with diamond (red when
missed), and a short status text. Everything is also said in text: the row tooltip, the
letter and the legend. Work is linear in the number of rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from egovkit.plan.schedule import ScheduledMeasure
from egovkit.render.locale import Locale
from egovkit.render.svg import (
    COLOURS,
    CRITICAL,
    MISSED,
    MUTED,
    TEXT,
    Axis,
    chars_for,
    diamond,
    esc,
    num,
    svg_open,
    truncate,
)

LABEL_W = 330
TAG_W = 22
RIGHT = 96
ROW_H = 20
BAR_H = 12
HEAD_ROW = 16
TOP = 18  # room for the status-date label above the axis
ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class GanttGroup:
    """One field of action: its title and its measures in plan order."""

    anchor: str
    title: str
    measures: Sequence[ScheduledMeasure]


def _status_line(axis: Axis, status_date: dt.date, top: float, bottom: float, locale: Locale) -> list[str]:  # fmt: skip
    if not axis.start <= status_date <= axis.end:
        return []
    x = axis.x(status_date)
    label = f"{locale.labels['status_date']} {locale.date(status_date)}"
    half = len(label) * 3.3
    lx = min(max(x, axis.x0 + half), axis.x0 + axis.width - half)
    return [
        f'<line class="status-date" x1="{num(x)}" y1="{num(top)}" x2="{num(x)}" '
        f'y2="{num(bottom)}" stroke="{TEXT}" stroke-width="1.5" stroke-dasharray="4 3"/>',
        f'<text x="{num(lx)}" y="12" text-anchor="middle" font-weight="bold">{esc(label)}</text>',
    ]


def _legend(top: float, width: float, locale: Locale, timeline: bool = False) -> tuple[list[str], float]:  # fmt: skip
    """Legend items laid out left to right, wrapping; returns (elements, height)."""
    t = locale.labels
    items = [] if timeline else [*_obligation_items(locale), *_bar_items(t)]
    items += [
        (
            f'<path d="{diamond(9, 6, 6)}" fill="{COLOURS["voluntary"]["solid"]}"/>',
            t["legend_milestone"],
        ),
        (
            f'<line x1="9" y1="-2" x2="9" y2="14" stroke="{TEXT}" stroke-width="1.5" '
            'stroke-dasharray="4 3"/>',
            t["legend_status_line"],
        ),
    ]
    out = [
        f'<g class="legend"><text x="8" y="{num(top + 11)}" font-weight="bold">{esc(t["legend"])}</text>'
    ]
    x, y = 8 + len(t["legend"]) * 7.5 + 12, top
    for symbol, label in items:
        w = 24 + len(label) * 6.4 + 16
        if x + w > width and x > 120:
            x, y = 8, y + 18
        out.append(f'<g transform="translate({num(x)} {num(y)})">{symbol}</g>')
        out.append(f'<text x="{num(x + 24)}" y="{num(y + 10)}">{esc(label)}</text>')
        x += w
    out.append("</g>")
    return out, y + 18 - top + 6


def _obligation_items(locale: Locale) -> list[tuple[str, str]]:
    """Legend items (symbol with origin at 0,0 .. 18x12, label): one per obligation class."""
    items = []
    for key in ("required", "standard", "voluntary"):
        c = COLOURS[key]
        letter = locale.obligation_letter(key)
        items.append(
            (
                f'<rect x="0" y="0" width="18" height="12" fill="{c["tint"]}" '
                f'stroke="{c["solid"]}"/><text x="9" y="10" text-anchor="middle" '
                f'font-weight="bold" fill="{TEXT}" font-size="10">{letter}</text>',
                f"{letter} = {locale.obligation(key)}",
            )
        )
    return items


def _bar_items(t: Mapping[str, str]) -> list[tuple[str, str]]:
    """Legend items for the looks of a bar and of a deadline."""
    c = COLOURS["standard"]
    return [
        (
            f'<rect x="1" y="1" width="16" height="10" fill="{c["tint"]}" '
            f'stroke="{CRITICAL}" stroke-width="2"/>',
            t["legend_critical"],
        ),
        (
            f'<rect x="0" y="0" width="18" height="12" fill="{c["tint"]}" stroke="{c["solid"]}"/>'
            f'<rect x="0" y="0" width="9" height="12" fill="{c["solid"]}"/>',
            t["legend_progress"],
        ),
        (
            f'<rect x="0" y="0" width="18" height="12" fill="{c["solid"]}"/>',
            f"✓ {t['legend_done']}",
        ),
        (
            f'<path d="{diamond(9, 6, 5)}" fill="#ffffff" stroke="{TEXT}" stroke-width="1.2"/>',
            t["legend_deadline"],
        ),
        (f'<path d="{diamond(9, 6, 5)}" fill="{MISSED}"/>', t["legend_deadline_missed"]),
    ]


def _tooltip(m: ScheduledMeasure, locale: Locale) -> str:
    t = locale.labels
    parts = [
        f"{m.id} {m.title}",
        t["tooltip_dates"].format(start=locale.date(m.start), finish=locale.date(m.finish)),
        locale.obligation(m.obligation.value),
        locale.status(m.status.value)
        + (f" {locale.percent(m.progress)}" if m.status.value == "in_progress" else ""),
        t["tooltip_slack"].format(slack=m.slack),
    ]
    if m.critical:
        parts.append(t["critical"])
    if m.deadline is not None:
        parts.append(t["tooltip_deadline"].format(date=locale.date(m.deadline)))
        if m.deadline_slip > 0:
            parts.append(locale.late(m.deadline_slip))
    return " · ".join(parts)


def gantt_svg(groups: Sequence[GanttGroup], status_date: dt.date, locale: Locale,
              svg_id: str = "gantt", href_prefix: str = "#m-") -> str:  # fmt: skip
    """The whole plan as one SVG string (deterministic)."""
    t = locale.labels
    measures = [m for g in groups for m in g.measures]
    first = min([m.start for m in measures] + [status_date])
    last = max([m.finish for m in measures] + [status_date])
    last = max([last] + [m.deadline for m in measures if m.deadline and m.deadline > first])
    axis = Axis.around(first, last, LABEL_W + TAG_W + 10, 30, 480, 900)
    width = axis.x0 + axis.width + RIGHT
    rows_top = TOP + 3 * HEAD_ROW + 4
    n_rows = len(measures) + len(groups)
    rows_bottom = rows_top + n_rows * ROW_H
    label_chars = chars_for(LABEL_W - 12, 11)

    body: list[str] = []
    y = rows_top
    stripe = False
    for group in groups:
        body.extend(_group_row(group, axis, y, width, locale, label_chars))
        y += ROW_H
        for m in group.measures:
            body.extend(_row(m, axis, y, width, stripe, locale, label_chars, href_prefix))
            stripe = not stripe
            y += ROW_H

    legend, legend_h = _legend(rows_bottom + 10, width, locale)
    height = rows_bottom + 10 + legend_h
    desc = t["gantt_desc"].format(
        count=len(measures),
        fields=len(groups),
        start=locale.date(first),
        finish=locale.date(last),
        status=locale.date(status_date),
    )
    head = svg_open(svg_id, width, height, t["gantt_caption"], desc)
    return _assemble(head, axis, body, legend, status_date, rows_bottom, locale)


def _group_row(group: GanttGroup, axis: Axis, y: float, width: float, locale: Locale,
               label_chars: int) -> list[str]:  # fmt: skip
    """The heading row of a field of action, with a thin bar over all its measures."""
    out = [
        f'<rect x="0" y="{num(y)}" width="{num(width)}" height="{ROW_H}" fill="#e8edf3"/>'
        f'<text x="8" y="{num(y + 14)}" font-weight="bold">'
        f"{esc(truncate(group.title, label_chars + 6))}</text>"
    ]
    if group.measures:
        gs = min(m.start for m in group.measures)
        gf = max(m.finish for m in group.measures)
        xs, xe = axis.clamp(gs), axis.clamp(gf + ONE_DAY)
        dates = locale.labels["tooltip_dates"].format(start=locale.date(gs), finish=locale.date(gf))
        out.append(
            f'<rect x="{num(xs)}" y="{num(y + 7)}" width="{num(max(2, xe - xs))}" height="6" '
            f'fill="#3c4043"><title>{esc(group.title)}: {esc(dates)}</title></rect>'
        )
    return out


def _row(m: ScheduledMeasure, axis: Axis, y: float, width: float, stripe: bool, locale: Locale,
         label_chars: int, href_prefix: str) -> list[str]:  # fmt: skip
    """One measure: stripe, label, obligation letter, bar, deadline mark and notes."""
    solid = COLOURS[m.obligation.value]["solid"]
    out = []
    if stripe:
        out.append(
            f'<rect x="0" y="{num(y)}" width="{num(width)}" height="{ROW_H}" fill="#f5f5f5"/>'
        )
    weight = ' font-weight="bold"' if m.critical else ""
    if m.critical:  # bold text is wider
        label_chars = label_chars * 6 // 7
    title = truncate(m.title, max(4, label_chars - len(m.id) - 1))
    out.append(
        f'<a href="{href_prefix}{esc(m.id)}"><text x="8" y="{num(y + 14)}"{weight}>'
        f'<tspan font-weight="bold">{esc(m.id)}</tspan> {esc(title)}</text></a>'
        f'<text x="{num(LABEL_W + TAG_W / 2)}" y="{num(y + 14)}" text-anchor="middle" '
        f'font-weight="bold" fill="{solid}">{locale.obligation_letter(m.obligation.value)}</text>'
    )
    end_x = _bar(m, axis, y, f"<title>{esc(_tooltip(m, locale))}</title>", out)
    if m.deadline is not None:
        end_x = max(end_x, _deadline_mark(m, m.deadline, axis, y, locale, out))
    _notes(m, end_x, y, locale, out)
    return out


def _bar(m: ScheduledMeasure, axis: Axis, y: float, tip: str, out: list[str]) -> float:
    """The bar (or milestone diamond) of a measure; returns where it ends on the right."""
    colour = COLOURS[m.obligation.value]
    solid, tint = colour["solid"], colour["tint"]
    status = m.status.value
    cy = y + ROW_H / 2
    xs = axis.clamp(m.start)
    if m.milestone:
        stroke = f' stroke="{CRITICAL}" stroke-width="1.5"' if m.critical else ""
        out.append(f'<path d="{diamond(xs, cy, 6)}" fill="{solid}"{stroke}>{tip}</path>')
        return xs + 6
    xe = axis.clamp(m.finish + ONE_DAY)
    w = max(2.0, xe - xs)
    by = cy - BAR_H / 2
    fill = solid if status == "done" else tint
    stroke = (
        f'stroke="{CRITICAL}" stroke-width="2"'
        if m.critical
        else f'stroke="{solid}" stroke-width="1"'
    )
    dash = ' stroke-dasharray="3 2"' if status == "on_hold" else ""
    out.append(
        f'<rect x="{num(xs)}" y="{num(by)}" width="{num(w)}" height="{BAR_H}" '
        f'fill="{fill}" {stroke}{dash}>{tip}</rect>'
    )
    if status == "in_progress" and m.progress > 0:
        out.append(
            f'<rect x="{num(xs)}" y="{num(by)}" width="{num(w * m.progress / 100)}" '
            f'height="{BAR_H}" fill="{solid}" pointer-events="none"/>'
        )
    return xe


def _deadline_mark(m: ScheduledMeasure, deadline: dt.date, axis: Axis, y: float,
                   locale: Locale, out: list[str]) -> float:  # fmt: skip
    """Tick and diamond at the deadline (red when missed); returns its right edge."""
    missed = m.deadline_slip > 0
    xd = axis.clamp(deadline + ONE_DAY)
    colour = MISSED if missed else TEXT
    fill = MISSED if missed else "#ffffff"
    tip = locale.labels["tooltip_deadline"].format(date=locale.date(deadline))
    out.append(
        f'<g class="deadline"><line x1="{num(xd)}" y1="{num(y + 2)}" x2="{num(xd)}" '
        f'y2="{num(y + ROW_H - 2)}" stroke="{colour}" stroke-width="1.5"/>'
        f'<path d="{diamond(xd, y + ROW_H / 2, 4.5)}" fill="{fill}" stroke="{colour}" '
        f'stroke-width="1.2"><title>{esc(tip)}</title></path></g>'
    )
    return xd + 5


def _notes(m: ScheduledMeasure, end_x: float, y: float, locale: Locale, out: list[str]) -> None:
    """Status text right of the bar (✓, progress, on hold) and the slip of a missed deadline."""
    status = m.status.value
    notes = []
    if status == "done":
        notes.append("✓")
    elif status == "in_progress":
        notes.append(locale.percent(m.progress))
    elif status == "on_hold":
        notes.append(locale.status("on_hold"))
    if notes:
        out.append(
            f'<text x="{num(end_x + 4)}" y="{num(y + 14)}" fill="{MUTED}">{esc(" ".join(notes))}</text>'
        )
        end_x += 8 + len(" ".join(notes)) * 6.4
    if m.deadline_slip > 0:
        out.append(
            f'<text x="{num(end_x + 4)}" y="{num(y + 14)}" fill="{MISSED}" font-weight="bold">'
            f"{esc(locale.labels['late_short'].format(days=m.deadline_slip))}</text>"
        )


@dataclass(frozen=True)
class TimelineItem:
    label: str
    start: dt.date
    end: dt.date  # inclusive; equal to start for a milestone
    milestone: bool
    href: str | None = None


def timeline_svg(items: Sequence[TimelineItem], status_date: dt.date, locale: Locale,
                 svg_id: str = "timeline") -> str:  # fmt: skip
    """Phases (bars) and milestones (diamonds) of one profile."""
    t = locale.labels
    first = min([i.start for i in items] + [status_date])
    last = max([i.end for i in items] + [status_date])
    axis = Axis.around(first, last, 250, 40, 420, 900)
    width = axis.x0 + axis.width + 24
    rows_top = TOP + 3 * HEAD_ROW + 4
    rows_bottom = rows_top + len(items) * ROW_H
    body = []
    colour = "#3f6d9e"
    for n, item in enumerate(items):
        y = rows_top + n * ROW_H
        cy = y + ROW_H / 2
        if n % 2:
            body.append(
                f'<rect x="0" y="{num(y)}" width="{num(width)}" height="{ROW_H}" fill="#f5f5f5"/>'
            )
        label = (
            f'<text x="8" y="{num(y + 14)}">{esc(truncate(item.label, chars_for(236, 11)))}</text>'
        )
        if item.href:
            label = f'<a href="{esc(item.href)}">{label}</a>'
        body.append(label)
        dates = (
            locale.date(item.start)
            if item.milestone
            else t["tooltip_dates"].format(
                start=locale.date(item.start), finish=locale.date(item.end)
            )
        )
        tip = f"<title>{esc(item.label)}: {esc(dates)}</title>"
        if item.milestone:
            body.append(
                f'<path d="{diamond(axis.clamp(item.start + ONE_DAY), cy, 6)}" fill="{TEXT}">{tip}</path>'
            )
        else:
            xs, xe = axis.clamp(item.start), axis.clamp(item.end + ONE_DAY)
            body.append(
                f'<rect x="{num(xs)}" y="{num(cy - BAR_H / 2)}" width="{num(max(2, xe - xs))}" '
                f'height="{BAR_H}" fill="{colour}">{tip}</rect>'
            )
    legend, legend_h = _legend(rows_bottom + 10, width, locale, timeline=True)
    height = rows_bottom + 10 + legend_h
    phases = sum(1 for i in items if not i.milestone)
    desc = t["timeline_desc"].format(
        phases=phases,
        milestones=len(items) - phases,
        start=locale.date(first),
        finish=locale.date(last),
    )
    head = svg_open(svg_id, width, height, t["phase_timeline_caption"], desc)
    return _assemble(head, axis, body, legend, status_date, rows_bottom, locale)


def _assemble(
    head: list[str],
    axis: Axis,
    body: list[str],
    legend: list[str],
    status_date: dt.date,
    rows_bottom: float,
    locale: Locale,
) -> str:
    """Header, time axis, rows, the status line and the legend as one SVG document."""
    out = [*head, *axis.header(TOP, HEAD_ROW, locale, rows_bottom), *body]
    out += _status_line(axis, status_date, TOP, rows_bottom, locale)
    out += [*legend, "</svg>"]
    return "\n".join(out)
