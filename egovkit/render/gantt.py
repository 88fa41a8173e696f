"""Gantt chart (all measures, grouped by field of action) as an inline SVG string.

One row per measure: its title, whole (wrapped onto further lines when long; the id is in
the tooltip and the link target), linked to the measure's table row; the obligation letter;
the bar (obligation colour: tinted fill, solid outline; dark part = progress; hatched =
done; thick black outline = critical; dashed = on hold; dotted = status unknown); a
measure planned by a period and a duration has its planned period drawn as a frame around
the forecast bar (a measure planned by its period alone has that period as its bar); a
deadline tick with a diamond (hollow when met, filled when missed); right after the bar its
status (✓, progress, on hold, ? when unknown) and, when late, ``+N AT`` in red. Everything
is also said in text: the row tooltip, the letter and the legend
(:mod:`egovkit.render.legend`). Work is linear in the number of rows. Focus areas are indented group rows under their field of action, whose summary bar
spans them. The phase timeline of a profile is in :mod:`egovkit.render.timeline`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from egovkit.plan.deadlines import DeadlineVerdict, worst_deadline
from egovkit.plan.schedule import ScheduledMeasure
from egovkit.render.chart import (
    BAR_H,
    FONT,
    HEAD_ROW,
    LINE_H,
    ONE_DAY,
    TOP,
    assemble,
    label_lines,
    label_width,
    row_height,
)
from egovkit.render.gantt_text import GROUP_BAR, INDENT, baseline_bar, phase_row, tooltip
from egovkit.render.legend import gantt_items, legend
from egovkit.render.locale import Locale
from egovkit.render.svg import (
    COLOURS,
    CRITICAL,
    MISSED,
    MUTED,
    TARGET_W,
    TEXT,
    Axis,
    diamond,
    esc,
    hatch,
    lang_attr,
    num,
    svg_open,
    text_block,
)
from egovkit.render.textfit import text_width
from egovkit.render.timeline import TimelineItem, timeline_svg

__all__ = ["GanttGroup", "TimelineItem", "gantt_svg", "timeline_svg"]

TAG_W = 22
WINDOW_H = 18  # the frame of a planned period, around a bar of BAR_H
RIGHT = 56  # room right of the time axis for the notes of bars that end there


@dataclass(frozen=True)
class GanttGroup:
    """One field of action or focus area: its title and its own measures in plan order."""

    anchor: str
    title: str
    measures: Sequence[ScheduledMeasure]
    depth: int = 1  # 1 field of action, 2 focus area, 3 sub-area (indented)
    span: Sequence[ScheduledMeasure] = ()  # what its summary bar covers; default: measures
    label: str = ""  # Mermaid section title (the path of a focus area); default: title
    #: phases of a project or sub-project (name, first day, last day), drawn as rows of their own
    phases: Sequence[tuple[str, dt.date, dt.date]] = ()

    @property
    def covered(self) -> Sequence[ScheduledMeasure]:
        return self.span or self.measures


@dataclass(frozen=True)
class Baseline:
    """The plan of a baseline revision, drawn behind the current bars: each measure's
    (start, finish) then, and its finish's drift since in working days."""

    label: str  # "Beschluss 2021"
    dates: Mapping[str, tuple[dt.date, dt.date]]
    drift: Mapping[str, int]


@dataclass(frozen=True)
class _Frame:
    """What every row needs: the time axis, the chart width, the label column and the page."""

    axis: Axis
    width: float
    label_w: float
    svg_id: str
    href_prefix: str
    lang: str  # lang attribute of user text, or ""
    locale: Locale
    framed: frozenset[str] = frozenset()  # measures drawn as a forecast in their period
    baseline: Baseline | None = None
    tag_w: float = 0.0  # the obligation letter's column (TAG_W)


def gantt_svg(groups: Sequence[GanttGroup], status_date: dt.date, locale: Locale,
              svg_id: str = "gantt", href_prefix: str = "#m-",
              content_lang: str | None = None,
              forecasts: Collection[str] | None = None,
              baseline: Baseline | None = None) -> str:  # fmt: skip
    """The whole plan as one SVG string (deterministic).

    ``content_lang`` is the language of the titles; it is marked on them when it differs
    from the language of the page. ``forecasts`` are the ids of measures planned by a period
    and a duration, whose bar is a forecast drawn inside the frame of the period (default:
    every measure with a window that was not placed in it). ``baseline`` draws the plan of a
    baseline revision as thin bars under the current ones and labels each finish's drift."""
    t = locale.labels
    measures = [m for g in groups for m in g.measures]
    extra = [d for pair in (baseline.dates.values() if baseline else ()) for d in pair]
    first, last = _span(groups, measures, status_date, extra)
    phases = [ph for g in groups for ph in g.phases]
    label_w = label_width(
        [(g.title, True) for g in groups]
        + [(m.title, m.critical) for m in measures]
        + [(ph[0], False) for ph in phases]
    )
    x0 = 8 + label_w + TAG_W + 10
    room = max(360.0, TARGET_W - x0 - RIGHT)
    axis = Axis.around(first, last, x0, 30, min(480.0, room), room)
    width = axis.x0 + axis.width + RIGHT
    lang = content_lang if content_lang and content_lang != locale.language else ""
    if forecasts is None:
        forecasts = [m.id for m in measures if m.window and not m.fixed_window]
    framed = frozenset(m.id for m in measures if m.window and m.id in set(forecasts))
    frame = _Frame(axis, width, label_w, svg_id, href_prefix, lang, locale, framed, baseline, TAG_W)

    body: list[str] = []
    y = TOP + 3 * HEAD_ROW + 4
    stripe = False
    for group in groups:
        y = _group_row(group, frame, y, body)
        for phase in group.phases:
            y = phase_row(phase, group.depth, frame, y, body)
        for m in group.measures:
            y = _row(m, frame, y, stripe, body)
            stripe = not stripe

    items, bottom = _legend(frame, measures, bool(phases), y)
    desc = t["gantt_desc"].format(
        count=len(measures),
        fields=sum(1 for g in groups if g.depth == 1),
        start=locale.date(first),
        finish=locale.date(last),
        status=locale.date(status_date),
    )
    head = svg_open(
        svg_id, width, y + 10 + bottom, t["gantt_caption"], desc, _defs(svg_id), bool(measures)
    )
    return assemble(head, axis, body, items, status_date, y, locale)


def _span(
    groups: Sequence[GanttGroup],
    measures: list[ScheduledMeasure],
    status_date: dt.date,
    extra: Sequence[dt.date] = (),
) -> tuple[dt.date, dt.date]:
    """The first and last day the chart shows: bars, periods, phases, deadlines, status,
    and ``extra`` days (a baseline's)."""
    windows = [m.window for m in measures if m.window]
    phases = [ph for g in groups for ph in g.phases]
    first = min([m.start for m in measures] + [w[0] for w in windows] + [status_date])
    first = min([first, *extra] + [ph[1] for ph in phases])
    last = max([m.finish for m in measures] + [w[1] for w in windows] + [status_date])
    last = max([last, *extra] + [ph[2] for ph in phases])
    return first, max([last] + [v.date for m in measures for v in m.deadlines if v.date > first])


def _legend(f: _Frame, measures: list[ScheduledMeasure], phases: bool, y: float):
    """The legend under the rows: only the looks this chart uses."""
    unknown = any(m.status.value == "unknown" for m in measures)
    looks = gantt_items(f.locale, bool(f.framed), unknown, phases, f.baseline is not None)
    return legend(y + 10, f.width, looks, f.locale, f"{f.svg_id}-done")


def _defs(svg_id: str) -> str:
    """Hatchings for done bars: one per obligation colour, one in black for the legend."""
    patterns = [hatch(f"{svg_id}-done-{key}", c["solid"], c["tint"]) for key, c in COLOURS.items()]
    patterns.append(hatch(f"{svg_id}-done", TEXT, "#ffffff"))
    return "<defs>" + "".join(patterns) + "</defs>"


def _group_row(group: GanttGroup, f: _Frame, y: float, out: list[str]) -> float:
    """The heading row of a field of action, with a thin bar over all its measures; returns
    where the next row starts."""
    indent = INDENT * (group.depth - 1)
    lines = label_lines(group.title, f.label_w + TAG_W - indent, bold=True)
    h = row_height(len(lines))
    band = "#e8edf3" if group.depth == 1 else "#f0f3f7"
    out.append(f'<rect x="0" y="{num(y)}" width="{num(f.width)}" height="{num(h)}" fill="{band}"/>')  # fmt: skip
    out.append(
        text_block(8 + indent, y + 14, lines, LINE_H, f' font-weight="bold"{lang_attr(f.lang)}')
    )
    if group.covered:
        gs = min(min(m.start, m.window[0]) if m.window else m.start for m in group.covered)
        gf = max(max(m.finish, m.window[1]) if m.window else m.finish for m in group.covered)
        xs, xe = f.axis.clamp(gs), f.axis.clamp(gf + ONE_DAY)
        loc = f.locale
        dates = loc.labels["tooltip_dates"].format(start=loc.date(gs), finish=loc.date(gf))
        out.append(
            f'<rect x="{num(xs)}" y="{num(y + h / 2 - 3)}" width="{num(max(2, xe - xs))}" '
            f'height="6" fill="{GROUP_BAR}"><title>{esc(group.title)}: {esc(dates)}</title></rect>'
        )
    return y + h


def _row(m: ScheduledMeasure, f: _Frame, y: float, stripe: bool, out: list[str]) -> float:
    """One measure: stripe, title, obligation letter, bar, deadline mark and notes; returns
    where the next row starts."""
    lines = label_lines(m.title, f.label_w, bold=m.critical)
    h = row_height(len(lines))
    if stripe:
        out.append(
            f'<rect x="0" y="{num(y)}" width="{num(f.width)}" height="{num(h)}" fill="#f5f5f5"/>'
        )
    weight = ' font-weight="bold"' if m.critical else ""
    solid = COLOURS[m.obligation.value]["solid"]
    letter = f.locale.obligation_letter(m.obligation.value)
    out.append(
        f'<a href="{esc(f.href_prefix)}{esc(m.id)}">'
        f"{text_block(8, y + 14, lines, LINE_H, weight + lang_attr(f.lang))}</a>"
        f'<text x="{num(8 + f.label_w + TAG_W / 2)}" y="{num(y + h / 2 + 4)}" '
        f'text-anchor="middle" font-weight="bold" fill="{solid}">{letter}</text>'
    )
    cy = y + h / 2
    baseline_bar(m, f, cy, out)
    tip = f"<title>{esc(tooltip(m, f.locale, m.id in f.framed))}</title>"
    start_x, end_x = _bar(m, f, cy, tip, out)
    mark = None
    worst = worst_deadline(m.deadlines)
    if worst is not None:
        mark = _deadline_mark(worst, f, cy, out)
    _notes(m, f, (start_x, end_x), mark, cy, out)
    return y + h


def _bar(m: ScheduledMeasure, f: _Frame, cy: float, tip: str, out: list[str]) -> tuple[float, float]:  # fmt: skip
    """The bar (or milestone diamond) of a measure; returns its left and right edge."""
    key = m.obligation.value
    solid, tint = COLOURS[key]["solid"], COLOURS[key]["tint"]
    status = m.status.value
    fill = f"url(#{esc(f.svg_id)}-done-{key})" if status == "done" else tint
    if m.window and m.id in f.framed:
        _window(m.window, f, cy, out)
    xs = f.axis.clamp(m.start)
    if m.milestone:
        stroke = (
            f'stroke="{CRITICAL}" stroke-width="2"'
            if m.critical
            else f'stroke="{solid}" stroke-width="1.5"'
        )
        out.append(f'<path d="{diamond(xs, cy, 6.5)}" fill="{fill}" {stroke}>{tip}</path>')
        return xs - 7, xs + 7
    xe = f.axis.clamp(m.finish + ONE_DAY)
    w = max(2.0, xe - xs)
    by = cy - BAR_H / 2
    stroke = (
        f'stroke="{CRITICAL}" stroke-width="2"'
        if m.critical
        else f'stroke="{solid}" stroke-width="{1.5 if status == "unknown" else 1}"'
    )
    dash = DASHES.get(status, "")
    out.append(
        f'<rect x="{num(xs)}" y="{num(by)}" width="{num(w)}" height="{BAR_H}" '
        f'fill="{fill}" {stroke}{dash}>{tip}</rect>'
    )
    if status == "in_progress" and m.progress_known and m.progress > 0:
        out.append(
            f'<rect x="{num(xs)}" y="{num(by)}" width="{num(w * m.progress / 100)}" '
            f'height="{BAR_H}" fill="{solid}" pointer-events="none"/>'
        )
    return xs, xs + w


#: Outlines that tell a status (besides hatching for done).
DASHES = {"on_hold": ' stroke-dasharray="3 2"', "unknown": ' stroke-dasharray="1.5 2"'}


def _window(window: tuple[dt.date, dt.date], f: _Frame, cy: float, out: list[str]) -> None:
    """The planned period of a measure that also has a forecast: a frame around its row's
    bar, under it."""
    xs, xe = f.axis.clamp(window[0]), f.axis.clamp(window[1] + ONE_DAY)
    out.append(
        f'<rect class="window" x="{num(xs)}" y="{num(cy - WINDOW_H / 2)}" '
        f'width="{num(max(2.0, xe - xs))}" height="{WINDOW_H}" fill="none" stroke="{TEXT}" '
        'stroke-width="1"/>'
    )


def _deadline_mark(v: DeadlineVerdict, f: _Frame, cy: float, out: list[str]) -> float:
    """Tick and diamond at the deadline (filled when exceeded); returns its x."""
    xd = f.axis.clamp(v.date + ONE_DAY)
    fill = TEXT if v.verdict.exceeded else "#ffffff"
    tip = f.locale.labels["tooltip_deadline"].format(date=f.locale.date(v.date))
    tip += f" – {f.locale.labels['verdict_' + v.verdict.value]}"
    out.append(
        f'<g class="deadline"><line x1="{num(xd)}" y1="{num(cy - 8)}" x2="{num(xd)}" '
        f'y2="{num(cy + 8)}" stroke="{TEXT}" stroke-width="1.5"/>'
        f'<path d="{diamond(xd, cy, 4.5)}" fill="{fill}" stroke="{TEXT}" '
        f'stroke-width="1.2"><title>{esc(tip)}</title></path></g>'
    )
    return xd


def _notes(m: ScheduledMeasure, f: _Frame, bar: tuple[float, float], mark: float | None,
           cy: float, out: list[str]) -> None:  # fmt: skip
    """Status (✓, progress, on hold) and the slip of a missed deadline, right after the bar:
    past the deadline mark if that stands in the way, left of the bar if the chart ends."""
    status = m.status.value
    notes: list[tuple[str, str]] = []  # (text, attributes)
    if status in ("done", "in_progress", "on_hold", "unknown"):
        share = f.locale.percent(m.progress) if m.progress_known else f.locale.status(status)
        text = {"done": "✓", "in_progress": share, "unknown": "?"}.get(
            status, f.locale.status("on_hold")
        )
        notes.append((text, f' fill="{MUTED}"'))
    worst = worst_deadline(m.deadlines)
    slip = worst.slip_days if worst is not None and worst.verdict.exceeded else 0
    if slip > 0:
        late = f.locale.labels["late_short"].format(days=slip)
        notes.append((late, f' fill="{MISSED}" font-weight="bold"'))
    drift = f.baseline.drift.get(m.id, 0) if f.baseline is not None else 0
    if drift:
        text = f.locale.text("drift_vs", days=f"{drift:+d}", name=f.baseline.label)
        notes.append((text, f' fill="{MISSED if drift > 0 else MUTED}"'))
    if not notes:
        return
    widths = [text_width(text, FONT, "bold" in attrs) for text, attrs in notes]
    total = sum(widths) + 5 * (len(notes) - 1)
    x = _notes_x(m, bar, mark, total, f)
    for (text, attrs), w in zip(notes, widths, strict=True):
        out.append(f'<text x="{num(x)}" y="{num(cy + 4)}"{attrs}>{esc(text)}</text>')
        x += w + 5


def _notes_x(m: ScheduledMeasure, bar: tuple[float, float], mark: float | None, total: float,
             f: _Frame) -> float:  # fmt: skip
    """Where notes ``total`` wide start: right after the bar; when the deadline mark stands
    there, inside the bar's end if its unfinished part has room, else past the mark; left of
    the bar when the chart ends first."""
    x = bar[1] + 5
    if mark is not None and x - 6 < mark < x + total + 6:
        share = 100 if m.status.value == "done" else (m.progress if m.progress_known else 0)
        done_x = bar[0] + (bar[1] - bar[0]) * share / 100
        inside = bar[1] - 4 - total
        x = inside if not m.milestone and inside - 4 >= done_x else mark + 7
    if x + total > f.width - 2 and bar[0] - 5 - total > f.axis.x0:
        x = bar[0] - 5 - total
    return x
