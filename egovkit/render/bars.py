"""Grouped bar charts of counts over time (status report: measures done per quarter,
deliverables total and done per snapshot), drawn as accessible SVG.

Every chart is an image with a title and a description that states its numbers; the
report prints the same numbers in a table beside it, so nothing depends on seeing colours.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from egovkit.render.svg import GRID, MUTED, esc, num, svg_open
from egovkit.render.textfit import text_width

W, H = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 28, 46
#: Colours with at least 3:1 against white (WCAG non-text contrast), told apart by the legend.
PALETTE = ("#1d5fa6", "#2e7d32", "#6a1b9a")


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[int]


def _ticks(top: int) -> list[int]:
    if top <= 5:
        return list(range(0, max(top, 1) + 1))
    step = 1
    for candidate in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10**4):
        step = candidate
        if top / candidate <= 6:
            break
    else:
        step = 10 ** len(str(top)) // 5
    return list(range(0, top + step, step))


def bar_chart(svg_id: str, title: str, desc: str, categories: Sequence[str],
              series: Sequence[Series], number) -> str:  # fmt: skip
    """Bars per category, one per series, on a zero-based axis; ``number`` formats values."""
    top = max([v for s in series for v in s.values] + [1])
    ticks = _ticks(top)
    scale = ticks[-1] or 1
    plot_w, plot_h = W - LEFT - RIGHT, H - TOP - BOTTOM
    out = svg_open(svg_id, W, H, title, desc)
    for t in ticks:
        y = TOP + plot_h * (1 - t / scale)
        out.append(
            f'<line x1="{LEFT}" y1="{num(y)}" x2="{W - RIGHT}" y2="{num(y)}" stroke="{GRID}"/>'
        )
        out.append(f'<text x="{LEFT - 6}" y="{num(y + 4)}" text-anchor="end" fill="{MUTED}">{esc(number(t))}</text>')  # fmt: skip
    slot = plot_w / max(1, len(categories))
    bar = min(28.0, slot * 0.8 / max(1, len(series)))
    every = max(1, int(len(categories) * 70 // plot_w) + 1)  # thin out crowded axis labels
    for i, cat in enumerate(categories):
        x0 = LEFT + i * slot + (slot - bar * len(series)) / 2
        for k, s in enumerate(series):
            v = s.values[i]
            h = plot_h * v / scale
            out.append(
                f'<rect x="{num(x0 + k * bar)}" y="{num(TOP + plot_h - h)}" width="{num(bar - 1)}" '
                f'height="{num(h)}" fill="{PALETTE[k % len(PALETTE)]}">'
                f"<title>{esc(cat)}: {esc(s.label)} {esc(number(v))}</title></rect>"
            )
        if i % every == 0:
            cx = LEFT + i * slot + slot / 2
            out.append(f'<text x="{num(cx)}" y="{H - BOTTOM + 14}" text-anchor="middle">{esc(cat)}</text>')  # fmt: skip
    x = LEFT
    for k, s in enumerate(series):
        colour = PALETTE[k % len(PALETTE)]
        out.append(f'<rect x="{num(x)}" y="{H - 18}" width="10" height="10" fill="{colour}"/>')
        out.append(f'<text x="{num(x + 14)}" y="{H - 9}">{esc(s.label)}</text>')
        x += 14 + text_width(s.label, 11) + 18
    out.append("</svg>")
    return "\n".join(out)
