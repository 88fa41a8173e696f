"""Small helpers shared by the SVG charts: escaping, number output, colours, a time axis.

Charts are built as lists of strings and joined once, so their cost is linear in the number
of rows; every coordinate is rounded to one decimal, so output is byte-identical per input.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from egovkit.render.locale import Locale

#: Width of a chart that fits a 1024-pixel page (its content box is about 975 pixels); a
#: chart no wider than this may shrink to a narrower page (class ``fit``), a wider one scrolls.
TARGET_W = 960
FONT = "DejaVu Sans, Segoe UI, Helvetica, Arial, sans-serif"
TEXT = "#1a1a1a"
MUTED = "#595959"
GRID = "#d9d9d9"
GRID_STRONG = "#9e9e9e"
CRITICAL = "#111111"
MISSED = "#b00020"

#: Obligation colours (Bergisch Gladbach: red = required, blue = standard, unmarked =
#: voluntary), each ≥ 4.5:1 against white; ``tint`` is the unfinished part of a bar.
COLOURS = {
    "required": {"solid": "#c62828", "tint": "#f4c7c3"},
    "standard": {"solid": "#1d5fa6", "tint": "#c6d9ef"},
    "voluntary": {"solid": "#5f6368", "tint": "#dadce0"},
}

_XML_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})


def esc(text: object) -> str:
    """Escape for XML text and double-quoted attributes."""
    return str(text).translate(_XML_ESCAPES)


def num(value: float) -> str:
    """A coordinate rounded to one decimal, without a trailing ``.0``."""
    text = f"{value:.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    return "0" if text == "-0" else text


def lang_attr(lang: str | None) -> str:
    """`` lang="de"`` for user text in another language than the page, else nothing."""
    return f' lang="{esc(lang)}"' if lang else ""


def text_block(x: float, y: float, lines: list[str], line_h: float, attrs: str = "") -> str:
    """A ``<text>`` whose first baseline is at ``y``, one ``<tspan>`` per further line."""
    if len(lines) == 1:
        return f'<text x="{num(x)}" y="{num(y)}"{attrs}>{esc(lines[0])}</text>'
    spans = "".join(
        f'<tspan x="{num(x)}" dy="{num(line_h) if n else 0}">{esc(line)}</tspan>'
        for n, line in enumerate(lines)
    )
    return f'<text x="{num(x)}" y="{num(y)}"{attrs}>{spans}</text>'


def hatch(pattern_id: str, colour: str, background: str) -> str:
    """A diagonal hatching (``fill="url(#id)"``): lines of ``colour`` on ``background``."""
    return (
        f'<pattern id="{esc(pattern_id)}" width="5" height="5" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="5" height="5" fill="{background}"/>'
        f'<line x1="0" y1="0" x2="0" y2="5" stroke="{colour}" stroke-width="2.5"/></pattern>'
    )


def diamond(cx: float, cy: float, r: float) -> str:
    return (
        f"M{num(cx)} {num(cy - r)}L{num(cx + r)} {num(cy)}"
        f"L{num(cx)} {num(cy + r)}L{num(cx - r)} {num(cy)}Z"
    )


def svg_open(
    svg_id: str,
    width: float,
    height: float,
    title: str,
    desc: str,
    defs: str = "",
    links: bool = False,
) -> list[str]:
    """The head of every chart: the accessible ``<svg>`` element with its ``<title>`` and
    ``<desc>``, optional ``<defs>`` and the white background.

    A chart is an image (``role="img"``, whose content assistive technology skips) unless it
    holds links: then it is a labelled group, so its links stay reachable."""
    sid = esc(svg_id)
    role = "group" if links else "img"
    fit = " fit" if width <= TARGET_W + 20 else ""
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" id="{sid}" class="chart{fit}" role="{role}" '
        f'aria-labelledby="{sid}-title {sid}-desc" width="{num(width)}" '
        f'height="{num(height)}" viewBox="0 0 {num(width)} {num(height)}" '
        f'font-family="{FONT}" font-size="11" fill="{TEXT}">',
        f'<title id="{sid}-title">{esc(title)}</title>',
        f'<desc id="{sid}-desc">{esc(desc)}</desc>',
        *([defs] if defs else []),
        '<rect width="100%" height="100%" fill="#ffffff"/>',
    ]


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)


@dataclass(frozen=True)
class Axis:
    """Linear time scale: ``start`` (first of a month) … ``end`` (exclusive, first of a month)."""

    start: dt.date
    end: dt.date
    x0: float
    width: float

    @classmethod
    def around(cls, first: dt.date, last: dt.date, x0: float, px_per_month: float,
               min_width: float, max_width: float) -> Axis:  # fmt: skip
        start = month_start(first)
        end = next_month(last)
        months = (end.year - start.year) * 12 + end.month - start.month
        width = min(max_width, max(min_width, months * px_per_month))
        return cls(start, end, x0, width)

    @property
    def days(self) -> int:
        return (self.end - self.start).days

    def x(self, day: dt.date) -> float:
        return self.x0 + (day - self.start).days * self.width / self.days

    def clamp(self, day: dt.date) -> float:
        return self.x(min(max(day, self.start), self.end))

    def months(self) -> list[dt.date]:
        out, day = [], self.start
        while day < self.end:
            out.append(day)
            day = next_month(day)
        return out

    def header(self, top: float, row_h: float, locale: Locale, grid_bottom: float) -> list[str]:
        """Year, quarter and month rows from ``top``, grid lines down to ``grid_bottom``."""
        out = [f'<g class="axis" font-size="10" fill="{TEXT}">']
        grid = [f'<g class="grid" stroke="{GRID}" stroke-width="1">']
        years, quarters = self._spans()
        self._years(years, top, row_h, grid_bottom, out, grid)
        self._quarters(quarters, top + row_h, row_h, grid_bottom, out, grid)
        self._months(locale, top + 2 * row_h, row_h, grid_bottom, out, grid)
        xe = self.x0 + self.width
        y_axis = top + 3 * row_h
        grid.append(
            f'<line x1="{num(xe)}" y1="{num(top)}" x2="{num(xe)}" y2="{num(grid_bottom)}" '
            f'stroke="{GRID_STRONG}"/>'
        )
        grid.append(
            f'<line x1="{num(self.x0)}" y1="{num(y_axis)}" x2="{num(xe)}" '
            f'y2="{num(y_axis)}" stroke="{GRID_STRONG}"/>'
        )
        out.append("</g>")
        grid.append("</g>")
        return grid + out

    def _spans(self) -> tuple[list[tuple[dt.date, dt.date]], list[tuple[dt.date, dt.date]]]:
        """(first month, end) of every year and every quarter on the axis."""
        years: list[tuple[dt.date, dt.date]] = []
        quarters: list[tuple[dt.date, dt.date]] = []
        for day in self.months():
            if not years or day.year != years[-1][0].year:
                years.append((day, day))
            years[-1] = (years[-1][0], next_month(day))
            if not quarters or (day.month - 1) % 3 == 0 or quarters[-1][0].year != day.year:
                quarters.append((day, day))
            quarters[-1] = (quarters[-1][0], next_month(day))
        return years, quarters

    def _years(self, spans: list[tuple[dt.date, dt.date]], y: float, row_h: float,
               grid_bottom: float, out: list[str], grid: list[str]) -> None:  # fmt: skip
        for a, b in spans:
            xa, xb = self.x(a), self.x(b)
            if xb - xa >= 30:
                out.append(
                    f'<text x="{num((xa + xb) / 2)}" y="{num(y + row_h - 5)}" '
                    f'text-anchor="middle" font-weight="bold">{a.year}</text>'
                )
            grid.append(
                f'<line x1="{num(xa)}" y1="{num(y)}" x2="{num(xa)}" '
                f'y2="{num(grid_bottom)}" stroke="{GRID_STRONG}"/>'
            )

    def _quarters(self, spans: list[tuple[dt.date, dt.date]], y: float, row_h: float,
                  grid_bottom: float, out: list[str], grid: list[str]) -> None:  # fmt: skip
        for a, b in spans:
            xa, xb = self.x(a), self.x(b)
            if xb - xa >= 18:
                out.append(
                    f'<text x="{num((xa + xb) / 2)}" y="{num(y + row_h - 5)}" '
                    f'text-anchor="middle">Q{(a.month - 1) // 3 + 1}</text>'
                )
            if a.month != 1:
                grid.append(
                    f'<line x1="{num(xa)}" y1="{num(y)}" x2="{num(xa)}" '
                    f'y2="{num(grid_bottom)}" stroke="#bdbdbd"/>'
                )

    def _months(self, locale: Locale, y: float, row_h: float, grid_bottom: float,
                out: list[str], grid: list[str]) -> None:  # fmt: skip
        months = self.months()
        month_w = self.width / max(1, len(months))
        for day in months:
            xa = self.x(day)
            if month_w >= 24:
                label = locale.month_short(day.month)
            elif month_w >= 9:
                label = locale.month_short(day.month)[0]
            else:
                label = ""
            if label:
                out.append(
                    f'<text x="{num(xa + month_w / 2)}" y="{num(y + row_h - 5)}" '
                    f'text-anchor="middle" fill="{MUTED}">{label}</text>'
                )
            if day.month % 3 != 1 and month_w >= 6:
                grid.append(
                    f'<line x1="{num(xa)}" y1="{num(y)}" x2="{num(xa)}" y2="{num(grid_bottom)}"/>'
                )
