"""SVG charts (Gantt, dependency graph, phase timeline) and the Mermaid text they mirror."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import time
import xml.etree.ElementTree as ET

import pytest

from egovkit.model import Obligation, Status
from egovkit.plan.deadlines import DeadlineVerdict, Verdict
from egovkit.plan.schedule import ScheduledMeasure
from egovkit.render import mermaid
from egovkit.render.chart import label_width
from egovkit.render.depgraph import GAP_X, GAP_Y, box_size, depgraph_svg
from egovkit.render.gantt import RIGHT, TAG_W, GanttGroup, TimelineItem, gantt_svg, timeline_svg
from egovkit.render.locale import Locale
from egovkit.render.svg import COLOURS, TARGET_W, Axis, num
from egovkit.render.textfit import text_width, wrap

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
    if base["deadline"] is not None and "deadlines" not in kw:  # judged like the scheduler
        late = base["deadline_slip"]
        if base["status"] is Status.done:
            verdict = Verdict.met_late if late else Verdict.met
        else:
            verdict = Verdict.at_risk if late else Verdict.on_time
        source = base["deadline_source"] or "measure"
        base["deadlines"] = (DeadlineVerdict(source, base["deadline"], verdict, late),)
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


def _text(element: ET.Element) -> str:
    """The text of a ``<text>``, its lines (``<tspan>``) joined by spaces."""
    spans = element.findall(f"{NS}tspan")
    if spans:
        return " ".join("".join(s.itertext()) for s in spans)
    return "".join(element.itertext())


def _bars(root: ET.Element) -> dict[str, ET.Element]:
    """Bars and milestone diamonds by measure id (from the tooltip "title (id) · …")."""
    out = {}
    for el in root.iter():
        tip = el.find(f"{NS}title")
        if el.tag not in (f"{NS}rect", f"{NS}path") or tip is None:
            continue
        if m := re.match(r"^(.*) \((\S+)\) · ", tip.text):
            out[m.group(2)] = el
    return out


def test_gantt_is_well_formed_and_accessible():
    svg = gantt_svg(GROUPS, STATUS, DE)
    root = _parse(svg)
    # It holds links, so it is a labelled group, not an image (whose links would be hidden).
    assert root.tag == f"{NS}svg" and root.get("role") == "group"
    assert root.get("aria-labelledby") == "gantt-title gantt-desc"
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
    texts = [_text(t) for t in root.iter(f"{NS}text")]
    assert "Services: Portal" in texts and "Intern" in texts  # group header rows
    # Rows show titles (escaped, parsed back), not ids; the id is in the tooltip.
    assert [_text(a.find(f"{NS}text")) for a in root.iter(f"{NS}a")] == [
        EVIL,
        "Maßnahme B",
        "Maßnahme C",
        "Maßnahme M",
        "Maßnahme H",
    ]
    tips = [t.text for t in root.iter(f"{NS}title")][1:]
    assert any(t.startswith(EVIL + " (A) · ") and "kritisch" in t for t in tips)
    assert any("verspätet um 21 Arbeitstage" in t for t in tips)
    assert any("Puffer 40 AT" in t for t in tips)
    # Obligation letters next to the labels, as text.
    assert {"G", "S", "F"} <= set(texts)
    # Done bar hatched (never the solid colour, which would read as another class),
    # in-progress bar with a progress fill of half its width.
    by_id = _bars(root)
    assert by_id["A"].get("fill") == "url(#gantt-done-required)"
    assert by_id["A"].get("stroke") == "#111111"
    assert root.find(f".//{NS}pattern[@id='gantt-done-required']") is not None
    assert by_id["B"].get("fill") == "#c6d9ef"
    progress = [r for r in root.iter(f"{NS}rect") if r.get("pointer-events") == "none"]
    assert len(progress) == 1
    assert float(progress[0].get("width")) == pytest.approx(
        float(by_id["B"].get("width")) / 2, abs=0.1
    )
    assert by_id["H"].get("stroke-dasharray") == "3 2"  # on hold: dashed
    assert by_id["M"].tag == f"{NS}path"  # the milestone is a diamond
    # Deadlines: met = hollow diamond, missed = filled black diamond plus "+21 AT" in red.
    fills = [p.get("fill") for g in root.iter(f"{NS}g") if g.get("class") == "deadline"
             for p in g.iter(f"{NS}path")]  # fmt: skip
    assert fills == ["#ffffff", "#1a1a1a"]
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
    label_w = label_width(
        [(g.title, True) for g in GROUPS] + [(m.title, m.critical) for m in MEASURES]
    )
    x0 = 8 + label_w + TAG_W + 10
    room = TARGET_W - x0 - RIGHT
    axis = Axis.around(D(2024, 1, 8), D(2024, 10, 1), x0, 30, min(480, room), room)
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
    assert root.get("role") == "img"  # no links: an image


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
    assert root.get("role") == "group" and root.find(f"{NS}desc") is not None
    boxes = {}
    for a in root.iter(f"{NS}a"):
        rect = a.find(f"{NS}g/{NS}rect")
        boxes[a.get("href")[3:]] = (float(rect.get("x")), float(rect.get("y")))
    box = box_size(MEASURES, 3)
    step_x, step_y = box.w + GAP_X, box.h + GAP_Y
    assert boxes["A"][0] + step_x == boxes["B"][0] == boxes["C"][0]
    assert boxes["M"][0] == boxes["A"][0] + 2 * step_x
    assert boxes["H"][0] == boxes["A"][0] and boxes["H"][1] == boxes["A"][1] + step_y
    assert boxes["C"][1] == boxes["B"][1] + step_y  # order within a wave
    edges = [p for g in root.iter(f"{NS}g") if g.get("class") == "edges" for p in g]
    assert len(edges) == 4  # A→B, A→C, B→M, C→M
    critical = [e for e in edges if e.get("stroke") == "#111111"]
    assert len(critical) == 2  # A→B and B→M join critical measures
    texts = [_text(t) for t in root.iter(f"{NS}text")]
    assert "A ✓" in texts and "Stufe 1" in texts and "Stufe 3" in texts  # id in small print
    assert EVIL in texts and "Maßnahme B" in texts  # titles, whole
    assert "&lt;script&gt;" in svg and "<script>" not in svg


def test_timeline():
    items = (
        TimelineItem("Konzeption", D(2024, 1, 1), D(2024, 3, 31), False),
        TimelineItem("Go-live <b>", D(2024, 6, 1), D(2024, 6, 1), True, "../index.html#m-A"),
    )
    root = _parse(timeline_svg(items, STATUS, DE, svg_id="timeline-P1"))
    assert root.get("id") == "timeline-P1" and root.get("role") == "group"  # it has a link
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


# --- Readers see words: whole titles, notes after the bar, an unambiguous legend ------------

LONG = (
    "Elektronischen Zugang eröffnen (E-Mail, De-Mail, qualifizierte Signatur)",
    "IT-Basisinfrastruktur für E-Akte und Online-Services ertüchtigen",
    "Zentrales Dokumentenmanagementsystem und E-Akte – Einführung in Pilotbereichen",
    "Online-Dienste nach dem OZG bereitstellen",
)
LONG_MEASURES = tuple(
    sm(f"m{i}", i, title=title, wave=i % 3, critical=i == 1, obligation=Obligation.standard)
    for i, title in enumerate(LONG)
)


def test_gantt_shows_every_title_whole_within_the_label_column():
    groups = (GanttGroup("f-X", "Informationssicherheit, Datenschutz und IT-Infrastruktur",
                         LONG_MEASURES),)  # fmt: skip
    root = _parse(gantt_svg(groups, STATUS, DE))
    assert [_text(a.find(f"{NS}text")) for a in root.iter(f"{NS}a")] == list(LONG)
    label_w = label_width(
        [(groups[0].title, True)] + [(m.title, m.critical) for m in LONG_MEASURES]
    )
    for a, m in zip(root.iter(f"{NS}a"), LONG_MEASURES, strict=True):
        text = a.find(f"{NS}text")
        lines = [_text(s) for s in text.findall(f"{NS}tspan")] or [_text(text)]
        assert all(text_width(line, 11, m.critical) <= label_w for line in lines)
    assert "…" not in ET.tostring(root, encoding="unicode")
    assert float(root.get("width")) <= TARGET_W  # fits a 1024-pixel page


def test_depgraph_shows_every_title_whole_inside_its_box():
    root = _parse(depgraph_svg(LONG_MEASURES, DE))
    box = box_size(LONG_MEASURES, 3)
    links = {a.get("href"): a for a in root.iter(f"{NS}a")}
    for m in LONG_MEASURES:
        a = links[f"#m-{m.id}"]
        title = a.findall(f"{NS}g/{NS}text")[-1]
        assert _text(title) == m.title
        lines = title.findall(f"{NS}tspan")
        assert all(text_width(_text(s), 11) <= box.w - 16 for s in lines)
        rect = a.find(f"{NS}g/{NS}rect")
        last_baseline = float(title.get("y")) + sum(float(s.get("dy")) for s in lines)
        assert last_baseline + 4 <= float(rect.get("y")) + float(rect.get("height"))
    assert float(root.get("width")) <= TARGET_W  # three waves share the page width


def test_depgraph_uses_the_free_width_and_keeps_words_whole():
    few = box_size(LONG_MEASURES, 2)
    many = box_size(LONG_MEASURES, 4)
    assert few.w > many.w >= 170  # fewer waves, wider boxes
    word = "Dokumentenmanagementsystem"
    assert many.w - 16 >= text_width(word, 11)  # no word broken where it can be helped


def test_progress_label_sits_right_after_the_bar():
    root = _parse(gantt_svg(GROUPS, STATUS, DE))
    bar = _bars(root)["B"]
    end = float(bar.get("x")) + float(bar.get("width"))
    note = next(t for t in root.iter(f"{NS}text") if _text(t) == "50\u00a0%")
    assert float(note.get("x")) == pytest.approx(end + 5, abs=0.1)
    late = next(t for t in root.iter(f"{NS}text") if _text(t) == "+21 AT")
    assert float(late.get("x")) > float(note.get("x"))


def test_progress_label_goes_inside_the_bar_when_the_deadline_mark_stands_after_it():
    # The deadline falls just after the finish: the label must not jump past the diamond.
    m = sm("O", 0, title="Online-Dienste", status=Status.in_progress, progress=16,
           start=D(2024, 1, 8), finish=D(2024, 9, 30), deadline=D(2024, 10, 3))  # fmt: skip
    root = _parse(gantt_svg((GanttGroup("f-X", "X", (m,)),), STATUS, DE))
    bar = _bars(root)["O"]
    end = float(bar.get("x")) + float(bar.get("width"))
    note = next(t for t in root.iter(f"{NS}text") if _text(t) == "16\u00a0%")
    x = float(note.get("x"))
    assert float(bar.get("x")) + float(bar.get("width")) * 0.16 < x < end


def test_legend_gives_each_colour_one_meaning_and_explains_at():
    root = _parse(gantt_svg(GROUPS, STATUS, DE))
    legend = next(g for g in root.iter(f"{NS}g") if g.get("class") == "legend")
    symbols = [g for g in legend if g.tag == f"{NS}g"]
    labels = [_text(t) for t in legend if t.tag == f"{NS}text"][1:]
    assert labels[:3] == [
        "G = gesetzlich erforderlich",
        "S = Standard (künftig verpflichtend)",
        "F = freiwillig",
    ]
    assert "= geplantes Ende N Arbeitstage (AT) nach der Frist" in labels
    assert "✓ abgeschlossen (schraffiert)" in labels
    obligation_colours = {v for c in COLOURS.values() for v in c.values()}
    for symbol in symbols[3:]:  # everything after the obligation classes
        used = {el.get(a) for el in symbol.iter() for a in ("fill", "stroke")} - {None}
        assert not used & obligation_colours, ET.tostring(symbol, encoding="unicode")
    done = next(s for s, label in zip(symbols, labels, strict=True) if label.startswith("✓"))
    assert done.find(f"{NS}rect").get("fill") == "url(#gantt-done)"


def test_titles_are_marked_german_on_english_pages():
    en = gantt_svg(GROUPS, STATUS, EN, content_lang="de")
    root = _parse(en)
    assert all(a.find(f"{NS}text").get("lang") == "de" for a in root.iter(f"{NS}a"))
    assert 'lang="' not in gantt_svg(GROUPS, STATUS, DE, content_lang="de")
    graph = _parse(depgraph_svg(MEASURES, EN, content_lang="de"))
    assert all(a.findall(f"{NS}g/{NS}text")[-1].get("lang") == "de" for a in graph.iter(f"{NS}a"))
    items = (TimelineItem("Konzeption", D(2024, 1, 1), D(2024, 3, 31), False),)
    timeline = _parse(timeline_svg(items, STATUS, EN, content_lang="de"))
    assert timeline.get("role") == "img"  # no links
    assert any(
        t.get("lang") == "de" and _text(t) == "Konzeption" for t in timeline.iter(f"{NS}text")
    )


def test_wrap_breaks_at_words_then_hyphens_and_bounds_hostile_titles():
    assert wrap("Online-Dienste nach dem OZG bereitstellen", 130, 11) == [
        "Online-Dienste nach",
        "dem OZG bereitstellen",
    ]
    assert wrap("E-Government-Strategieumsetzung", 120, 11) == [
        "E-Government-",
        "Strategieumsetzung",
    ]
    pieces = wrap("Donaudampfschifffahrtsgesellschaft", 60, 11)
    assert all(p.endswith("-") for p in pieces[:-1]) and "".join(p[:-1] for p in pieces[:-1]) + pieces[-1] == "Donaudampfschifffahrtsgesellschaft"  # fmt: skip
    assert wrap("", 100, 11) == [""]
    huge = "Wort " * 200_000
    began = time.perf_counter()
    lines = wrap(huge, 200, 11, max_lines=8)
    assert len(lines) == 8 and lines[-1].endswith(" …")
    assert time.perf_counter() - began < 1.0
    svg = gantt_svg((GanttGroup("f-X", "X", (sm("X", 0, title=huge),)),), STATUS, DE)
    label = _parse(svg).find(f"{NS}a/{NS}text")
    assert len(label.findall(f"{NS}tspan")) == 8  # a hostile title cannot blow the chart up


def test_mermaid_labels_are_titles_and_node_ids_stay_ids():
    flow = mermaid.flowchart(MEASURES, DE)
    assert '    B["Maßnahme B"]' in flow and "    A --> B" in flow
    gantt = mermaid.gantt(GROUPS, "Plan", STATUS, DE)
    assert "    Maßnahme B :crit, active, 2024-04-02, 2024-10-01" in gantt
    assert "B Maßnahme B" not in gantt


# --- real strategies: periods, unknown status, focus areas --------------------------------

WINDOWED = (
    # planned by a period and a duration: the forecast runs past the period
    sm("W", 0, window=(D(2024, 1, 1), D(2024, 3, 31)), start=D(2024, 2, 1),
       finish=D(2024, 6, 28)),
    # placed in its period: the bar is the period
    sm("P", 1, window=(D(2024, 4, 1), D(2024, 6, 30)), fixed_window=True,
       start=D(2024, 4, 1), finish=D(2024, 6, 28), status=Status.unknown),
    # in progress without a published share
    sm("U", 2, status=Status.in_progress, progress_known=False),
)  # fmt: skip


def test_a_period_frames_its_forecast_and_a_fixed_window_is_its_bar():
    root = _parse(gantt_svg((GanttGroup("f-X", "X", WINDOWED),), STATUS, DE))
    frames = [r for r in root.iter(f"{NS}rect") if r.get("class") == "window"]
    assert len(frames) == 1
    bars = _bars(root)
    frame, bar = frames[0], bars["W"]
    assert float(frame.get("x")) < float(bar.get("x"))  # the period began before the forecast
    assert float(frame.get("x")) + float(frame.get("width")) < float(bar.get("x")) + float(
        bar.get("width")
    )  # and ends before it
    assert float(frame.get("height")) > float(bar.get("height"))
    assert "geplanter Zeitraum 01.01.2024 bis 31.03.2024" in bars["W"].find(f"{NS}title").text
    assert "Zeitraum" not in bars["P"].find(f"{NS}title").text
    # whoever knows better names the forecasts: none here, so no frame at all
    plain = _parse(gantt_svg((GanttGroup("f-X", "X", WINDOWED),), STATUS, DE, forecasts=()))
    assert not [r for r in plain.iter(f"{NS}rect") if r.get("class") == "window"]


def test_unknown_status_is_dotted_with_a_question_mark_and_never_zero_percent():
    root = _parse(gantt_svg((GanttGroup("f-X", "X", WINDOWED),), STATUS, DE))
    bars = _bars(root)
    assert bars["P"].get("stroke-dasharray") == "1.5 2"
    texts = [_text(t) for t in root.iter(f"{NS}text")]
    assert "?" in texts and "in Umsetzung" in texts and "0\u00a0%" not in texts
    assert "0\u00a0%" not in bars["U"].find(f"{NS}title").text
    legend = next(g for g in root.iter(f"{NS}g") if g.get("class") == "legend")
    labels = [_text(t) for t in legend if t.tag == f"{NS}text"]
    assert "Stand unbekannt (gepunktet, ?)" in labels
    assert "geplanter Zeitraum (Rahmen), Balken darin = Prognose nach Dauer" in labels


def test_the_legend_explains_frames_and_dots_only_where_they_are_drawn():
    root = _parse(gantt_svg(GROUPS, STATUS, EN))
    legend = next(g for g in root.iter(f"{NS}g") if g.get("class") == "legend")
    labels = " ".join(_text(t) for t in legend if t.tag == f"{NS}text")
    assert "status unknown" not in labels and "planned period" not in labels


def test_focus_areas_are_indented_under_their_field_whose_bar_spans_them():
    a, b = sm("A", 0, start=D(2024, 1, 8)), sm("B", 1, start=D(2024, 6, 3), finish=D(2024, 7, 5))
    groups = (
        GanttGroup("f-F", "Feld", (), 1, (a, b)),
        GanttGroup("f-S", "Schwerpunkt", (a,), 2, (a,), "Feld › Schwerpunkt"),
        GanttGroup("f-U", "Unterpunkt", (b,), 3, (b,), "Feld › Schwerpunkt › Unterpunkt"),
    )
    root = _parse(gantt_svg(groups, STATUS, DE))
    heads = {_text(t): float(t.get("x")) for t in root.findall(f"{NS}text[@font-weight='bold']")}
    assert heads["Feld"] < heads["Schwerpunkt"] < heads["Unterpunkt"]
    field_bar = next(
        r for r in root.iter(f"{NS}rect")
        if r.find(f"{NS}title") is not None and r.find(f"{NS}title").text.startswith("Feld:")
    )  # fmt: skip
    assert field_bar.find(f"{NS}title").text == "Feld: 08.01.2024 bis 05.07.2024"
    assert "3 Maßnahmen" not in root.find(f"{NS}desc").text  # two measures, one field
    assert root.find(f"{NS}desc").text.startswith("2 Maßnahmen in 1 Handlungsfeldern")
    text = mermaid.gantt(groups, "T", STATUS, DE)
    assert "    section Feld › Schwerpunkt › Unterpunkt\n" in text
    assert "section Feld\n" not in text  # a field without own measures has no section
