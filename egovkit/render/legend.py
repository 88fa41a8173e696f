"""The legend under the Gantt chart and the phase timeline.

Every colour in it means one thing: red, blue and grey are the obligation classes (each with
its letter). Everything else a bar can say is told in black and white and by shape: a thick
outline (critical), a dark part (progress), hatching and a check mark (done), a dashed
outline (on hold), a tick with a diamond (deadline: hollow when met, filled when missed),
the red text ``+N AT`` and what it stands for (AT = Arbeitstage); where a chart has them, a
dotted outline (status unknown) and a frame around a bar (planned period around a forecast).
"""

from __future__ import annotations

from collections.abc import Mapping

from egovkit.render.locale import Locale
from egovkit.render.svg import COLOURS, MISSED, MUTED, TEXT, diamond, esc, num
from egovkit.render.textfit import text_width

#: A legend entry: the symbol (drawn from 0,0, 12 high, usually 18 wide) and its label;
#: a wider symbol has its width as a third value.
Item = tuple[str, str] | tuple[str, str, float]
#: Width of the symbol box, gap before the label, gap after an entry, line height.
SYMBOL_W, LABEL_GAP, ITEM_GAP, LINE_H = 18, 6, 16, 18
FONT = 11


def legend(top: float, width: float, items: list[Item], locale: Locale,
           hatch_id: str = "") -> tuple[list[str], float]:  # fmt: skip
    """Legend entries laid out left to right, wrapping at ``width``; returns (elements, height).

    ``hatch_id`` names the black-and-white hatching the "done" symbol uses."""
    title = locale.labels["legend"]
    out = [
        f'<g class="legend"><text x="8" y="{num(top + 10)}" font-weight="bold">{esc(title)}</text>'
    ]
    start = 8 + text_width(title, FONT, bold=True) + 12
    x, y = start, top
    for item in items:
        symbol, label = item[0], item[1]
        symbol_w = item[2] if len(item) > 2 else SYMBOL_W
        w = symbol_w + LABEL_GAP + text_width(label, FONT)
        if x + w > width - 8 and x > start:
            x, y = start, y + LINE_H
        symbol = symbol.replace("#HATCH", hatch_id)
        out.append(f'<g transform="translate({num(x)} {num(y)})">{symbol}</g>')
        out.append(
            f'<text x="{num(x + symbol_w + LABEL_GAP)}" y="{num(y + 10)}">{esc(label)}</text>'
        )
        x += w + ITEM_GAP
    out.append("</g>")
    return out, y + LINE_H - top + 6


def gantt_items(
    locale: Locale,
    window: bool = False,
    unknown: bool = False,
    phases: bool = False,
    baseline: bool = False,
) -> list[Item]:
    """Obligation classes, then the looks of a bar, milestones, deadlines and the status line.
    The frame of a planned period, the dotted outline of an unknown status, project phases
    and baseline bars are explained only where a chart shows them."""
    t = locale.labels
    bars = _bar_items(t)
    if phases:
        bars.append(
            (
                '<rect x="0.75" y="1.75" width="16.5" height="8.5" fill="#e8edf3" '
                'stroke="#3c4043" stroke-width="1.5"/>',
                t["legend_phase"],
            )
        )
    if baseline:
        bars.append(
            (f'<rect x="0" y="8" width="18" height="3" fill="{MUTED}"/>', t["legend_baseline_bar"])
        )
    if unknown:
        bars.append(
            (
                f'<rect x="0.75" y="0.75" width="16.5" height="10.5" fill="#ffffff" '
                f'stroke="{TEXT}" stroke-width="1.5" stroke-dasharray="1.5 2"/>',
                t["legend_unknown"],
            )
        )
    if window:
        bars.append(
            (
                f'<rect x="0.5" y="-2.5" width="29" height="17" fill="none" stroke="{TEXT}"/>'
                f'<rect x="8.5" y="0.5" width="13" height="11" fill="#ffffff" stroke="{TEXT}"/>',
                t["legend_window"],
                30,
            )
        )
    return [*_obligation_items(locale), *bars, *_mark_items(t)]


def timeline_items(locale: Locale, phase_colour: str) -> list[Item]:
    """Phases, milestones and the status line of a profile's timeline."""
    t = locale.labels
    return [
        (f'<rect x="0" y="0" width="18" height="12" fill="{phase_colour}"/>', t["legend_phase"]),
        (f'<path d="{diamond(9, 6, 6)}" fill="{TEXT}"/>', t["legend_milestone"]),
        _status_item(t),
    ]


def _obligation_items(locale: Locale) -> list[Item]:
    items = []
    for key in ("required", "standard", "voluntary"):
        c = COLOURS[key]
        letter = locale.obligation_letter(key)
        items.append(
            (
                f'<rect x="0.5" y="0.5" width="17" height="11" fill="{c["tint"]}" '
                f'stroke="{c["solid"]}"/><text x="9" y="10" text-anchor="middle" '
                f'font-weight="bold" fill="{TEXT}" font-size="10">{letter}</text>',
                f"{letter} = {locale.obligation(key)}",
            )
        )
    return items


def _bar_items(t: Mapping[str, str]) -> list[Item]:
    """The looks of a bar, in black and white: whatever the obligation colour, they say the same."""
    box = 'x="0.5" y="0.5" width="17" height="11"'
    return [
        (
            f'<rect x="1" y="1" width="16" height="10" fill="#ffffff" stroke="{TEXT}" '
            'stroke-width="2"/>',
            t["legend_critical"],
        ),
        (
            f'<rect {box} fill="#ffffff" stroke="{TEXT}"/>'
            f'<rect x="0.5" y="0.5" width="8.5" height="11" fill="{TEXT}"/>',
            t["legend_progress_part"],
        ),
        (
            f'<rect {box} fill="url(##HATCH)" stroke="{TEXT}"/>',
            f"✓ {t['legend_done_hatched']}",
        ),
        (
            f'<rect {box} fill="#ffffff" stroke="{TEXT}" stroke-dasharray="3 2"/>',
            t["legend_on_hold"],
        ),
    ]


def _mark_items(t: Mapping[str, str]) -> list[Item]:
    """Milestones, deadlines, the lateness note and the status line."""
    tick = f'<line x1="9" y1="-2" x2="9" y2="14" stroke="{TEXT}" stroke-width="1.5"/>'
    return [
        (
            f'<path d="{diamond(9, 6, 6)}" fill="#ffffff" stroke="{TEXT}" stroke-width="1.2"/>',
            t["legend_milestone"],
        ),
        (
            f'{tick}<path d="{diamond(9, 6, 4.5)}" fill="#ffffff" stroke="{TEXT}" '
            'stroke-width="1.2"/>',
            t["legend_deadline"],
        ),
        (
            f'{tick}<path d="{diamond(9, 6, 4.5)}" fill="{TEXT}" stroke="{TEXT}" '
            'stroke-width="1.2"/>',
            t["legend_deadline_missed"],
        ),
        _late_item(t),
        _status_item(t),
    ]


def _late_item(t: Mapping[str, str]) -> Item:
    """``+N AT`` in red, as it stands beside a late bar, and what it says."""
    sample = t["legend_late_sample"]
    return (
        f'<text x="0" y="10" fill="{MISSED}" font-weight="bold">{esc(sample)}</text>',
        f"= {t['legend_late']}",
        text_width(sample, FONT, bold=True),
    )


def _status_item(t: Mapping[str, str]) -> Item:
    return (
        f'<line x1="9" y1="-2" x2="9" y2="14" stroke="{TEXT}" stroke-width="1.5" '
        'stroke-dasharray="4 3"/>',
        t["legend_status_line"],
    )
