"""Dependency graph as inline SVG: one column per wave, boxes ordered by plan order.

A box shows the measure's title, whole (wrapped; every box is as tall as the longest title
needs), its id in small print (with ✓ when done) and its obligation letter; it is outlined
in the obligation colour (black and thick when critical) and links to the measure's table
row. The boxes share the width of a 1024-pixel page between the waves, within limits; many
waves make the graph scroll sideways. An arrow runs from each prerequisite to its dependant;
arrows between two critical measures are thick and black. Layout and drawing are O(n + e).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from egovkit.plan.schedule import ScheduledMeasure
from egovkit.render.chart import MAX_LINES
from egovkit.render.locale import Locale
from egovkit.render.svg import (
    COLOURS,
    CRITICAL,
    MUTED,
    TARGET_W,
    esc,
    lang_attr,
    num,
    svg_open,
    text_block,
)
from egovkit.render.textfit import widest_word, wrap

BOX_MIN, BOX_MAX = 170, 280
GAP_X = 44
GAP_Y = 10
PAD = 12
HEAD = 26
EDGE = "#767676"
ARROW = 9  # room for the arrow head before the box
FONT = 11
LINE_H = 13.5
SMALL = 9.5  # the id line


@dataclass(frozen=True)
class Box:
    """The size every box of one graph shares."""

    w: float
    h: float


def box_size(measures: Sequence[ScheduledMeasure], waves: int) -> Box:
    """Boxes as wide as the page allows for ``waves`` columns, as tall as the longest title."""
    room = TARGET_W - 2 * PAD - (waves - 1) * GAP_X
    w = float(min(BOX_MAX, max(BOX_MIN, room // max(1, waves))))
    word = max((widest_word(m.title, FONT) for m in measures), default=0.0)
    w = max(w, min(float(BOX_MAX), float(round(word + 18))))  # no word broken if it can be
    lines = max((len(_title_lines(m.title, w)) for m in measures), default=1)
    return Box(w, 24 + LINE_H * lines)


def _title_lines(title: str, box_w: float) -> list[str]:
    return wrap(" ".join(title.split()), box_w - 16, FONT, max_lines=MAX_LINES)


def _edge_path(x1: float, top1: float, x2: float, top2: float, box: Box) -> str:
    """From the right side of the box at (x1, top1) to the left side of the box at (x2, top2).

    Rows line up across columns, so an edge that skips columns runs along the horizontal
    gap below its source row and never crosses a box.
    """
    sx, sy = x1 + box.w, top1 + box.h / 2
    ex, ey = x2 - ARROW, top2 + box.h / 2
    if x2 - x1 <= box.w + GAP_X:  # neighbouring columns: one S-curve through the gap
        bend = (ex - sx) / 2
        return f"M{num(sx)} {num(sy)}C{num(sx + bend)} {num(sy)} {num(ex - bend)} {num(ey)} {num(ex)} {num(ey)}"
    channel = top1 + box.h + GAP_Y / 2
    xa = x1 + box.w + GAP_X / 2
    xb = x2 - GAP_X / 2
    return (
        f"M{num(sx)} {num(sy)}C{num(xa)} {num(sy)} {num(xa - 8)} {num(channel)} {num(xa)} {num(channel)}"
        f"L{num(xb)} {num(channel)}C{num(xb + 8)} {num(channel)} {num(ex - 10)} {num(ey)} {num(ex)} {num(ey)}"
    )


#: Layout: the measures of each wave in plan order, and the top-left corner of every box.
Layout = tuple[dict[int, list[ScheduledMeasure]], dict[str, tuple[float, float]]]


def depgraph_svg(measures: Sequence[ScheduledMeasure], locale: Locale, svg_id: str = "depgraph",
                 href_prefix: str = "#m-", content_lang: str | None = None) -> str:  # fmt: skip
    """The graph as one SVG string (deterministic); ``content_lang`` is the language of the
    titles, marked on them when it differs from the page's."""
    t = locale.labels
    waves = sorted({m.wave for m in measures})
    box = box_size(measures, len(waves))
    columns, pos = _layout(measures, box)
    tallest = max((len(c) for c in columns.values()), default=0)
    width = PAD * 2 + max(1, len(waves)) * (box.w + GAP_X) - GAP_X
    height = PAD * 2 + HEAD + max(1, tallest) * (box.h + GAP_Y)
    normal_edges, critical_edges = _edges(measures, pos, svg_id, box)
    n_edges = len(normal_edges) + len(critical_edges)
    desc = t["depgraph_desc"].format(count=len(measures), waves=len(waves), edges=n_edges)
    out = svg_open(
        svg_id, width, height, t["depgraph_caption"], desc, _markers(svg_id), links=bool(measures)
    )
    for col, wave in enumerate(waves):
        x = PAD + col * (box.w + GAP_X)
        out.append(
            f'<text x="{num(x + box.w / 2)}" y="{num(PAD + 12)}" text-anchor="middle" '
            f'font-weight="bold" fill="{MUTED}">{esc(t["wave"].format(n=wave + 1))}</text>'
        )
    out.append(f'<g class="edges" fill="none" stroke="{EDGE}" stroke-width="1.2">')
    out += normal_edges
    out += critical_edges
    out.append("</g>")
    lang = lang_attr(content_lang if content_lang != locale.language else None)
    for wave in waves:
        out.extend(_box(m, *pos[m.id], box, locale, href_prefix, lang) for m in columns[wave])
    out.append("</svg>")
    return "\n".join(out)


def _layout(measures: Sequence[ScheduledMeasure], box: Box) -> Layout:
    """One column per wave (in wave order), boxes in plan order from the top."""
    columns: dict[int, list[ScheduledMeasure]] = {}
    for m in measures:
        columns.setdefault(m.wave, []).append(m)
    pos: dict[str, tuple[float, float]] = {}
    for col, wave in enumerate(sorted(columns)):
        column = sorted(columns[wave], key=lambda m: m.order)
        columns[wave] = column
        x = PAD + col * (box.w + GAP_X)
        for row, m in enumerate(column):
            pos[m.id] = (x, PAD + HEAD + row * (box.h + GAP_Y))
    return columns, pos


def _edges(measures: Sequence[ScheduledMeasure], pos: dict[str, tuple[float, float]],
           svg_id: str, box: Box) -> tuple[list[str], list[str]]:  # fmt: skip
    """Arrows from prerequisites to dependants: (normal, critical), critical drawn last."""
    critical = {m.id for m in measures if m.critical}
    normal_edges: list[str] = []
    critical_edges: list[str] = []
    for m in sorted(measures, key=lambda m: m.order):
        if m.id not in pos:
            continue
        x2, y2 = pos[m.id]
        for dep in m.depends_on:
            if dep not in pos:
                continue
            x1, y1 = pos[dep]
            d = _edge_path(x1, y1, x2, y2, box)
            if dep in critical and m.id in critical:
                critical_edges.append(
                    f'<path d="{d}" stroke="{CRITICAL}" stroke-width="2.5" '
                    f'marker-end="url(#{esc(svg_id)}-arrow-crit)"/>'
                )
            else:
                normal_edges.append(f'<path d="{d}" marker-end="url(#{esc(svg_id)}-arrow)"/>')
    return normal_edges, critical_edges


def _markers(svg_id: str) -> str:
    """The arrow heads, as ``<defs>``."""
    return (
        "<defs>"
        f'<marker id="{esc(svg_id)}-arrow" viewBox="0 0 10 10" refX="0" refY="5" '
        'markerUnits="userSpaceOnUse" markerWidth="8" markerHeight="8" orient="auto">'
        f'<path d="M0 0L10 5L0 10Z" fill="{EDGE}"/></marker>'
        f'<marker id="{esc(svg_id)}-arrow-crit" viewBox="0 0 10 10" refX="0" refY="5" '
        'markerUnits="userSpaceOnUse" markerWidth="9" markerHeight="9" orient="auto">'
        f'<path d="M0 0L10 5L0 10Z" fill="{CRITICAL}"/></marker>'
        "</defs>"
    )


def _box(m: ScheduledMeasure, x: float, y: float, box: Box, locale: Locale, href_prefix: str,
         lang: str) -> str:  # fmt: skip
    """One measure's box, linked to its table row: title, id in small print, letter."""
    colour = COLOURS[m.obligation.value]
    stroke = (
        f'stroke="{CRITICAL}" stroke-width="2.5"'
        if m.critical
        else f'stroke="{colour["solid"]}" stroke-width="1.2"'
    )
    small = m.id + (" ✓" if m.status.value == "done" else "")
    letter = locale.obligation_letter(m.obligation.value)
    tip = (
        f"{m.title} ({m.id}) · {locale.obligation(m.obligation.value)} · "
        f"{locale.status(m.status.value)}"
        + (f" · {locale.labels['critical']}" if m.critical else "")
    )
    title = text_block(x + 10, y + 29, _title_lines(m.title, box.w), LINE_H, lang)
    return (
        f'<a href="{esc(href_prefix)}{esc(m.id)}"><g>'
        f"<title>{esc(tip)}</title>"
        f'<rect x="{num(x)}" y="{num(y)}" width="{num(box.w)}" height="{num(box.h)}" rx="3" '
        f'fill="#ffffff" {stroke}/>'
        f'<rect x="{num(x)}" y="{num(y)}" width="5" height="{num(box.h)}" fill="{colour["solid"]}"/>'
        f'<text x="{num(x + 10)}" y="{num(y + 13)}" font-size="{SMALL}" fill="{MUTED}">'
        f"{esc(small)}</text>"
        f'<text x="{num(x + box.w - 6)}" y="{num(y + 13)}" text-anchor="end" '
        f'font-weight="bold" fill="{colour["solid"]}">{letter}</text>'
        f"{title}</g></a>"
    )
