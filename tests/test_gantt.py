"""SVG charts (Gantt, dependency graph, phase timeline) and the Mermaid text they mirror."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import time
import xml.etree.ElementTree as ET

import pytest

from egovkit.model import Obligation, Status
from egovkit.plan.schedule import ScheduledMeasure
from egovkit.render import mermaid
from egovkit.render.depgraph import BOX_H, BOX_W, GAP_X, GAP_Y, depgraph_svg
from egovkit.render.gantt import GanttGroup, TimelineItem, gantt_svg, timeline_svg
from egovkit.render.locale import Locale
from egovkit.render.svg import Axis, num

D = dt.date
DE = Locale.for_language("de")
EN = Locale.for_language("en")
NS = "{http://www.w3.org/2000/svg}"
EVIL = '<script>alert(1)</script> & "Ä" | x'


def sm(id: str, order: int, **kw) -> ScheduledMeasure:
    base = dict(
        id=id, title=f"Maßnahme {id}", field="F", obligation=Obligation.voluntary,
        priority="medium", status=Status.planned, progress=0, owner=None, depends_on=(),
        order=order, wave=0, duration_days=20, remaining_days=20, start=D(2024, 1, 8),
        finish=D(2024, 2, 2), late_start=D(2024, 1, 8), late_finish=D(2024, 2, 2), slack=0,
        critical=False, milestone=False, fixed=False, deadline=None, deadline_source=None,
        deadline_slip=0, driving_chain=(id,), capacity_delay=0,
    )  # fmt: skip
    base.update(kw)
    return ScheduledMeasure(**base)


MEASURES = (
    sm("A", 0, title=EVIL, obligation=Obligation.required, status=Status.done, critical=True,
       start=D(2024, 1, 8), finish=D(2024, 3, 29), deadline=D(2024, 6, 30)),
    sm("B", 1, depends_on=("A",), wave=1, status=Status.in_progress, progress=50,
       obligation=Obligation.standard, start=D(2024, 4, 2), finish=D(2024, 9, 30),
       deadline=D(2024, 8, 31), deadline_slip=21, critical=True),
    sm("C", 2, depends_on=("A",), wave=1, start=D(2024, 4, 2), finish=D(2024, 5, 31), slack=40),
    sm("M", 3, depends_on=("B", "C"), wave=2, milestone=True, duration_days=0,
       start=D(2024, 10, 1), finish=D(2024, 10, 1), critical=True),
    sm("H", 4, status=Status.on_hold, start=D(2024, 2, 1), finish=D(2024, 4, 30), slack=60),
)  # fmt: skip
GROUPS = (
    GanttGroup("f-F1", "Services: Portal", MEASURES[:2]),
    GanttGroup("f-F2", "Intern", MEASURES[2:]),
)
STATUS = D(2024, 5, 15)


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def test_gantt_is_well_formed_and_accessible():
    svg = gantt_svg(GROUPS, STATUS, DE)
    root = _parse(svg)
    assert root.tag == f"{NS}svg" and root.get("role") == "img"
    assert (
        root.find(f"{NS}title").text == "Zeitplan der Maßnahmen nach Handlungsfeld (Gantt-Diagramm)"
    )
    assert "5 Maßnahmen in 2 Handlungsfeldern" in root.find(f"{NS}desc").text
    assert svg == gantt_svg(GROUPS, STATUS, DE)  # deterministic


def test_gantt_rows_bars_and_markers():
    svg = gantt_svg(GROUPS, STATUS, DE)
    root = _parse(svg)
    links = [a.get("href") for a in root.iter(f"{NS}a")]
    assert links == ["#m-A", "#m-B", "#m-C", "#m-M", "#m-H"]  # one row per measure, in order
    texts = ["".join(t.itertext()) for t in root.iter(f"{NS}text")]
    assert "Services: Portal" in texts and "Intern" in texts  # group header rows
    assert any(t.startswith("A <script>alert(1)") for t in texts)  # escaped, parsed back
    tips = [t.text for t in root.iter(f"{NS}title")][1:]
    assert any(t.startswith("A " + EVIL) and "kritisch" in t for t in tips)
    assert any("verspätet um 21 Arbeitstage" in t for t in tips)
    assert any("Puffer 40 AT" in t for t in tips)
    # Obligation letters next to the labels, as text.
    assert {"G", "S", "F"} <= set(texts)
    # Done bar solid, in-progress bar with a progress fill of half its width.
    rects = [r for r in root.iter(f"{NS}rect") if r.find(f"{NS}title") is not None]
    by_id = {r.find(f"{NS}title").text.split(" ", 1)[0]: r for r in rects}
    assert by_id["A"].get("fill") == "#c62828" and by_id["A"].get("stroke") == "#111111"
    assert by_id["B"].get("fill") == "#c6d9ef"
    progress = [r for r in root.iter(f"{NS}rect") if r.get("pointer-events") == "none"]
    assert len(progress) == 1
    assert float(progress[0].get("width")) == pytest.approx(
        float(by_id["B"].get("width")) / 2, abs=0.1
    )
    assert by_id["H"].get("stroke-dasharray") == "3 2"  # on hold: dashed
    assert "M" not in by_id  # the milestone is a diamond path
    assert any(p.find(f"{NS}title") is not None and p.find(f"{NS}title").text.startswith("M ")
               for p in root.iter(f"{NS}path"))  # fmt: skip
    # Deadlines: met = white diamond, missed = red diamond plus "+21 AT".
    fills = [p.get("fill") for g in root.iter(f"{NS}g") if g.get("class") == "deadline"
             for p in g.iter(f"{NS}path")]  # fmt: skip
    assert fills == ["#ffffff", "#b00020"]
    assert "+21 AT" in texts and "✓" in texts and "50\u00a0%" in texts and "pausiert" in texts


def test_gantt_axis_status_line_and_legend():
    svg = gantt_svg(GROUPS, STATUS, DE)
    root = _parse(svg)
    texts = ["".join(t.itertext()) for t in root.iter(f"{NS}text")]
    assert "2024" in texts and "Q2" in texts
    assert {"Jan", "Mär", "Mai", "Okt"} <= set(texts)
    assert "Stand 15.05.2024" in texts
    assert "Legende" in texts and "G = gesetzlich erforderlich" in texts
    line = next(e for e in root.iter(f"{NS}line") if e.get("class") == "status-date")
    axis = Axis.around(D(2024, 1, 8), D(2024, 10, 1), 330 + 22 + 10, 30, 480, 900)
    assert line.get("x1") == num(axis.x(STATUS))
    english = [
        "".join(t.itertext()) for t in _parse(gantt_svg(GROUPS, STATUS, EN)).iter(f"{NS}text")
    ]
    assert {"Mar", "May", "Oct"} <= set(english) and "Status date 15 May 2024" in english


def test_coordinates_have_at_most_one_decimal():
    svg = gantt_svg(GROUPS, STATUS, DE) + depgraph_svg(MEASURES, DE)
    for value in re.findall(r'\b(?:x|y|x1|x2|y1|y2|width|height)="([^"]+)"', svg):
        if value.endswith("%"):
            continue
        assert re.fullmatch(r"-?\d+(\.\d)?", value), value
    for path in re.findall(r' d="([^"]+)"', svg):
        for number in re.findall(r"-?\d+(?:\.\d+)?", path):
            assert re.fullmatch(r"-?\d+(\.\d)?", number), path


def test_gantt_empty_plan():
    root = _parse(gantt_svg((GanttGroup("f-X", "Leer", ()),), STATUS, DE))
    assert root.get("role") == "img"


def test_gantt_scales_linearly():
    def measures(n):
        return tuple(
            dataclasses.replace(MEASURES[i % 5], id=f"M{i}", order=i,
                                start=D(2024, 1, 1) + dt.timedelta(days=i % 700),
                                finish=D(2024, 3, 1) + dt.timedelta(days=i % 700))
            for i in range(n)
        )  # fmt: skip

    big = measures(10_000)
    began = time.perf_counter()
    svg = gantt_svg((GanttGroup("f-A", "A", big),), STATUS, DE)
    elapsed = time.perf_counter() - began
    assert svg.count('<a href="#m-M') == 10_000
    assert elapsed < 3.0


def test_depgraph_layout_by_wave_and_order():
    svg = depgraph_svg(MEASURES, DE)
    root = _parse(svg)
    assert root.get("role") == "img" and root.find(f"{NS}desc") is not None
    boxes = {}
    for a in root.iter(f"{NS}a"):
        rect = a.find(f"{NS}g/{NS}rect")
        boxes[a.get("href")[3:]] = (float(rect.get("x")), float(rect.get("y")))
    step_x, step_y = BOX_W + GAP_X, BOX_H + GAP_Y
    assert boxes["A"][0] + step_x == boxes["B"][0] == boxes["C"][0]
    assert boxes["M"][0] == boxes["A"][0] + 2 * step_x
    assert boxes["H"][0] == boxes["A"][0] and boxes["H"][1] == boxes["A"][1] + step_y
    assert boxes["C"][1] == boxes["B"][1] + step_y  # order within a wave
    edges = [p for g in root.iter(f"{NS}g") if g.get("class") == "edges" for p in g]
    assert len(edges) == 4  # A→B, A→C, B→M, C→M
    critical = [e for e in edges if e.get("stroke") == "#111111"]
    assert len(critical) == 2  # A→B and B→M join critical measures
    texts = ["".join(t.itertext()) for t in root.iter(f"{NS}text")]
    assert "A ✓" in texts and "Stufe 1" in texts and "Stufe 3" in texts
    assert any(t.startswith("<script>") for t in texts)
    assert "&lt;script&gt;" in svg and "<script>" not in svg


def test_timeline():
    items = (
        TimelineItem("Konzeption", D(2024, 1, 1), D(2024, 3, 31), False),
        TimelineItem("Go-live <b>", D(2024, 6, 1), D(2024, 6, 1), True, "../index.html#m-A"),
    )
    root = _parse(timeline_svg(items, STATUS, DE, svg_id="timeline-P1"))
    assert root.get("id") == "timeline-P1"
    assert [a.get("href") for a in root.iter(f"{NS}a")] == ["../index.html#m-A"]
    assert "1 Phasen und 1 Meilensteine" in root.find(f"{NS}desc").text


def test_mermaid_text_cleaning():
    assert mermaid.gantt_text("E-Akte: Einführung #2; <neu>") == "E-Akte – Einführung 2, ‹neu›"
    assert mermaid.gantt_text("section 1") == "– section 1"
    assert mermaid.label_text('a "b" <c> & #d; `e`') == (
        "a #quot;b#quot; #lt;c#gt; #amp; #35;d#59; #96;e#96;"
    )
    ids = mermaid.node_ids([sm("end", 0), sm("a--b", 1), sm("ok-1", 2), sm("n0", 3)])
    assert ids == {"end": "n0_", "a--b": "n1", "ok-1": "ok-1", "n0": "n0"}


def test_mermaid_blocks_give_way_to_a_note_when_too_large():
    many = tuple(sm(f"M{i}", i, depends_on=(f"M{i - 1}",) if i else ()) for i in range(600))
    assert mermaid.flowchart(many, DE).startswith("*Das Diagramm ist für Mermaid zu groß")
    assert mermaid.flowchart(MEASURES, DE).startswith("```mermaid\nflowchart LR\n")
