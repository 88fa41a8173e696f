"""Dependency graph as inline SVG: one column per wave, boxes ordered by plan order.

A box shows the id (bold, with ✓ when done) and the shortened title, is outlined in the
obligation colour (black and thick when critical) and links to the measure's table row. An
arrow runs from each prerequisite to its dependant; arrows between two critical measures are
thick and black. Layout and drawing are O(n + e).
"""

from __future__ import annotations

from collections.abc import Sequence

from egovkit.plan.schedule import ScheduledMeasure
from egovkit.render import i18n
from egovkit.render.svg import COLOURS, CRITICAL, FONT, MUTED, TEXT, chars_for, esc, num, truncate

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


def depgraph_svg(measures: Sequence[ScheduledMeasure], lang: str, svg_id: str = "depgraph",
                 href_prefix: str = "#m-") -> str:  # fmt: skip
    t = i18n.LABELS[lang]
    columns: dict[int, list[ScheduledMeasure]] = {}
    for m in measures:
        columns.setdefault(m.wave, []).append(m)
    waves = sorted(columns)
    col_of = {wave: n for n, wave in enumerate(waves)}
    pos: dict[str, tuple[float, float]] = {}
    for wave in waves:
        column = sorted(columns[wave], key=lambda m: m.order)
        columns[wave] = column
        x = PAD + col_of[wave] * (BOX_W + GAP_X)
        for row, m in enumerate(column):
            pos[m.id] = (x, PAD + HEAD + row * (BOX_H + GAP_Y))
    tallest = max((len(c) for c in columns.values()), default=0)
    width = PAD * 2 + max(1, len(waves)) * (BOX_W + GAP_X) - GAP_X
    height = PAD * 2 + HEAD + max(1, tallest) * (BOX_H + GAP_Y)

    critical = {m.id for m in measures if m.critical}
    normal_edges: list[str] = []
    critical_edges: list[str] = []
    n_edges = 0
    for m in sorted(measures, key=lambda m: m.order):
        if m.id not in pos:
            continue
        x2, y2 = pos[m.id]
        for dep in m.depends_on:
            if dep not in pos:
                continue
            n_edges += 1
            x1, y1 = pos[dep]
            d = _edge_path(x1, y1, x2, y2)
            if dep in critical and m.id in critical:
                critical_edges.append(
                    f'<path d="{d}" stroke="{CRITICAL}" stroke-width="2.5" '
                    f'marker-end="url(#{esc(svg_id)}-arrow-crit)"/>'
                )
            else:
                normal_edges.append(f'<path d="{d}" marker-end="url(#{esc(svg_id)}-arrow)"/>')

    desc = t["depgraph_desc"].format(count=len(measures), waves=len(waves), edges=n_edges)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" id="{esc(svg_id)}" class="chart" role="img" '
        f'aria-labelledby="{esc(svg_id)}-title {esc(svg_id)}-desc" width="{num(width)}" '
        f'height="{num(height)}" viewBox="0 0 {num(width)} {num(height)}" '
        f'font-family="{FONT}" font-size="11" fill="{TEXT}">',
        f'<title id="{esc(svg_id)}-title">{esc(t["depgraph_caption"])}</title>',
        f'<desc id="{esc(svg_id)}-desc">{esc(desc)}</desc>',
        "<defs>"
        f'<marker id="{esc(svg_id)}-arrow" viewBox="0 0 10 10" refX="0" refY="5" '
        'markerUnits="userSpaceOnUse" markerWidth="8" markerHeight="8" orient="auto">'
        f'<path d="M0 0L10 5L0 10Z" fill="{EDGE}"/></marker>'
        f'<marker id="{esc(svg_id)}-arrow-crit" viewBox="0 0 10 10" refX="0" refY="5" '
        'markerUnits="userSpaceOnUse" markerWidth="9" markerHeight="9" orient="auto">'
        f'<path d="M0 0L10 5L0 10Z" fill="{CRITICAL}"/></marker>'
        "</defs>",
        '<rect width="100%" height="100%" fill="#ffffff"/>',
    ]
    for wave in waves:
        x = PAD + col_of[wave] * (BOX_W + GAP_X)
        out.append(
            f'<text x="{num(x + BOX_W / 2)}" y="{num(PAD + 12)}" text-anchor="middle" '
            f'font-weight="bold" fill="{MUTED}">{esc(t["wave"].format(n=wave + 1))}</text>'
        )
    out.append(f'<g class="edges" fill="none" stroke="{EDGE}" stroke-width="1.2">')
    out += normal_edges
    out += critical_edges
    out.append("</g>")
    title_chars = chars_for(BOX_W - 16, 10.5)
    head_chars = chars_for(BOX_W - 34, 12.5)  # bold, and room for the letter
    for wave in waves:
        for m in columns[wave]:
            x, y = pos[m.id]
            colour = COLOURS[m.obligation.value]
            stroke = (
                f'stroke="{CRITICAL}" stroke-width="2.5"'
                if m.critical
                else f'stroke="{colour["solid"]}" stroke-width="1.2"'
            )
            head = m.id + (" ✓" if m.status.value == "done" else "")
            letter = i18n.OBLIGATION_LETTER[lang][m.obligation.value]
            tip = (
                f"{m.id} {m.title} · {i18n.OBLIGATION[lang][m.obligation.value]} · "
                f"{i18n.STATUS[lang][m.status.value]}"
                + (f" · {t['critical']}" if m.critical else "")
            )
            out.append(
                f'<a href="{href_prefix}{esc(m.id)}"><g>'
                f"<title>{esc(tip)}</title>"
                f'<rect x="{num(x)}" y="{num(y)}" width="{BOX_W}" height="{BOX_H}" rx="3" '
                f'fill="#ffffff" {stroke}/>'
                f'<rect x="{num(x)}" y="{num(y)}" width="5" height="{BOX_H}" fill="{colour["solid"]}"/>'
                f'<text x="{num(x + 10)}" y="{num(y + 15)}" font-weight="bold">'
                f"{esc(truncate(head, head_chars))}</text>"
                f'<text x="{num(x + BOX_W - 6)}" y="{num(y + 15)}" text-anchor="end" '
                f'font-weight="bold" fill="{colour["solid"]}">{letter}</text>'
                f'<text x="{num(x + 10)}" y="{num(y + 30)}" font-size="10.5">'
                f"{esc(truncate(m.title, title_chars))}</text>"
                "</g></a>"
            )
    out.append("</svg>")
    return "\n".join(out)
