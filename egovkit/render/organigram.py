"""The implementation organisation (Umsetzungsorganisation) as an inline SVG organigram and
as a nested outline (for screen readers and the Markdown edition).

Bodies are boxes in layers, top down: below the body they report to, else at the layer of
their kind (council … advisory); empty layers are dropped. A box shows the kind, the name
and the members (roles with their person, units; external ones marked). A line runs to the
body reported to (dashed from an advisory body). Units in no body, directly or through a
member role, are listed at the bottom. A ``reports_to`` naming no body or closing a cycle
counts as none (the checker reports it), so layout always ends.

Layers of more than ``MAX_COLS`` bodies wrap onto rows of a common grid; a line into or out
of such a row runs down a gap between grid columns, so lines never cross a box. Each parent
has its own lane in a gap and its own x in a gap between columns, so lines of different
parents never merge. Output is byte-identical per input.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from egovkit.model.organization import Body, Organization
from egovkit.render.svg import (
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

__all__ = ["KIND_ORDER", "OrgLabels", "organigram_outline", "organigram_svg"]

KIND_ORDER = ("council", "executive", "steering", "coordination", "project_team", "advisory")
BOX_W, GAP_X, GAP_Y, LANE, PAD = 210, 24, 26, 6, 12
MAX_COLS = int((TARGET_W - GAP_X) // (BOX_W + GAP_X))  # 4; a gap on either side
MIN_W = 2 * (BOX_W + GAP_X) + GAP_X  # a single column of bodies stands in this much
F_KIND, F_NAME, F_MEMBER, F_UNIT = 9, 11, 9.5, 9.5
MAX_MEMBERS = 20  # more are counted ("+ 5 weitere"); the outline lists them all
HEAD_FILL, EDGE = "#e8edf3", "#595959"
LH = 1.3  # line height per font size


@dataclass(frozen=True)
class OrgLabels:
    """The organigram's own words, in the language of the page (``language``)."""

    language: str
    title: str
    kinds: Mapping[str, str] = field(hash=False)
    members: str
    reports_to: str
    units: str
    external: str
    more: str  # format: count
    desc: str  # format: bodies, levels, lines, units


@dataclass(frozen=True)
class _Tree:
    """Bodies (first of each id), parents (cycles broken), layers (ids in drawing order)."""

    bodies: dict[str, Body]
    parent: dict[str, str | None]
    layers: list[list[str]]


def _parents(bodies: dict[str, Body]) -> dict[str, str | None]:
    """Each body's parent; unknown ids, self-references and every body on a cycle get none."""
    parent: dict[str, str | None] = {}
    for bid, b in bodies.items():
        p = b.reports_to
        parent[bid] = p if p in bodies and p != bid else None
    settled: set[str] = set()
    for start in bodies:
        path: list[str] = []
        on_path: set[str] = set()
        node: str | None = start
        while node is not None and node not in settled:
            if node in on_path:  # a cycle: its members become roots
                for member in path[path.index(node) :]:
                    parent[member] = None
                break
            on_path.add(node)
            path.append(node)
            node = parent[node]
        settled.update(path)
    return parent


def _tree(org: Organization) -> _Tree:
    bodies: dict[str, Body] = {}
    for b in org.bodies:
        bodies.setdefault(b.id, b)
    parent = _parents(bodies)
    level: dict[str, int] = {}
    for bid in bodies:  # iterative: a long chain must not exhaust the stack
        chain: list[str] = []
        node: str | None = bid
        while node is not None and node not in level:
            chain.append(node)
            node = parent[node]
        base = level[node] if node is not None else -1
        for n in reversed(chain):
            base = KIND_ORDER.index(bodies[n].kind) if parent[n] is None else base + 1
            level[n] = base
    index = {v: n for n, v in enumerate(sorted(set(level.values())))}
    layers: list[list[str]] = [[] for _ in index]
    for bid in bodies:
        layers[index[level[bid]]].append(bid)
    order = {bid: n for n, bid in enumerate(bodies)}
    pos: dict[str, int] = {}
    for layer in layers:  # under their parents, advisory bodies last; then the roots
        layer.sort(key=lambda b: (parent[b] is None, pos.get(parent[b] or "", 0),
                                  bodies[b].kind == "advisory", order[b]))  # fmt: skip
        pos.update((b, n) for n, b in enumerate(layer))
    return _Tree(bodies, parent, layers)


def _names(org: Organization, labels: OrgLabels) -> dict[str, str]:
    """What a member id stands for: a role's name (with the person), else a unit's name
    (marked when external); the first of each id counts."""
    names: dict[str, str] = {}
    for r in org.roles:
        names.setdefault(r.id, f"{r.name} ({r.person})" if r.person else r.name)
    for u in org.units:
        names.setdefault(u.id, f"{u.name} ({labels.external})" if u.kind == "external" else u.name)
    return {mid: " ".join(name.split()) for mid, name in names.items()}


def _loose_units(org: Organization, labels: OrgLabels) -> list[str]:
    """Units that belong to no body, neither directly nor through a member role."""
    members = {m for b in org.bodies for m in b.members}
    taken = members | {r.unit for r in org.roles if r.id in members}
    out: dict[str, str] = {}
    for u in org.units:
        if u.id not in taken:
            mark = f" ({labels.external})" if u.kind == "external" else ""
            out.setdefault(u.id, " ".join(u.name.split()) + mark)
    return list(out.values())


def organigram_outline(org: Organization, labels: OrgLabels) -> list[tuple[int, str]]:
    """The organigram as (depth, text) items of a nested list: each body with its kind, its
    members one level deeper, the bodies that report to it one level deeper too; the units
    that belong to no body last, under their heading."""
    tree = _tree(org)
    children: dict[str, list[str]] = {bid: [] for bid in tree.bodies}
    for layer in tree.layers:
        for bid in layer:
            if (p := tree.parent[bid]) is not None:
                children[p].append(bid)
    roots = [bid for layer in tree.layers for bid in layer if tree.parent[bid] is None]
    names = _names(org, labels)
    out: list[tuple[int, str]] = []
    stack = [(0, bid) for bid in reversed(roots)]
    while stack:
        depth, bid = stack.pop()
        b = tree.bodies[bid]
        out.append((depth, f"{' '.join(b.name.split())} ({labels.kinds[b.kind]})"))
        if members := [names[m] for m in b.members if m in names]:
            out.append((depth + 1, f"{labels.members}: {'; '.join(members)}"))
        stack.extend((depth + 1, c) for c in reversed(children[bid]))
    if units := _loose_units(org, labels):
        out.append((0, labels.units))
        out.extend((1, name) for name in units)
    return out


@dataclass
class _Box:
    bid: str
    row: int  # global row index
    sub: int  # row within its layer
    x: float
    kind: list[str]
    name: list[str]
    members: list[list[str]]
    h: float
    y: float = 0.0

    @property
    def cx(self) -> float:
        return self.x + BOX_W / 2


def _box(b: Body, names: dict[str, str], labels: OrgLabels, row: int, sub: int, x: float) -> _Box:
    """A body's box: kind, name, members (at most ``MAX_MEMBERS``), as tall as they need."""
    kind = wrap(labels.kinds[b.kind], BOX_W - 16, F_KIND, False, 2)
    name = wrap(" ".join(b.name.split()), BOX_W - 16, F_NAME, True, 6)
    listed = [names[m] for m in b.members if m in names]  # unknown ids: the checker says
    if len(listed) > MAX_MEMBERS:
        more = labels.more.format(count=len(listed) - MAX_MEMBERS + 1)
        listed = [*listed[: MAX_MEMBERS - 1], more]
    members = [wrap(n, BOX_W - 26, F_MEMBER, False, 3) for n in listed]
    head = 8 + (len(kind) * F_KIND + len(name) * F_NAME) * LH + 6
    body = sum(map(len, members)) * F_MEMBER * LH + 10 if members else 0
    return _Box(b.id, row, sub, x, kind, name, members, head + body)


def _layout(tree: _Tree, org: Organization, labels: OrgLabels) -> tuple[list[list[_Box]], float]:
    """Boxes by global row, and the width they need (at least ``MIN_W``, at most
    ``TARGET_W``): a layer of up to ``MAX_COLS`` bodies is one centred row; a longer one
    fills rows of the common grid from the left."""
    cols = max((min(len(layer), MAX_COLS) for layer in tree.layers), default=0)
    width = max(MIN_W, cols * (BOX_W + GAP_X) + GAP_X)
    grid_x0 = (width - MAX_COLS * BOX_W - (MAX_COLS - 1) * GAP_X) / 2
    names = _names(org, labels)
    rows: list[list[_Box]] = []
    for layer in tree.layers:
        wrapped = len(layer) > MAX_COLS
        for start in range(0, len(layer), MAX_COLS):
            chunk = layer[start : start + MAX_COLS]
            x0 = grid_x0 if wrapped else (width - len(chunk) * (BOX_W + GAP_X) + GAP_X) / 2
            sub, xs = start // MAX_COLS, [x0 + col * (BOX_W + GAP_X) for col in range(len(chunk))]
            rows.append([_box(tree.bodies[bid], names, labels, len(rows), sub, x)
                         for bid, x in zip(chunk, xs, strict=True)])  # fmt: skip
    return rows, width


def _lanes(tree: _Tree, boxes: dict[str, _Box]) -> dict[int, list[str]]:
    """For the gap above each row, the parents whose lines run along it, in drawing order."""
    lanes: dict[int, list[str]] = {}
    for bid, box in boxes.items():
        if (p := tree.parent[bid]) is None:
            continue
        for gap in sorted({boxes[p].row + 1, box.row}):
            if p not in lanes.setdefault(gap, []):
                lanes[gap].append(p)
    for gap in lanes:
        lanes[gap].sort(key=lambda p: (boxes[p].row, boxes[p].x))
    return lanes


def _edge(p: _Box, c: _Box, lanes: dict[int, list[str]], gap_top: list[float], out_x: float,
          channel: float | None) -> str:  # fmt: skip
    """The path from parent ``p``'s bottom (at ``out_x``) to child ``c``'s top: along the
    parent's lane in the gap under the parent's row; when rows lie between, down the gap
    between two grid columns at ``channel``; along its lane in the gap above the child."""

    def lane_y(gap: int) -> float:
        return gap_top[gap] + GAP_Y / 2 + LANE * lanes[gap].index(p.bid)

    path = f"M{num(out_x)} {num(p.y + p.h)}V{num(lane_y(p.row + 1))}"
    if channel is not None:
        path += f"H{num(channel)}V{num(lane_y(c.row))}"
    return path + f"H{num(c.cx)}V{num(c.y)}"


def _gap_x(p: _Box, c: _Box) -> str:
    """The gap between grid columns a line runs down: left of the child when it is in a
    later row of its layer, else left of the parent (on the grid of the wrapped layer)."""
    return num((c.x if c.sub > 0 else p.x) - GAP_X / 2)


def _edges(tree: _Tree, boxes: dict[str, _Box], lanes: dict[int, list[str]],
           gap_top: list[float], labels: OrgLabels) -> list[str]:  # fmt: skip
    """Every reporting line. A line leaves its parent's centre, or 12 to the right when
    another parent's line enters the box right below there; in a gap between columns each
    parent's lines have an x of their own, so lines of different parents never merge."""
    links = [(boxes[p], c) for bid, c in boxes.items() if (p := tree.parent[bid]) is not None]
    entered = {(c.row, num(c.cx)): tree.parent[c.bid] for c in boxes.values()}
    users: dict[str, list[str]] = {}
    for p, c in links:
        if p.row + 1 != c.row and p.bid not in users.setdefault(_gap_x(p, c), []):
            users[_gap_x(p, c)].append(p.bid)
    out = [f'<g class="edges" fill="none" stroke="{EDGE}" stroke-width="1.5">']
    for p, c in links:
        out_x = p.cx + (0 if entered.get((p.row + 1, num(p.cx)), p.bid) in (p.bid, None) else 12)
        channel = None
        if p.row + 1 != c.row:
            share = users[_gap_x(p, c)]
            step = min(4.0, (GAP_X - 8) / max(1, len(share) - 1))
            channel = float(_gap_x(p, c)) + (share.index(p.bid) - (len(share) - 1) / 2) * step
        dash = ' stroke-dasharray="5 3"' if tree.bodies[c.bid].kind == "advisory" else ""
        tip = f"{tree.bodies[c.bid].name} – {labels.reports_to}: {tree.bodies[p.bid].name}"
        out.append(
            f'<path class="edge" data-from="{esc(c.bid)}" data-to="{esc(p.bid)}" '
            f'd="{_edge(p, c, lanes, gap_top, out_x, channel)}"{dash}>'
            f"<title>{esc(tip)}</title></path>"
        )
    out.append("</g>")
    return out


def organigram_svg(org: Organization, labels: OrgLabels, content_lang: str | None = None,
                   prefix: str = "org") -> str:  # fmt: skip
    """The organigram as one SVG document (deterministic); ``content_lang`` is the language
    of the names, marked on them when it differs from ``labels.language``; ``prefix`` is the
    id of the ``<svg>`` and the stem of its other ids."""
    lang = content_lang if content_lang and content_lang != labels.language else ""
    tree = _tree(org)
    rows, width = _layout(tree, org, labels)
    boxes = {b.bid: b for row in rows for b in row}
    lanes = _lanes(tree, boxes)
    gap_top: list[float] = []
    y = PAD
    for n, row in enumerate(rows):
        gap_top.append(y - GAP_Y if n == 0 else y)
        y += 0 if n == 0 else GAP_Y + LANE * max(0, len(lanes.get(n, ())) - 1)
        for b in row:
            b.y = y
        y += max(b.h for b in row)
    body = _edges(tree, boxes, lanes, gap_top, labels)
    body += [_draw_box(tree.bodies[b.bid], b, lang) for b in boxes.values()]
    units = _loose_units(org, labels)
    if units:
        y = _units_row(units, labels, lang, (y + GAP_Y if rows else PAD, width), body)
    desc = labels.desc.format(bodies=len(boxes), levels=len(tree.layers),
                              lines=sum(p is not None for p in tree.parent.values()),
                              units=len(units))  # fmt: skip
    head = svg_open(prefix, width, y + PAD, labels.title, desc)
    return "\n".join([*head, *body, "</svg>"])


def _text(x: float, y: float, lines: list[str], size: float, bold: bool = False,
          fill: str = TEXT, extra: str = "") -> str:  # fmt: skip
    """Lines of ``size`` (line height 1.3 × size), the first baseline at ``y``."""
    weight = ' font-weight="bold"' if bold else ""
    attrs = f' font-size="{num(size)}"{weight} fill="{fill}"{extra}'
    return text_block(x, y, lines, size * LH, attrs)


def _draw_box(b: Body, box: _Box, lang: str) -> str:
    """A body: header (kind in small print, name in bold), then its members as a list."""
    x, y, kind = box.x, box.y, b.kind
    head_h = 8 + (len(box.kind) * F_KIND + len(box.name) * F_NAME) * LH + 6
    dash = ' stroke-dasharray="5 3"' if kind == "advisory" else ""
    rect = f'<rect x="{num(x)}" y="{num(y)}" width="{BOX_W}"'
    parts = [
        f'<g class="org-body {kind}" data-id="{esc(b.id)}">{rect} height="{num(box.h)}" '
        f'fill="#ffffff"/>{rect} height="{num(head_h)}" fill="{HEAD_FILL}"/>{rect} '
        f'height="{num(box.h)}" fill="none" stroke="{TEXT}" '
        f'stroke-width="{2 if kind == "council" else 1}"{dash}/>',
        _text(x + 8, y + 6 + F_KIND, box.kind, F_KIND, False, MUTED),
        _text(x + 8, y + 8 + len(box.kind) * F_KIND * LH + F_NAME, box.name, F_NAME, True,
              extra=lang_attr(lang)),
    ]  # fmt: skip
    line_y = y + head_h + 5 + F_MEMBER
    for lines in box.members:
        parts.append(_text(x + 8, line_y, ["•"], F_MEMBER))
        parts.append(_text(x + 18, line_y, lines, F_MEMBER, extra=lang_attr(lang)))
        line_y += len(lines) * F_MEMBER * LH
    parts.append("</g>")
    return "".join(parts)


def _units_row(units: list[str], labels: OrgLabels, lang: str, at: tuple[float, float],
               out: list[str]) -> float:  # fmt: skip
    """The units that belong to no body, as chips flowing left to right from ``at`` (top,
    width of the picture); returns the bottom."""
    top, room = at[0], at[1] - 2 * PAD
    out.append(f'<g class="units">{_text(PAD, top + F_NAME, [labels.units], F_NAME, True)}')
    x, y, row_h = PAD, top + F_NAME + 8, 0.0
    for name in units:
        lines = wrap(name, room - 16, F_UNIT, False, 4)
        w = max(text_width(line, F_UNIT) for line in lines) + 16
        h = len(lines) * F_UNIT * LH + 10
        if x + w > PAD + room and x > PAD:
            x, y, row_h = PAD, y + row_h + 6, 0.0
        out.append(
            f'<g class="unit"><rect x="{num(x)}" y="{num(y)}" width="{num(w)}" height="{num(h)}" '
            f'rx="3" fill="#ffffff" stroke="{GRID_STRONG}"/>'
            + _text(x + 8, y + 5 + F_UNIT, lines, F_UNIT, extra=lang_attr(lang))
            + "</g>"
        )
        x, row_h = x + w + 6, max(row_h, h)
    out.append("</g>")
    return y + row_h
