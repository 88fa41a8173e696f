"""The E-Government architecture (Bergisch Gladbach's picture) as an inline SVG string.

Top down: the Leitbild as a roof (its first heading and sentence; else the strategy's
title), a band with the goals, one pillar per top-level field of action (focus areas' measures
in their field's pillar) with a box per measure, and a base band with the legend. A box tells
its obligation by colour and by a mark (red "§" = legally required, blue "S" = standard,
white = voluntary); "✓" = done, a thick black outline = critical path. Pillars wrap into rows
of at most ``MAX_COLS`` and grow as tall as their boxes; an empty field shows "–". Only a
title over ``MAX_LINES`` lines is cut ("…", the tooltip has it whole). Every ``<text>`` names
its font size, so tests can measure it with :mod:`egovkit.render.textfit`.
"""

from __future__ import annotations

import math
import re
import textwrap
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from markdown_it import MarkdownIt

from egovkit.model import Measure, Strategy
from egovkit.render.svg import (
    COLOURS,
    CRITICAL,
    GRID_STRONG,
    MUTED,
    TARGET_W,
    TEXT,
    esc,
    lang_attr,
    num,
    svg_open,
    text_block,
)
from egovkit.render.textfit import text_width, wrap

__all__ = ["ArchLabels", "ArchMeasure", "arch_measures", "architecture_svg", "leitbild_summary"]

W = TARGET_W
PAD, GAP = 8, 8  # around the picture; between bands and pillars
MAX_COLS, MAX_LINES = 6, 8  # pillars per row; lines of a title (beyond, it ends in "…")
SLOPE = 56  # how far the roof's top edge is indented on each side
PP, BP = 6, 5  # padding of a pillar around its boxes, of a box around its text
F_HEAD, F_ROOF, F_LABEL, F_GOAL, F_FIELD, F_TITLE, F_ID, F_MARK = 14, 11.5, 10, 9.5, 11, 10, 8.5, 10
DARK, LIGHT = "#3c4043", "#dadce0"  # roof and pillar heads: white text 10:1, LIGHT 7:1
BAND, PILLAR, WHITE = "#e8edf3", "#f1f3f4", "#ffffff"
LIMIT, LH = 160, 1.3  # characters of the Leitbild's heading and sentence; line height per size
MIDDLE = ' text-anchor="middle"'
EMPTY = ' class="empty"' + MIDDLE


@dataclass(frozen=True)
class ArchMeasure:
    """One measure as the picture needs it; ``field`` is the id of its top-level field."""

    id: str
    title: str
    field: str
    obligation: str = "voluntary"  # required, standard or voluntary
    done: bool = False
    critical: bool = False


@dataclass(frozen=True)
class ArchLabels:
    """The picture's own words, in the language of the page (``language``)."""

    language: str
    title: str
    leitbild: str
    goals: str
    legend: str
    required: str
    standard: str
    voluntary: str
    done: str
    critical: str
    desc: str  # format: fields, measures, required, standard, done
    mark_required: str = "§"
    mark_standard: str = "S"
    mark_done: str = "✓"


@dataclass(frozen=True)
class _Page:  # what every part of the picture needs besides its own data
    labels: ArchLabels
    lang: str  # lang attribute of user text, or ""
    href: str | None  # link prefix of the boxes


@dataclass(frozen=True)
class _Box:
    m: ArchMeasure
    title: list[str]
    ids: list[str]
    h: float


def arch_measures(strategy: Strategy, measures: Iterable[Measure],
                  critical: Collection[str] = ()) -> list[ArchMeasure]:  # fmt: skip
    """Measure models as boxes, in the given order, each in its top-level field; a measure
    whose field is unknown is left out (the checker reports it)."""
    top: dict[str, str] = {}
    for f, _, loc in strategy.all_fields():
        top.setdefault(f.id, strategy.fields[loc[1]].id)
    crit = set(critical)
    return [ArchMeasure(m.id, m.title, top[m.field], str(m.obligation), m.status == "done",
                        m.id in crit) for m in measures if m.field in top]  # fmt: skip


_VOWELS = frozenset("aeiouäöüyAEIOUÄÖÜY")


def _fit(text: str, room: float, size: float, bold: bool = False,
         lines: int = MAX_LINES) -> list[str]:  # fmt: skip
    """``text`` wrapped to ``room``; a word too wide breaks after a hyphen or before a consonant
    between vowels ("Dokumentenmanage-ment…") before :func:`.textfit.wrap` breaks it anywhere."""
    words: list[str] = []
    for word in text.split():
        while text_width(word, size, bold) > room and (cut := _cut(word, room, size, bold)):
            words.append(word[:cut] + ("" if word[cut - 1] == "-" else "-"))
            word = word[cut:]
        words.append(word)
    return wrap(" ".join(words), room, size, bold, lines)


def _cut(word: str, room: float, size: float, bold: bool) -> int:
    """The last place in ``word`` to break at with the part before it fitting ``room``, or 0."""
    best = 0
    for i in range(3, len(word) - 2):
        a, b, c = word[i - 1], word[i], word[i + 1]
        if a == "-" or (a in _VOWELS and b.isalpha() and b not in _VOWELS and c in _VOWELS):
            if text_width(word[:i] + ("" if a == "-" else "-"), size, bold) > room:
                break
            best = i
    return best


#: A sentence ends after a word of three or more characters ("z. B." and "1. Mai" do not).
_SENTENCE_END = re.compile(r"(?<=[^\s.]{3}[.!?])\s+(?=[A-ZÄÖÜ„\"«(])")
_PLAIN = ("text", "code_inline", "softbreak", "hardbreak")  # inline tokens that are text


def leitbild_summary(text: str | None, limit: int = LIMIT) -> tuple[str, str]:
    """(heading, first sentence) of a Markdown Leitbild as plain text, each at most about
    ``limit`` characters; the heading is "" unless the text starts with one."""
    blocks: list[tuple[bool, str]] = []
    heading = False
    for tok in MarkdownIt("commonmark", {"html": False}).parse(text or ""):
        if tok.type == "heading_open":
            heading = True
        elif tok.type == "inline":
            parts = [c.content if c.type in ("text", "code_inline") else " "
                     for c in tok.children or [] if c.type in _PLAIN]  # fmt: skip
            if plain := " ".join("".join(parts).split()):
                blocks.append((heading, plain))
            heading = False
    head = blocks.pop(0)[1] if blocks and blocks[0][0] else ""
    body = next((t for is_head, t in blocks if not is_head), "")
    return _shorten(head, limit), _shorten(_SENTENCE_END.split(body, maxsplit=1)[0], limit)


def _shorten(text: str, limit: int) -> str:
    if " " in text[:limit]:
        return textwrap.shorten(text, limit, placeholder=" …")
    return text[:limit] + " …" * (len(text) > limit)


def architecture_svg(strategy: Strategy, measures: Sequence[ArchMeasure], labels: ArchLabels,
                     content_lang: str | None = None, prefix: str = "arch",
                     href_prefix: str | None = None) -> str:  # fmt: skip
    """The whole picture as one SVG document (deterministic).

    ``content_lang`` is the language of the strategy's texts; it is marked on them when it
    differs from ``labels.language``. ``prefix`` is the id of the ``<svg>`` (and the stem of
    its other ids); with ``href_prefix`` every box links to ``href_prefix + measure id``."""
    lang = content_lang if content_lang and content_lang != labels.language else ""
    fields: dict[str, str] = {}
    for f in strategy.fields:
        fields.setdefault(f.id, f.title)
    by_field: dict[str, list[ArchMeasure]] = {fid: [] for fid in fields}
    for m in measures:
        if m.field in by_field:
            by_field[m.field].append(m)
    drawn = [m for fid in fields for m in by_field[fid]]
    page = _Page(labels, lang, href_prefix)
    body: list[str] = []
    y = _roof(strategy, page, body)
    y = _goals([g.title for g in strategy.goals], page, y + GAP, body)
    y = _pillars(list(fields.items()), by_field, page, y + GAP, body)
    y = _base(drawn, labels, y + GAP, body)
    counts = {key: sum(m.obligation == key for m in drawn) for key in ("required", "standard")}
    desc = labels.desc.format(
        fields=len(fields), measures=len(drawn), done=sum(m.done for m in drawn), **counts
    )
    head = svg_open(prefix, W, y + PAD, labels.title, desc, links=bool(href_prefix and drawn))
    return "\n".join([*head, *body, "</svg>"])


def _text(x: float, y: float, lines: list[str], size: float, bold: bool = False,
          fill: str = TEXT, extra: str = "") -> str:  # fmt: skip
    """Lines of ``size`` (line height 1.3 × size), the first baseline at ``y``."""
    weight = ' font-weight="bold"' if bold else ""
    attrs = f' font-size="{num(size)}"{weight} fill="{fill}"{extra}'
    return text_block(x, y, lines, size * LH, attrs)


def _roof(strategy: Strategy, page: _Page, out: list[str]) -> float:
    """The Leitbild under a roof; returns its bottom."""
    labels, lang = page.labels, page.lang
    head, sentence = leitbild_summary(strategy.leitbild)
    label = labels.leitbild if head or sentence else ""
    head = head if label else " ".join(strategy.title.split())
    inner = W - 2 * (PAD + SLOPE) - 24
    head_lines = _fit(head, inner, F_HEAD, True, 3) if head else []
    lines = _fit(sentence, inner, F_ROOF, False, 4) if sentence else []
    y = PAD + 8 + (F_LABEL * 1.4 if label else 0)
    h_head = len(head_lines) * F_HEAD * LH
    bottom = y + h_head + len(lines) * F_ROOF * LH + 10
    out.append(
        f'<g class="roof"><path d="M{num(PAD)} {num(bottom)}L{num(PAD + SLOPE)} {num(PAD)}'
        f'H{num(W - PAD - SLOPE)}L{num(W - PAD)} {num(bottom)}Z" fill="{DARK}"/>'
    )
    if label:
        out.append(_text(W / 2, PAD + 6 + F_LABEL, [label], F_LABEL, True, LIGHT, MIDDLE))
    centred = MIDDLE + lang_attr(lang)
    if head_lines:
        out.append(_text(W / 2, y + F_HEAD, head_lines, F_HEAD, True, WHITE, centred))
    if lines:
        out.append(_text(W / 2, y + h_head + F_ROOF, lines, F_ROOF, False, WHITE, centred))
    out.append("</g>")
    return bottom


def _goals(goals: list[str], page: _Page, top: float, out: list[str]) -> float:
    """The strategic goals as cells of a band (at most five a row); returns its bottom."""
    labels, lang = page.labels, page.lang
    if not goals:
        return top - GAP
    label_w = text_width(labels.goals, F_LABEL, True) + 16
    rows = math.ceil(len(goals) / 5)
    cols = math.ceil(len(goals) / rows)
    cw = (W - 2 * PAD - label_w - 6 - (cols - 1) * 4) / cols
    cells = [_fit(g, cw - 12, F_GOAL, False, 4) for g in goals]
    row_h = [
        max(map(len, cells[r * cols : (r + 1) * cols])) * F_GOAL * LH + 10 for r in range(rows)
    ]
    bottom = top + 6 + sum(row_h) + 4 * (rows - 1) + 6
    out.append(f'<g class="goals"><rect x="{num(PAD)}" y="{num(top)}" width="{num(W - 2 * PAD)}" '
               f'height="{num(bottom - top)}" fill="{BAND}"/>')  # fmt: skip
    out.append(_text(PAD + 8, (top + bottom) / 2 + 4, [labels.goals], F_LABEL, True))
    y = top + 6
    for n, lines in enumerate(cells):
        r, c = divmod(n, cols)
        x = PAD + label_w + c * (cw + 4)
        out.append(
            f'<g class="goal"><rect x="{num(x)}" y="{num(y)}" width="{num(cw)}" '
            f'height="{num(row_h[r])}" fill="{WHITE}" stroke="{GRID_STRONG}"/>'
            + _text(x + 6, y + 5 + F_GOAL, lines, F_GOAL, extra=lang_attr(lang))
            + "</g>"
        )
        if c == cols - 1:
            y += row_h[r] + 4
    out.append("</g>")
    return bottom


def _pillars(fields: list[tuple[str, str]], by_field: dict[str, list[ArchMeasure]], page: _Page,
             top: float, out: list[str]) -> float:  # fmt: skip
    """The fields of action as pillars in balanced rows of at most ``MAX_COLS``; returns the
    bottom."""
    rows = math.ceil(len(fields) / MAX_COLS)
    cols = math.ceil(len(fields) / rows)
    pw = (W - 2 * PAD - (cols - 1) * GAP) / cols
    for r in range(rows):
        top = _pillar_row(fields[r * cols : (r + 1) * cols], by_field, pw, page, top, out) + GAP
    return top - GAP


def _pillar_row(chunk: list[tuple[str, str]], by_field: dict[str, list[ArchMeasure]], pw: float,
                page: _Page, top: float, out: list[str]) -> float:  # fmt: skip
    """One row of pillars, centred, as tall as its tallest, heads of one height; returns the
    bottom."""
    heads = [_fit(t, pw - 2 * PP, F_FIELD, True) for _, t in chunk]
    head_h = max(map(len, heads)) * F_FIELD * LH + 12
    columns = [[_box(m, pw - 2 * PP, page.labels) for m in by_field[fid]] for fid, _ in chunk]
    body_h = max(sum(b.h + PP for b in col) + PP if col else 34 for col in columns)
    x = (W - len(chunk) * pw - (len(chunk) - 1) * GAP) / 2
    for (fid, _), lines, col in zip(chunk, heads, columns, strict=True):
        out.append(
            f'<g class="pillar" data-field="{esc(fid)}"><rect x="{num(x)}" y="{num(top)}" '
            f'width="{num(pw)}" height="{num(head_h + body_h)}" fill="{PILLAR}" '
            f'stroke="{GRID_STRONG}"/><rect class="pillar-head" x="{num(x)}" y="{num(top)}" '
            f'width="{num(pw)}" height="{num(head_h)}" fill="{DARK}"/>'
        )
        attrs = MIDDLE + lang_attr(page.lang)
        out.append(_text(x + pw / 2, top + 6 + F_FIELD, lines, F_FIELD, True, WHITE, attrs))
        y = top + head_h + PP
        for box in col:
            out.append(_draw_box(box, x + PP, y, pw - 2 * PP, page))
            y += box.h + PP
        if not col:
            out.append(_text(x + pw / 2, top + head_h + 22, ["–"], F_TITLE, False, MUTED, EMPTY))
        out.append("</g>")
        x += pw + GAP
    return top + head_h + body_h


def _marks(m: ArchMeasure, labels: ArchLabels) -> str:
    mark = {"required": labels.mark_required, "standard": labels.mark_standard}
    return " ".join(t for t in (labels.mark_done * m.done, mark.get(m.obligation, "")) if t)


def _box(m: ArchMeasure, bw: float, labels: ArchLabels) -> _Box:
    """A measure's lines: its title, then its id (left) beside its marks (right)."""
    title = _fit(m.title, bw - 2 * BP, F_TITLE)
    marks = _marks(m, labels)
    room = bw - 2 * BP - (text_width(marks, F_MARK, True) + 6 if marks else 0)
    ids = wrap(m.id, room, F_ID, False, 2)
    return _Box(m, title, ids, 2 * BP + (len(title) * F_TITLE + len(ids) * F_ID) * LH + 2)


def _draw_box(box: _Box, x: float, y: float, bw: float, page: _Page) -> str:
    m, labels = box.m, page.labels
    key = m.obligation if m.obligation in ("required", "standard") else "voluntary"
    solid = COLOURS[key]["solid"]
    fill, ink, small = (WHITE, TEXT, MUTED) if key == "voluntary" else (solid, WHITE, WHITE)
    inset = 1.5 if m.critical else 0.5
    stroke = f'stroke="{CRITICAL}" stroke-width="3"' if m.critical else f'stroke="{solid}"'
    says = [getattr(labels, key)] + [labels.done] * m.done + [labels.critical] * m.critical
    meta_y = y + BP + len(box.title) * F_TITLE * LH + 2 + F_ID
    parts = [
        f'<g class="measure {key}{" done" * m.done}{" critical" * m.critical}" '
        f'data-id="{esc(m.id)}"><title>{esc(m.title)} ({esc(m.id)}) – {esc(", ".join(says))}'
        "</title>"
        f'<rect x="{num(x + inset)}" y="{num(y + inset)}" width="{num(bw - 2 * inset)}" '
        f'height="{num(box.h - 2 * inset)}" fill="{fill}" {stroke}/>',
        _text(x + BP, y + BP + F_TITLE, box.title, F_TITLE, False, ink, lang_attr(page.lang)),
        _text(x + BP, meta_y, box.ids, F_ID, False, small),
    ]
    if marks := _marks(m, labels):
        end = ' class="mark" text-anchor="end"'
        parts.append(_text(x + bw - BP, meta_y, [marks], F_MARK, True, ink, end))
    parts.append("</g>")
    if page.href:
        parts = [f'<a href="{esc(page.href)}{esc(m.id)}">', *parts, "</a>"]
    return "".join(parts)


def _base(drawn: list[ArchMeasure], labels: ArchLabels, top: float, out: list[str]) -> float:
    """The base band with the legend (obligations always, done and critical only when a box
    shows them), entries left to right, wrapping; returns its bottom."""
    swatch = '<rect x="0.5" y="0.5" width="21" height="13" fill="{}" stroke="{}"{}/>'
    items = []
    for key, sign in (("required", labels.mark_required), ("standard", labels.mark_standard)):
        solid = COLOURS[key]["solid"]
        mark = _text(11, 11, [sign], F_MARK, True, WHITE, MIDDLE)
        items.append((swatch.format(solid, solid, "") + mark, getattr(labels, key)))
    items.append((swatch.format(WHITE, COLOURS["voluntary"]["solid"], ""), labels.voluntary))
    if any(m.done for m in drawn):
        mark = _text(11, 11, [labels.mark_done], F_MARK, True, TEXT, MIDDLE)
        items.append((swatch.format(WHITE, GRID_STRONG, "") + mark, labels.done))
    if any(m.critical for m in drawn):
        items.append((swatch.format(WHITE, CRITICAL, ' stroke-width="3"'), labels.critical))
    start = PAD + 10 + text_width(labels.legend, F_LABEL, True) + 14
    x, y = start, top + 8
    parts = [_text(PAD + 10, top + 19, [labels.legend], F_LABEL, True)]
    for symbol, label in items:
        w = 22 + 6 + text_width(label, F_LABEL)
        if x + w > W - PAD - 10 and x > start:
            x, y = start, y + 20
        parts.append(f'<g transform="translate({num(x)} {num(y)})">{symbol}</g>')
        parts.append(_text(x + 28, y + 11, [label], F_LABEL))
        x += w + 18
    bottom = y + 14 + 8
    out.append(f'<g class="legend"><rect x="{num(PAD)}" y="{num(top)}" width="{num(W - 2 * PAD)}" '
               f'height="{num(bottom - top)}" fill="{BAND}"/>')  # fmt: skip
    out.extend([*parts, "</g>"])
    return bottom
