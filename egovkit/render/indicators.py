"""Indicators of measures and goals: a small chart drawn by egovkit and the figures of its
text table (baseline, latest value, target, each with its date).

The chart shows the measured values over time as a line with dots, the baseline as a hollow
square and the target as a ring with a dot, joined to the latest value by a dashed line.
Shapes tell them apart, not colour. It holds no links, so it is an image (``role="img"``)
whose ``<desc>`` lists every value; the table says the same in text.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence

from markupsafe import Markup

from egovkit.model.indicators import Indicator
from egovkit.render.context_items import IndicatorView
from egovkit.render.legend import Item, legend
from egovkit.render.locale import Locale
from egovkit.render.svg import GRID, MUTED, TEXT, esc, num, svg_open
from egovkit.render.textfit import text_width

WIDTH = 380
PLOT_H = 110
TOP = 12
RIGHT = 18
FONT = 10

Point = tuple[dt.date, float]


def indicator_views(indicators: Sequence[Indicator], owner: str,
                    locale: Locale) -> tuple[IndicatorView, ...]:  # fmt: skip
    """The views of the indicators of one measure or goal; ``owner`` makes the chart ids
    unique on a page (``m-<measure>`` or ``g-<goal>``)."""
    return tuple(
        _view(ind, f"ind.{owner}.{ind.id}", locale) for ind in indicators
    )  # "." is in no id


def _view(ind: Indicator, svg_id: str, locale: Locale) -> IndicatorView:
    t = locale.labels
    values = sorted((v.date, v.value) for v in ind.values)
    latest = values[-1] if values else None
    return IndicatorView(
        id=ind.id,
        title=ind.title,
        unit=ind.unit,
        baseline=_at(ind.baseline.date, ind.baseline.value, ind.unit, locale)
        if ind.baseline
        else t["none"],
        latest=_at(*latest, ind.unit, locale) if latest else t["no_values"],
        target=_at(ind.target.date, ind.target.value, ind.unit, locale),
        source=ind.source or "",
        chart_svg=Markup(chart_svg(ind, svg_id, locale)),
    )


def _at(day: dt.date, value: float, unit: str, locale: Locale) -> str:
    return locale.text("value_at", value=locale.quantity(value, unit), date=locale.date(day))


def chart_svg(ind: Indicator, svg_id: str, locale: Locale) -> str:
    """One indicator as an SVG image (deterministic)."""
    t = locale.labels
    base: Point | None = (ind.baseline.date, ind.baseline.value) if ind.baseline else None
    values = sorted((v.date, v.value) for v in ind.values)
    target: Point = (ind.target.date, ind.target.value)
    points = [*([base] if base else []), *values, target]
    lo, hi, ticks = _scale(ind, [p[1] for p in points])
    labels = [locale.decimal(v) for v in ticks]
    x0 = 8 + max(text_width(s, FONT) for s in labels) + 6
    start = dt.date(min(p[0] for p in points).year, 1, 1)
    end = dt.date(max(p[0] for p in points).year + 1, 1, 1)
    frame = _Frame(start, end, x0, WIDTH - RIGHT, lo, hi)
    body = _grid(frame, ticks, labels, locale)
    body += _series(frame, base, values, target, locale)
    bottom = TOP + PLOT_H + 18
    items, legend_h = legend(bottom, WIDTH, _legend_items(t, bool(base)), locale)
    desc = t["indicator_desc"].format(
        title=ind.title,
        unit=ind.unit,
        baseline=_at(*base, ind.unit, locale) if base else t["none"],
        values="; ".join(_at(d, v, ind.unit, locale) for d, v in values) or t["no_values"],
        target=_at(*target, ind.unit, locale),
    )
    title = t["indicator_caption"].format(title=ind.title)
    head = svg_open(svg_id, WIDTH, bottom + legend_h, title, desc)
    return "\n".join([*head, *body, *items, "</svg>"])


class _Frame:
    """The plot area: dates left to right, values bottom to top."""

    def __init__(self, start: dt.date, end: dt.date, x0: float, x1: float,
                 lo: float, hi: float) -> None:  # fmt: skip
        self.start, self.end, self.x0, self.x1, self.lo, self.hi = start, end, x0, x1, lo, hi

    def x(self, day: dt.date) -> float:
        days = (self.end - self.start).days
        return self.x0 + (day - self.start).days * (self.x1 - self.x0) / days

    def y(self, value: float) -> float:
        share = (value - self.lo) / (self.hi - self.lo)
        return TOP + PLOT_H * (1 - min(1.0, max(0.0, share)))


def _scale(ind: Indicator, values: list[float]) -> tuple[float, float, list[float]]:
    """Value range (declared min/max, else the data and zero, widened to round steps) and
    four or five round tick values."""
    lo = ind.min if ind.min is not None else min(0.0, *values)
    hi = ind.max if ind.max is not None else max(values)
    if hi <= lo:
        hi = lo + 1
    raw = (hi - lo) / 4
    power = 10 ** math.floor(math.log10(raw))
    step = next(s * power for s in (1, 2, 2.5, 5, 10) if s * power >= raw)
    if ind.min is None:
        lo = math.floor(lo / step) * step
    if ind.max is None:
        hi = math.ceil(hi / step) * step
    first = math.ceil(lo / step - 1e-9)
    ticks = [round(k * step, 6) for k in range(first, math.floor(hi / step + 1e-9) + 1)]
    return lo, hi, ticks


def _grid(f: _Frame, ticks: list[float], labels: list[str], locale: Locale) -> list[str]:
    """Value lines with their labels, year labels under the plot, year lines."""
    out = [f'<g class="grid" stroke="{GRID}" stroke-width="1">']
    text = [f'<g class="axis" font-size="{FONT}" fill="{TEXT}">']
    for value, label in zip(ticks, labels, strict=True):
        y = f.y(value)
        out.append(f'<line x1="{num(f.x0)}" y1="{num(y)}" x2="{num(f.x1)}" y2="{num(y)}"/>')
        text.append(
            f'<text x="{num(f.x0 - 6)}" y="{num(y + 3.5)}" text-anchor="end">{esc(label)}</text>'
        )
    years = list(range(f.start.year, f.end.year))
    every = max(1, math.ceil(len(years) * 34 / (f.x1 - f.x0)))  # labels at least 34 px apart
    for n, year in enumerate(years):
        xa, xb = f.x(dt.date(year, 1, 1)), f.x(dt.date(year + 1, 1, 1))
        out.append(f'<line x1="{num(xa)}" y1="{TOP}" x2="{num(xa)}" y2="{TOP + PLOT_H}"/>')
        if n % every == 0:
            text.append(
                f'<text x="{num((xa + xb) / 2)}" y="{TOP + PLOT_H + 13}" '
                f'text-anchor="middle" fill="{MUTED}">{year}</text>'
            )
    out.append(
        f'<line x1="{num(f.x1)}" y1="{TOP}" x2="{num(f.x1)}" y2="{TOP + PLOT_H}"/>'
        f'<line x1="{num(f.x0)}" y1="{TOP + PLOT_H}" x2="{num(f.x1)}" y2="{TOP + PLOT_H}" '
        f'stroke="{MUTED}"/>'
    )
    return [*out, "</g>", *text, "</g>"]


def _series(f: _Frame, base: Point | None, values: list[Point], target: Point,
            locale: Locale) -> list[str]:  # fmt: skip
    """The line of measured values (from the baseline), the dashed way to the target and
    the markers."""
    out = []
    line = [*([base] if base else []), *values]
    if len(line) > 1:
        coords = " ".join(f"{num(f.x(d))},{num(f.y(v))}" for d, v in line)
        out.append(f'<polyline points="{coords}" fill="none" stroke="{TEXT}" stroke-width="2"/>')
    if line:
        (ld, lv), (td, tv) = line[-1], target
        out.append(
            f'<line x1="{num(f.x(ld))}" y1="{num(f.y(lv))}" x2="{num(f.x(td))}" '
            f'y2="{num(f.y(tv))}" stroke="{MUTED}" stroke-width="1.5" stroke-dasharray="4 3"/>'
        )
    if base:
        x, y = f.x(base[0]), f.y(base[1])
        out.append(
            f'<rect x="{num(x - 4)}" y="{num(y - 4)}" width="8" height="8" fill="#ffffff" '
            f'stroke="{TEXT}" stroke-width="1.5"/>'
        )
    for d, v in values:
        out.append(f'<circle cx="{num(f.x(d))}" cy="{num(f.y(v))}" r="3.5" fill="{TEXT}"/>')
    x, y = f.x(target[0]), f.y(target[1])
    out.append(
        f'<circle cx="{num(x)}" cy="{num(y)}" r="6.5" fill="#ffffff" stroke="{TEXT}" '
        f'stroke-width="1.5"/><circle cx="{num(x)}" cy="{num(y)}" r="2.5" fill="{TEXT}"/>'
    )
    return out


def _legend_items(t, baseline: bool) -> list[Item]:
    items: list[Item] = [
        (
            f'<line x1="0" y1="6" x2="18" y2="6" stroke="{TEXT}" stroke-width="2"/>'
            f'<circle cx="9" cy="6" r="3.5" fill="{TEXT}"/>',
            t["legend_values"],
        )
    ]
    if baseline:
        items.append(
            (
                f'<rect x="5" y="2" width="8" height="8" fill="#ffffff" stroke="{TEXT}" '
                'stroke-width="1.5"/>',
                t["legend_baseline"],
            )
        )
    items.append(
        (
            f'<circle cx="9" cy="6" r="5.5" fill="#ffffff" stroke="{TEXT}" stroke-width="1.5"/>'
            f'<circle cx="9" cy="6" r="2.2" fill="{TEXT}"/>',
            t["legend_target"],
        )
    )
    return items
