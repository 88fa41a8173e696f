"""Dependency graph as inline SVG: one column per wave, boxes ordered by plan order.

A box shows the id (bold, with ✓ when done) and the shortened title, is outlined in the
obligation colour (black and thick when critical) and links to the measure's table row. An
arrow runs from each prerequisite to its dependant; arrows between two critical measures are
thick and black. Layout and drawing are O(n + e).
"""

from __future__ import annotations

from collections.abc import Sequence

from egovkit.plan.schedule import ScheduledMeasure
from egovkit.render.locale import Locale
from egovkit.render.svg import COLOURS, CRITICAL, MUTED, chars_for, esc, num, svg_open, truncate

BOX_W = 190
BOX_H = 38
GAP_X = 60
GAP_Y = 10
PAD = 12
HEAD = 26
EDGE = "#767676"
ARROW = 9  # room for the arrow head before the box


def _edge_path(x1: float, top1: float, x2: float, top2: float) -> str:
    """From the right side of the box at (x1, top1) to the left side of the box at (x2, top2).

    Rows line up across columns, so an edge that skips columns runs along the horizontal
    gap below its source row and never crosses a box.
    """
    sx, sy = x1 + BOX_W, top1 + BOX_H / 2
    ex, ey = x2 - ARROW, top2 + BOX_H / 2
    if x2 - x1 <= BOX_W + GAP_X:  # neighbouring columns: one S-curve through the gap
        bend = (ex - sx) / 2
        return f"M{num(sx)} {num(sy)}C{num(sx + bend)} {num(sy)} {num(ex - bend)} {num(ey)} {num(ex)} {num(ey)}"
    channel = top1 + BOX_H + GAP_Y / 2
    xa = x1 + BOX_W + GAP_X / 2
    xb = x2 - GAP_X / 2
    return (
        f"M{num(sx)} {num(sy)}C{num(xa)} {num(sy)} {num(xa - 8)} {num(channel)} {num(xa)} {num(channel)}"
        f"L{num(xb)} {num(channel)}C{num(xb + 8)} {num(channel)} {num(ex - 10)} {num(ey)} {num(ex)} {num(ey)}"
    )


#: Layout: the measures of each wave in plan order, and the top-left corner of every box.
Layout = tuple[dict[int, list[ScheduledMeasure]], dict[str, tuple[float, float]]]


def depgraph_svg(measures: Sequence[ScheduledMeasure], locale: Locale, svg_id: str = "depgraph",
                 href_prefix: str = "#m-") -> str:  # fmt: skip
    t = locale.labels
    columns, pos = _layout(measures)
    waves = sorted(columns)
    tallest = max((len(c) for c in columns.values()), default=0)
    width = PAD * 2 + max(1, len(waves)) * (BOX_W + GAP_X) - GAP_X
    height = PAD * 2 + HEAD + max(1, tallest) * (BOX_H + GAP_Y)
    normal_edges, critical_edges = _edges(measures, pos, svg_id)
    n_edges = len(normal_edges) + len(critical_edges)
    desc = t["depgraph_desc"].format(count=len(measures), waves=len(waves), edges=n_edges)
    out = svg_open(svg_id, width, height, t["depgraph_caption"], desc, _markers(svg_id))
    for col, wave in enumerate(waves):
        x = PAD + col * (BOX_W + GAP_X)
        out.append(
            f'<text x="{num(x + BOX_W / 2)}" y="{num(PAD + 12)}" text-anchor="middle" '
            f'font-weight="bold" fill="{MUTED}">{esc(t["wave"].format(n=wave + 1))}</text>'
        )
    out.append(f'<g class="edges" fill="none" stroke="{EDGE}" stroke-width="1.2">')
    out += normal_edges
    out += critical_edges
    out.append("</g>")
    for wave in waves:
        out.extend(_box(m, *pos[m.id], locale, href_prefix) for m in columns[wave])
    out.append("</svg>")
    return "\n".join(out)


def _layout(measures: Sequence[ScheduledMeasure]) -> Layout:
    """One column per wave (in wave order), boxes in plan order from the top."""
    columns: dict[int, list[ScheduledMeasure]] = {}
    for m in measures:
        columns.setdefault(m.wave, []).append(m)
    pos: dict[str, tuple[float, float]] = {}
    for col, wave in enumerate(sorted(columns)):
        column = sorted(columns[wave], key=lambda m: m.order)
        columns[wave] = column
        x = PAD + col * (BOX_W + GAP_X)
        for row, m in enumerate(column):
            pos[m.id] = (x, PAD + HEAD + row * (BOX_H + GAP_Y))
    return columns, pos


def _edges(measures: Sequence[ScheduledMeasure], pos: dict[str, tuple[float, float]],
           svg_id: str) -> tuple[list[str], list[str]]:  # fmt: skip
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
            d = _edge_path(x1, y1, x2, y2)
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


#: Characters of the title line and of the bold id line (which leaves room for the letter).
TITLE_CHARS = chars_for(BOX_W - 16, 10.5)
HEAD_CHARS = chars_for(BOX_W - 34, 12.5)


def _box(m: ScheduledMeasure, x: float, y: float, locale: Locale, href_prefix: str) -> str:
    """One measure's box, linked to its table row."""
    colour = COLOURS[m.obligation.value]
    stroke = (
        f'stroke="{CRITICAL}" stroke-width="2.5"'
        if m.critical
        else f'stroke="{colour["solid"]}" stroke-width="1.2"'
    )
    head = m.id + (" ✓" if m.status.value == "done" else "")
    letter = locale.obligation_letter(m.obligation.value)
    tip = (
        f"{m.id} {m.title} · {locale.obligation(m.obligation.value)} · "
        f"{locale.status(m.status.value)}"
        + (f" · {locale.labels['critical']}" if m.critical else "")
    )
    return (
        f'<a href="{href_prefix}{esc(m.id)}"><g>'
        f"<title>{esc(tip)}</title>"
        f'<rect x="{num(x)}" y="{num(y)}" width="{BOX_W}" height="{BOX_H}" rx="3" '
        f'fill="#ffffff" {stroke}/>'
        f'<rect x="{num(x)}" y="{num(y)}" width="5" height="{BOX_H}" fill="{colour["solid"]}"/>'
        f'<text x="{num(x + 10)}" y="{num(y + 15)}" font-weight="bold">'
        f"{esc(truncate(head, HEAD_CHARS))}</text>"
        f'<text x="{num(x + BOX_W - 6)}" y="{num(y + 15)}" text-anchor="end" '
        f'font-weight="bold" fill="{colour["solid"]}">{letter}</text>'
        f'<text x="{num(x + 10)}" y="{num(y + 30)}" font-size="10.5">'
        f"{esc(truncate(m.title, TITLE_CHARS))}</text>"
        "</g></a>"
    )
