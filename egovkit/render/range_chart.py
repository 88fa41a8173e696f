"""The group's spread per category (portfolio report): one row per category with the range
of the members' scores (minimum to maximum) as a band, the median as a bar across it and
each member as a dot, on a 0-100 axis. The numbers are in the table beside it."""

from __future__ import annotations

from collections.abc import Sequence

from egovkit.assess.score import group_figures
from egovkit.render.svg import GRID, MUTED, TEXT, esc, num, svg_open
from egovkit.render.textfit import text_width

ROW, LEFT, RIGHT, TOP = 26, 250, 20, 26
AXIS_W = 420


def range_chart(svg_id: str, title: str, rows: Sequence[tuple[str, Sequence[float]]],
                labels: dict[str, str]) -> str:  # fmt: skip
    """``rows``: (category title, member scores). ``labels``: desc (format: categories),
    min, median, max words for the description."""
    width = LEFT + AXIS_W + RIGHT
    height = TOP + ROW * len(rows) + 24
    parts = []
    for label, values in rows:
        fig = group_figures(values)
        if fig is not None:
            parts.append(
                f"{label}: {labels['min']} {fig.low:.0f}, {labels['median']} {fig.median:.0f}, "
                f"{labels['max']} {fig.high:.0f}"
            )
    out = svg_open(svg_id, width, height, title, "; ".join(parts) or labels["empty"])
    for tick in range(0, 101, 20):
        x = LEFT + AXIS_W * tick / 100
        out.append(f'<line x1="{num(x)}" y1="{TOP - 6}" x2="{num(x)}" y2="{num(height - 20)}" stroke="{GRID}"/>')  # fmt: skip
        out.append(f'<text x="{num(x)}" y="{TOP - 10}" text-anchor="middle" fill="{MUTED}">{tick}</text>')  # fmt: skip
    for i, (label, values) in enumerate(rows):
        y = TOP + ROW * i + ROW / 2
        shown = label if text_width(label, 11) <= LEFT - 12 else label[: max(8, int(len(label) * (LEFT - 24) / text_width(label, 11)))] + "…"  # fmt: skip
        out.append(f'<text x="{LEFT - 8}" y="{num(y + 4)}" text-anchor="end">{esc(shown)}</text>')
        fig = group_figures(values)
        if fig is None:
            continue
        ordered, lo, hi, med = sorted(values), fig.low, fig.high, fig.median
        x = lambda v: LEFT + AXIS_W * v / 100  # noqa: E731 - the axis, in one place
        out.append(f'<rect x="{num(x(lo))}" y="{num(y - 6)}" width="{num(max(2, x(hi) - x(lo)))}" height="12" fill="#c6d9ef"/>')  # fmt: skip
        for v in ordered:
            out.append(f'<circle cx="{num(x(v))}" cy="{num(y)}" r="3" fill="{TEXT}" fill-opacity="0.6"/>')  # fmt: skip
        out.append(f'<rect x="{num(x(med) - 1.5)}" y="{num(y - 9)}" width="3" height="18" fill="#1d5fa6"/>')  # fmt: skip
    out.append("</svg>")
    return "\n".join(out)
