"""The E-Government architecture picture and the organigram (render/architecture.py,
render/organigram.py): well-formed, complete, readable (every line inside its box, no two
boxes overlapping, no line through a box), accessible, deterministic, safe with hostile text,
and finished even when ``reports_to`` runs in a circle."""

from __future__ import annotations

import hashlib
import itertools
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from functools import cache

import pytest
from conftest import PROJECT, measure_model, strategy_data

from egovkit.model import Strategy
from egovkit.model.organization import Organization
from egovkit.pipeline import plan
from egovkit.render.architecture import (
    ArchMeasure,
    arch_measures,
    architecture_svg,
    leitbild_summary,
)
from egovkit.render.drawings import arch_labels, org_labels
from egovkit.render.locale import Locale
from egovkit.render.organigram import organigram_outline, organigram_svg
from egovkit.render.svg import COLOURS, TARGET_W
from egovkit.render.textfit import text_width

NS = "{http://www.w3.org/2000/svg}"
DE = Locale.for_language("de")
EN = Locale.for_language("en")
EVIL = '<script>alert("x")</script> & Co'
LONG = " ".join(["Verwaltungsdigitalisierung"] * 11)[:300]  # 300 characters of words
WORD = "x" * 300  # one 300-character word


# --- reading the SVG -------------------------------------------------------------------------


@cache
def _example(name: str):
    result = plan(PROJECT / "examples" / name)
    ws = result.workspace
    return ws.strategy.model, [lm.model for lm in ws.measures], ws.organization.model, result


def _arch(name: str, **kw) -> str:
    strategy, measures, _, result = _example(name)
    critical = [m.id for m in result.plan.measures if m.critical]
    boxes = arch_measures(strategy, measures, critical)
    return architecture_svg(strategy, boxes, arch_labels(DE), **kw)


def _classes(el: ET.Element) -> set[str]:
    return set(el.get("class", "").split())


def _groups(root: ET.Element, cls: str) -> list[ET.Element]:
    return [g for g in root.iter(f"{NS}g") if cls in _classes(g)]


def _box(g: ET.Element) -> tuple[float, float, float, float]:
    """(x, y, width, height) of a group's first rectangle: its box."""
    r = g.find(f"{NS}rect")
    assert r is not None, ET.tostring(g)[:200]
    return tuple(float(r.get(k)) for k in ("x", "y", "width", "height"))  # type: ignore[return-value]


def _lines(text: ET.Element) -> list[tuple[float, float, str]]:
    """(x, baseline, text) of every line of a ``<text>``."""
    x, y = float(text.get("x")), float(text.get("y"))
    spans = text.findall(f"{NS}tspan")
    if not spans:
        return [(x, y, "".join(text.itertext()))]
    out = []
    for span in spans:
        y += float(span.get("dy", "0"))
        out.append((float(span.get("x", x)), y, span.text or ""))
    return out


def _fits(g: ET.Element) -> list[str]:
    """Every line of every ``<text>`` in group ``g`` that does not lie inside its box, as
    textfit measures it (DejaVu Sans, the widest font the charts ask for)."""
    bx, by, bw, bh = _box(g)
    wrong = []
    for text in g.iter(f"{NS}text"):
        size = float(text.get("font-size"))
        bold = text.get("font-weight") == "bold"
        anchor = text.get("text-anchor", "start")
        for x, y, line in _lines(text):
            w = text_width(line, size, bold)
            x0 = {"start": x, "middle": x - w / 2, "end": x - w}[anchor]
            inside = bx - 0.5 <= x0 and x0 + w <= bx + bw + 0.5
            inside = inside and by - 0.5 <= y - 0.75 * size and y + 0.25 * size <= by + bh + 0.5
            if not inside:
                wrong.append(f"{line!r} at ({x0:.1f}, {y}) w={w:.1f} in {_box(g)}")
    return wrong


def _overlaps(boxes: list[tuple[float, float, float, float]]) -> list[tuple]:
    """Pairs of boxes whose insides overlap (sweep along x, so 200 boxes stay cheap)."""
    found = []
    ordered = sorted(boxes)
    for i, a in enumerate(ordered):
        for b in ordered[i + 1 :]:
            if b[0] >= a[0] + a[2] - 0.01:
                break
            if b[1] < a[1] + a[3] - 0.01 and a[1] < b[1] + b[3] - 0.01:
                found.append((a, b))
    return found


def _luminance(hex_colour: str) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def _contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _accessible(root: ET.Element) -> None:
    """role="img", and aria-labelledby names a <title> and a <desc> that exist and say
    something."""
    assert root.get("role") in ("img", "group")
    ids = root.get("aria-labelledby").split()
    found = {el.get("id"): el for el in root.iter() if el.get("id")}
    assert [found[i].tag for i in ids] == [f"{NS}title", f"{NS}desc"]
    assert all((found[i].text or "").strip() for i in ids)


# --- the architecture ------------------------------------------------------------------------


def test_bergisch_gladbach_has_its_six_pillars_and_fourteen_marked_measures() -> None:
    root = ET.fromstring(_arch("bergisch-gladbach"))
    pillars = _groups(root, "pillar")
    measures = _groups(root, "measure")
    assert len(pillars) == 6
    assert len(measures) == 14
    required = [g for g in measures if "required" in _classes(g)]
    standard = [g for g in measures if "standard" in _classes(g)]
    assert (len(required), len(standard)) == (6, 2)
    # marked with the letters of the Gantt and the measure tables: G (gesetzlich), S (Standard)
    for group, colour, mark in ((required, "required", "G"), (standard, "standard", "S")):
        for g in group:  # colour and a text mark, never colour alone
            assert g.find(f"{NS}rect").get("fill") == COLOURS[colour]["solid"]
            marks = [t for t in g.iter(f"{NS}text") if "mark" in _classes(t)]
            assert marks and mark in "".join(marks[0].itertext()).split()
    voluntary = [g for g in measures if "voluntary" in _classes(g)]
    assert len(voluntary) == 6
    for g in voluntary:
        marks = "".join(
            t for m in g.iter(f"{NS}text") if "mark" in _classes(m) for t in m.itertext()
        )
        assert "G" not in marks.split() and "S" not in marks.split()
    strategy, models, _, _ = _example("bergisch-gladbach")
    for pillar, field in zip(pillars, strategy.fields, strict=True):
        assert pillar.get("data-field") == field.id
        own = {m.id for m in models if m.field == field.id}
        assert {g.get("data-id") for g in _groups(pillar, "measure")} == own


def test_bergisch_gladbach_says_in_text_what_the_picture_shows() -> None:
    svg = _arch("bergisch-gladbach")
    root = ET.fromstring(svg)
    _accessible(root)
    desc = root.find(f"{NS}desc").text
    assert "6 Handlungsfelder, 14 Maßnahmen, davon 6 gesetzlich erforderlich und 2 Standard" in desc
    legend = root.find(f".//{NS}g[@class='legend']")
    texts = ["".join(t.itertext()) for t in legend.iter(f"{NS}text")]
    for words in (
        "gesetzlich erforderlich",
        "Standard (künftig verpflichtend)",
        "freiwillig",
        "G",
        "S",
    ):
        assert words in texts  # each mark drawn in its swatch, each class named
    roof = " ".join(_groups(root, "roof")[0].itertext())
    assert "In der Papierstadt zur digitalen Verwaltung" in roof
    assert "##" not in roof  # Markdown stripped
    assert 'width="960"' in svg.split(">", 1)[0] and "viewBox" in svg.split(">", 1)[0]


@pytest.mark.parametrize("name", ["bergisch-gladbach", "mettmann"])
def test_text_stays_inside_its_box_and_boxes_do_not_overlap(name: str) -> None:
    root = ET.fromstring(_arch(name))
    assert _groups(root, "measure") and _groups(root, "goal")
    wrong = [
        problem for g in _groups(root, "measure") + _groups(root, "goal") for problem in _fits(g)
    ]
    assert not wrong, wrong
    for pillar in _groups(root, "pillar"):  # the field's title in the pillar's head
        head = pillar.find(f"{NS}rect[@class='pillar-head']")
        bx, by, bw, bh = (float(head.get(k)) for k in ("x", "y", "width", "height"))
        for x, y, line in _lines(pillar.find(f"{NS}text")):
            w = text_width(line, 11, bold=True)
            assert bx <= x - w / 2 and x + w / 2 <= bx + bw and by < y < by + bh, line
    assert not _overlaps([_box(g) for g in _groups(root, "measure")])
    assert not _overlaps([_box(g) for g in _groups(root, "pillar")])


def test_colours_keep_text_readable() -> None:
    root = ET.fromstring(_arch("bergisch-gladbach"))
    checked = 0
    for g in _groups(root, "measure"):
        fill = g.find(f"{NS}rect").get("fill")
        for text in g.iter(f"{NS}text"):
            assert _contrast(text.get("fill"), fill) >= 4.5, (text.get("fill"), fill)
            checked += 1
    for pillar in _groups(root, "pillar"):
        head = pillar.find(f"{NS}rect[@class='pillar-head']").get("fill")
        assert _contrast(pillar.find(f"{NS}text").get("fill"), head) >= 4.5
    assert checked >= 28


def test_done_and_critical_are_marked_and_explained_only_when_flagged() -> None:
    strategy = Strategy.model_validate(strategy_data())
    plain = [ArchMeasure("a", "Alpha", "F", "required")]
    flagged = [ArchMeasure("a", "Alpha", "F", "required", done=True, critical=True)]
    quiet = ET.fromstring(architecture_svg(strategy, plain, arch_labels(DE)))
    loud = ET.fromstring(architecture_svg(strategy, flagged, arch_labels(DE)))
    assert "kritischer Pfad" not in "".join(quiet.itertext())
    assert "erledigt" not in "".join(quiet.find(f".//{NS}g[@class='legend']").itertext())
    box = _groups(loud, "measure")[0]
    assert {"done", "critical"} <= _classes(box)
    assert box.find(f"{NS}rect").get("stroke-width") == "3"
    assert "✓" in "".join(
        t for m in box.iter(f"{NS}text") if "mark" in _classes(m) for t in m.itertext()
    )
    legend = "".join(loud.find(f".//{NS}g[@class='legend']").itertext())
    assert "kritischer Pfad" in legend and "erledigt" in legend


def test_measures_of_a_focus_area_stand_in_their_fields_pillar() -> None:
    data = strategy_data()
    data["fields"] = [
        {"id": "F", "title": "Feld", "focus": [{"id": "F1", "title": "Schwerpunkt",
                                                "focus": [{"id": "F11", "title": "Tiefer"}]}]},
        {"id": "G", "title": "Leer"},
    ]  # fmt: skip
    strategy = Strategy.model_validate(data)
    models = [measure_model("a", field="F11"), measure_model("b", field="G"),
              measure_model("c", field="unbekannt")]  # fmt: skip
    boxes = arch_measures(strategy, models, critical=["b"])
    assert [(b.id, b.field, b.critical) for b in boxes] == [("a", "F", False), ("b", "G", True)]
    root = ET.fromstring(architecture_svg(strategy, boxes[:1], arch_labels(DE)))
    pillars = _groups(root, "pillar")
    assert [p.get("data-field") for p in pillars] == ["F", "G"]
    assert [g.get("data-id") for g in _groups(pillars[0], "measure")] == ["a"]
    assert [t.text for t in pillars[1].iter(f"{NS}text") if "empty" in _classes(t)] == ["–"]


def test_leitbild_becomes_its_heading_and_first_sentence_as_plain_text() -> None:
    text = "## Digital *und* nah\n\nWir helfen z. B. am 1. Mai **gern**. Zweiter Satz folgt."
    assert leitbild_summary(text) == ("Digital und nah", "Wir helfen z. B. am 1. Mai gern.")
    assert leitbild_summary("Nur ein Satz ohne Punkt") == ("", "Nur ein Satz ohne Punkt")
    head, sentence = leitbild_summary("Wort " * 100)
    assert head == "" and len(sentence) <= 160 and sentence.endswith("…")
    assert leitbild_summary(None) == ("", "")
    strategy = Strategy.model_validate(strategy_data())  # no Leitbild: the title is the roof
    root = ET.fromstring(architecture_svg(strategy, [], arch_labels(EN)))
    roof = " ".join(_groups(root, "roof")[0].itertext())
    assert "Teststrategie" in roof and "Mission statement" not in roof


def test_user_text_in_another_language_is_marked() -> None:
    assert ' lang="' not in _arch("bergisch-gladbach", content_lang="de")  # German on German
    strategy, measures, _, _ = _example("bergisch-gladbach")
    english = architecture_svg(strategy, arch_measures(strategy, measures), arch_labels(EN), "de")
    root = ET.fromstring(english)
    for group in _groups(root, "measure") + _groups(root, "pillar") + _groups(root, "goal"):
        assert next(group.iter(f"{NS}text")).get("lang") == "de"  # the title, name or goal
    legend = root.find(f".//{NS}g[@class='legend']")
    assert all(t.get("lang") is None for t in legend.iter(f"{NS}text"))
    assert "legally required" in "".join(legend.itertext())


def test_links_make_the_boxes_reachable() -> None:
    root = ET.fromstring(_arch("bergisch-gladbach", href_prefix="#m-"))
    links = [a.get("href") for a in root.iter(f"{NS}a")]
    assert len(links) == 14 and "#m-epayment" in links
    assert root.get("role") == "group"  # an image's links would be hidden from screen readers


def _hostile_strategy(fields: int) -> Strategy:
    data = strategy_data(
        goals=[{"id": f"Z{n}", "title": EVIL + " " + LONG[:200]} for n in range(12)]
    )
    data["title"] = EVIL
    data["leitbild"] = f"# {EVIL}\n\n{LONG} {WORD}. Zweiter Satz."
    data["fields"] = [
        {"id": f"F{n}", "title": f"{EVIL} {LONG[: min(260, 20 + n * 7)]}"} for n in range(fields)
    ]
    return Strategy.model_validate(data)


@pytest.mark.parametrize(
    ("fields", "per_field", "in_one"),
    [(40, 1, 0), (3, 0, 200), (7, 2, 0), (1, 0, 0)],
    ids=["40-fields", "200-in-one-field", "7-fields", "empty"],
)
def test_hostile_input_is_escaped_and_never_overlaps(
    fields: int, per_field: int, in_one: int
) -> None:
    strategy = _hostile_strategy(fields)
    titles = [EVIL, LONG, WORD, f"{WORD[:40]} {LONG}", "kurz"]
    boxes = [
        ArchMeasure(f"m-{f}-{n}", titles[(f + n) % 5], f"F{f}", ("required", "standard", "voluntary")[n % 3],
                    done=n % 2 == 0, critical=n % 4 == 0)
        for f in range(fields) for n in range(per_field)
    ] + [ArchMeasure(f"x{n}" * 8, titles[n % 5], "F0", "standard") for n in range(in_one)]  # fmt: skip
    svg = architecture_svg(strategy, boxes, arch_labels(DE))
    assert "<script" not in svg and "&lt;script&gt;" in svg
    root = ET.fromstring(svg)  # well-formed
    measures = _groups(root, "measure")
    assert len(measures) == len(boxes)
    assert len(_groups(root, "pillar")) == fields
    wrong = [p for g in measures + _groups(root, "goal") for p in _fits(g)]
    assert not wrong, wrong[:5]
    assert not _overlaps([_box(g) for g in measures])
    assert not _overlaps([_box(g) for g in _groups(root, "pillar")])
    assert all(x >= 0 and x + w <= TARGET_W for x, _, w, _ in map(_box, measures))
    assert architecture_svg(strategy, boxes, arch_labels(DE)) == svg


# --- the organigram --------------------------------------------------------------------------


def _path_points(d: str) -> list[tuple[float, float]]:
    """The corners of an orthogonal path (M x y, then H and V)."""
    tokens = re.findall(r"[MHV]|-?\d+(?:\.\d+)?", d)
    assert tokens[0] == "M"
    x, y = float(tokens[1]), float(tokens[2])
    points = [(x, y)]
    for op, value in zip(tokens[3::2], tokens[4::2], strict=True):
        x, y = (float(value), y) if op == "H" else (x, float(value))
        points.append((x, y))
    return points


def _crosses(a: tuple[float, float], b: tuple[float, float], box: tuple) -> bool:
    """Whether the axis-parallel segment a–b runs through the inside of ``box``."""
    bx, by, bw, bh = box
    (x1, y1), (x2, y2) = sorted([a, b])
    if x1 == x2:
        return (
            bx + 0.5 < x1 < bx + bw - 0.5 and min(y1, y2) < by + bh - 0.5 and max(y1, y2) > by + 0.5
        )
    return by + 0.5 < y1 < by + bh - 0.5 and x1 < bx + bw - 0.5 and x2 > bx + 0.5


def _check_organigram(org: Organization) -> ET.Element:
    """Every body drawn once, text inside its box, no overlaps, and every edge from its
    parent's bottom to its child's top without crossing any other box."""
    root = ET.fromstring(organigram_svg(org, org_labels(DE)))
    _accessible(root)
    bodies = {g.get("data-id"): g for g in _groups(root, "org-body")}
    assert sorted(bodies) == sorted({b.id for b in org.bodies})
    boxes = {bid: _box(g) for bid, g in bodies.items()}
    assert not _overlaps(list(boxes.values()))
    width, height = (float(v) for v in root.get("viewBox").split()[2:])
    assert width <= TARGET_W
    assert all(x >= 0 and x + w <= width and y + h <= height for x, y, w, h in boxes.values())
    wrong = [p for g in bodies.values() for p in _fits(g)] + [
        p for g in _groups(root, "unit") for p in _fits(g)
    ]
    assert not wrong, wrong[:5]
    segments: list[tuple] = []
    for edge in root.iter(f"{NS}path"):
        if "edge" not in _classes(edge):
            continue
        child, parent = boxes[edge.get("data-from")], boxes[edge.get("data-to")]
        points = _path_points(edge.get("d"))
        (sx, sy), (ex, ey) = points[0], points[-1]
        assert all(0 < x < width and 0 < y < height for x, y in points)
        assert sy == pytest.approx(parent[1] + parent[3], abs=0.2)
        assert parent[0] < sx < parent[0] + parent[2]
        assert ey == pytest.approx(child[1], abs=0.2)
        assert ex == pytest.approx(child[0] + child[2] / 2, abs=0.2)
        others = [b for bid, b in boxes.items() if b not in (child, parent)]
        assert not [b for a, z in itertools.pairwise(points) for b in others if _crosses(a, z, b)]
        segments.extend((edge.get("data-to"), a, z) for a, z in itertools.pairwise(points))
    merged = [
        (s, t)
        for s, t in itertools.combinations(segments, 2)
        if s[0] != t[0] and _shared(s[1:], t[1:])
    ]
    assert not merged, merged[:3]  # lines of different parents never run along each other
    return root


def _shared(s: tuple, t: tuple) -> bool:
    """Whether two axis-parallel segments run along each other for more than a point."""
    (a1, a2), (b1, b2) = sorted(s), sorted(t)
    if a1[0] == a2[0] == b1[0] == b2[0]:  # both vertical on one x
        return (
            min(max(a1[1], a2[1]), max(b1[1], b2[1])) - max(min(a1[1], a2[1]), min(b1[1], b2[1]))
            > 0.5
        )
    if a1[1] == a2[1] == b1[1] == b2[1]:  # both horizontal on one y
        return min(a2[0], b2[0]) - max(a1[0], b1[0]) > 0.5
    return False


@pytest.mark.parametrize("name", ["mettmann", "bergisch-gladbach"])
def test_organigram_of_an_example_shows_every_body_and_its_reporting_lines(name: str) -> None:
    org = _example(name)[2]
    root = _check_organigram(org)
    text = " ".join(root.itertext())
    for body in org.bodies:
        assert " ".join(body.name.split()[:2]) in text
    ids = {b.id for b in org.bodies}
    expected = {(b.id, b.reports_to) for b in org.bodies if b.reports_to in ids}
    edges = {
        (p.get("data-from"), p.get("data-to")) for p in root.iter(f"{NS}path") if p.get("data-from")
    }
    assert edges == expected
    desc = root.find(f"{NS}desc").text
    assert f"{len(org.bodies)} Gremien" in desc


def test_organigram_wires_the_reporting_lines_it_is_given() -> None:
    """The examples' reporting lines replaced by a known tree, so the test does not depend on
    what the examples say: a chain down the kinds, an advisory body, a wrapped layer."""
    org = _example("mettmann")[2]
    chain = {"verwaltungsausschuss": "rat", "verwaltungsvorstand": "verwaltungsausschuss",
             "lenkungskreis": "verwaltungsvorstand", "projektbuero": "lenkungskreis",
             "pt-online-services": "lenkungskreis", "pt-digitale-verwaltung": "lenkungskreis",
             "pt-informationssicherheit": "projektbuero"}  # fmt: skip
    bodies = [b.model_dump() | {"reports_to": chain.get(b.id)} for b in org.bodies]
    bodies += [{"id": f"pt{n}", "name": f"Projektteam {n}", "kind": "project_team",
                "members": ["it"], "reports_to": "lenkungskreis" if n % 2 else "projektbuero"}
               for n in range(9)]  # fmt: skip
    bodies.append({"id": "beirat", "name": "Beirat", "kind": "advisory", "reports_to": "rat"})
    wired = Organization.model_validate(org.model_dump() | {"bodies": bodies})
    root = _check_organigram(wired)
    edges = [p for p in root.iter(f"{NS}path") if p.get("data-from")]
    assert len(edges) == len(chain) + 9 + 1
    assert [p.get("stroke-dasharray") for p in edges if p.get("data-from") == "beirat"] == ["5 3"]
    tops = {g.get("data-id"): _box(g)[1] for g in _groups(root, "org-body")}
    assert tops["rat"] < tops["verwaltungsausschuss"] < tops["verwaltungsvorstand"]
    assert tops["lenkungskreis"] < tops["projektbuero"] < tops["pt-informationssicherheit"]
    outline = organigram_outline(wired, org_labels(DE))
    depth = {text.split(" (")[0]: d for d, text in outline}
    assert depth["Rat der Kreisstadt Mettmann"] == 0
    assert depth["Informationssicherheits-Team"] == 5  # rat → … → Projektbüro → team


def test_a_reporting_cycle_ends_and_every_body_is_drawn_once() -> None:
    org = Organization.model_validate({
        "bodies": [
            {"id": "a", "name": "A", "kind": "steering", "reports_to": "c"},
            {"id": "b", "name": "B", "kind": "project_team", "reports_to": "a"},
            {"id": "c", "name": "C", "kind": "executive", "reports_to": "b"},
            {"id": "d", "name": "D", "kind": "project_team", "reports_to": "a"},
            {"id": "s", "name": "S", "kind": "council", "reports_to": "s"},
            {"id": "u", "name": "U", "kind": "advisory", "reports_to": "unbekannt",
             "members": ["unbekannt", "r"]},
        ],
        "roles": [{"id": "r", "name": "Rolle", "person": "Erika Muster"}],
    })  # fmt: skip
    root = _check_organigram(org)
    edges = {
        (p.get("data-from"), p.get("data-to")) for p in root.iter(f"{NS}path") if p.get("data-from")
    }
    assert edges == {("d", "a")}  # the cycle a→c→b→a and the self-reference count as none
    outline = organigram_outline(org, org_labels(DE))
    names = [text for _, text in outline if "(" in text and not text.startswith("Mitglieder")]
    assert sorted(n.split(" (")[0] for n in names) == ["A", "B", "C", "D", "S", "U"]
    assert (1, "Mitglieder: Rolle (Erika Muster)") in outline


def test_organigram_outline_nests_bodies_members_and_loose_units() -> None:
    org = _example("bergisch-gladbach")[2]
    outline = organigram_outline(org, org_labels(DE))
    heads = [(d, t) for d, t in outline if not t.startswith("Mitglieder:")]
    for body in org.bodies:
        assert sum(t.startswith(body.name + " (") for _, t in heads) == 1
    assert all(b - a <= 1 for (a, _), (b, _) in itertools.pairwise(outline))  # no level skipped
    assert outline[0][0] == 0
    units = [i for i, (d, t) in enumerate(outline) if d == 0 and t == "Organisationseinheiten"]
    assert units and all(d == 1 for d, _ in outline[units[0] + 1 :])
    members = {m for b in org.bodies for m in b.members}
    loose = [t for _, t in outline[units[0] + 1 :]]
    for unit in org.units:
        listed = any(t.startswith(unit.name) for t in loose)
        via_role = any(r.unit == unit.id and r.id in members for r in org.roles)
        assert listed == (unit.id not in members and not via_role), unit.id


def test_hostile_organigram_is_escaped_bounded_and_does_not_overlap() -> None:
    roles = [{"id": f"r{n}", "name": f"{EVIL} {LONG[: 40 + n]}", "person": EVIL} for n in range(60)]
    bodies = [{"id": f"b{n}", "name": f"{EVIL} {WORD if n % 3 == 0 else LONG}"[:300],
               "kind": ("council", "steering", "project_team", "advisory")[n % 4],
               "members": [r["id"] for r in roles], "reports_to": f"b{n // 2}" if n else None}
              for n in range(40)]  # fmt: skip
    units = [
        {"id": f"u{n}", "name": f"{EVIL} {LONG[: 10 + n * 9]}", "kind": "external"}
        for n in range(25)
    ]
    org = Organization.model_validate({"bodies": bodies, "roles": roles, "units": units})
    svg = organigram_svg(org, org_labels(EN), content_lang="de")
    assert "<script" not in svg and "&lt;script&gt;" in svg
    root = _check_organigram(org)
    assert len(_groups(root, "unit")) == 25
    first = _groups(ET.fromstring(svg), "org-body")[0]
    texts = [" ".join(t.itertext()) for t in first.iter(f"{NS}text")]
    assert "+ 41 more" in texts  # 60 members: 19 listed, the rest counted
    assert any(t.get("lang") == "de" for t in first.iter(f"{NS}text"))
    assert organigram_svg(org, org_labels(EN), content_lang="de") == svg


# --- determinism across processes ------------------------------------------------------------

_SCRIPT = """
import hashlib, sys
from pathlib import Path
sys.path.insert(0, {tests!r})
from test_drawings import DE, _arch, _example, org_labels
from egovkit.render.organigram import organigram_svg
for name in ("bergisch-gladbach", "mettmann"):
    svg = _arch(name) + organigram_svg(_example(name)[2], org_labels(DE))
    print(hashlib.sha256(svg.encode()).hexdigest())
"""


def test_output_is_byte_identical_whatever_the_hash_seed() -> None:
    """Two processes with different string hashing draw the same bytes, and so does this one
    (no set or dict order leaks into the output)."""
    script = _SCRIPT.format(tests=str(PROJECT / "tests"))
    outputs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                             env=env, cwd=PROJECT, check=True, timeout=120)  # fmt: skip
        outputs.append(run.stdout.split())
    here = [
        hashlib.sha256(
            (_arch(n) + organigram_svg(_example(n)[2], org_labels(DE))).encode()
        ).hexdigest()
        for n in ("bergisch-gladbach", "mettmann")
    ]
    assert outputs[0] == outputs[1] == here
