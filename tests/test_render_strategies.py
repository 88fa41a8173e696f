"""Real strategies as they are written, rendered: periods in the Gantt, unknown and stale
status, nested fields with their goals, the principles matrix, owners with roles, references
and external deliverables, indicators, and no critical-path claim without links; in HTML
and Markdown, German and English.

One small repository uses every construct (``strategy_files``); the tests build it with the
command line and read the pages, the context or the JSON.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import make_repo, measure_yaml, strategy_data, strategy_yaml, write_tree
from typer.testing import CliRunner

from egovkit.cli import app
from egovkit.pipeline import check
from egovkit.render.build import build_plan_context
from egovkit.render.locale import Locale

D = dt.date
NBSP = "\u00a0"


def strategy_files() -> dict[str, str]:
    """A strategy with nested fields, principles, field goals, indicators, periods, unknown
    and stale statuses, shared owners, references, external deliverables; no links."""
    strategy = strategy_data(start=D(2019, 1, 2), status_date="2025-04-09", stale_after_days=365)
    strategy |= {
        "title": "Digitalstrategie Teststadt",
        "horizon": {"start": "2019-01-01", "end": "2030-12-31"},
        "principles": [
            {"id": "gemeinwohl", "title": "Gemeinwohlorientierung", "description": "Für alle."},
            {"id": "kooperation", "title": "Kooperation"},
            {"id": "datenschutz", "title": "Datenschutz"},
        ],
        "goals": [{"id": "Z1", "title": "Verwaltung digital erreichbar", "indicators": [
            {"id": "dienste", "title": "Online-Dienste", "unit": "Dienste",
             "baseline": {"date": 2019, "value": 5}, "target": {"date": 2026, "value": 120},
             "values": [{"date": 2022, "value": 40}, {"date": "2024-06", "value": 61.5}]},
        ]}],
        "fields": [
            {"id": "infra", "title": "Digitale Infrastruktur",
             "goals": [{"id": "ziel-glasfaser", "title": "Gigabitfähige Anschlüsse",
                        "indicators": [{"id": "anschluesse", "title": "Anschlüsse", "unit": "%",
                                        "min": 0, "max": 100,
                                        "target": {"date": 2026, "value": 80},
                                        "values": [{"date": 2023, "value": 48}]}]}],
             "focus": [{"id": "breitband", "title": "Breitband",
                        "focus": [{"id": "funk", "title": "Mobilfunk"}]}]},
            {"id": "verwaltung", "title": "Digitale Verwaltung"},
        ],
    }  # fmt: skip
    org = (
        "units:\n  - {id: tiefbau, name: Tiefbauamt}\n  - {id: it, name: IT-Abteilung}\n"
        "  - {id: stadtwerke, name: Stadtwerke GmbH, kind: external}\n"
    )
    glasfaser = (
        "period: {start: 2019, end: 2026}\nstatus: in_progress\nprogress: 73\n"
        "as_of: 2023-06-30\nstarted: 2019\nprinciples: [gemeinwohl, kooperation]\n"
        "goals: [ziel-glasfaser]\n"
        "owners:\n  - {unit: tiefbau, role: lead}\n  - {unit: stadtwerke, role: external}\n"
        "  - {unit: it, role: partner}\n"
        "external:\n  - {id: foerderung, title: Gigabitförderung, by: Bund, expected: 2024-Q4}\n"
        "references:\n  - {kind: council_paper, number: V/2019/123, date: 2019-05-14, "
        "title: Glasfaserstrategie, url: 'https://example.org/v123'}\n"
        "indicators:\n  - id: haushalte\n    title: Haushalte mit Glasfaser\n    unit: '%'\n"
        "    min: 0\n    max: 100\n    baseline: {date: 2019, value: 12}\n"
        "    target: {date: 2026, value: 80}\n"
        "    values: [{date: 2023, value: 48}, {date: 2024-12, value: 61}]\n"
    )
    portal = (
        "duration: 6 months\nperiod: {start: 2025-01, end: 2025-06}\nstatus: planned\n"
        "owner: it\nprinciples: [datenschutz]\ngoals: [Z1]\n"
        "references:\n  - {kind: programme, title: Digitalprogramm NRW}\n"
        "  - {kind: strategy, title: Smart-City-Strategie, date: 2021-03-01}\n"
        "external:\n  - {id: efa-wohngeld, title: EfA-Dienst Wohngeld, by: Land NRW, "
        "expected: 2024-06, delivered: true}\n"
    )
    return {
        "strategy.yaml": json.dumps(strategy, ensure_ascii=False),
        "organization.yaml": org,
        "measures/M1.yaml": None,
        "measures/glasfaser.yaml": measure_yaml("glasfaser", glasfaser).replace(
            "field: F", "field: breitband"
        ),
        "measures/funk5g.yaml": measure_yaml(
            "funk5g", "period: {start: 2024-Q2, end: 2025}\nrelated: [glasfaser]\n"
        ).replace("field: F", "field: funk"),
        "measures/portal.yaml": measure_yaml("portal", portal).replace(
            "field: F", "field: verwaltung"
        ),
        "profiles/P-Netz.md": "---\nid: P-Netz\ntitle: Netze und Portal\n"
        "measures: [glasfaser, portal]\n---\nText.\n",
        "measures/eakte.yaml": measure_yaml(
            "eakte",
            "duration: 4 months\nstatus: in_progress\nstarted: 2025-03-03\n"
            "as_of: 2025-03-01\nowner: it\n",
        ).replace("field: F", "field: verwaltung"),
    }


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    return make_repo(tmp_path_factory.mktemp("real") / "repo", strategy_files())


@pytest.fixture(scope="module")
def site(repo: Path, tmp_path_factory) -> dict[str, dict[str, str]]:
    """The built plan in German and English: language → file → text."""
    out = {}
    for lang in ("de", "en"):
        target = tmp_path_factory.mktemp(f"site-{lang}")
        result = CliRunner().invoke(
            app, ["plan", "build", str(repo), "-o", str(target), "--lang", lang]
        )
        assert result.exit_code == 0, result.output
        out[lang] = {
            p.relative_to(target).as_posix(): p.read_text("utf-8")
            for p in target.rglob("*")
            if p.suffix in (".html", ".md")
        }
    return out


def test_the_repository_plans_with_a_stale_status_and_a_forecast_past_its_period(
    repo: Path,
) -> None:
    result = check(repo)
    assert sorted(d.code for d in result.diagnostics) == ["C007", "D001"]
    assert result.plan.critical_path == ()


def _section(html: str, anchor: str) -> str:
    """The text of ``<section id="anchor">`` up to the next section of the same page."""
    start = html.index(f'<section id="{anchor}"')
    end = html.find("<section id=", start + 1)
    return html[start : end if end > 0 else None]


def _row(html: str, mid: str) -> str:
    start = html.index(f'<tr id="m-{mid}"')
    return html[start : html.index("</tr>", start)]


def _md_row(md: str, mid: str) -> str:
    return next(line for line in md.splitlines() if re.match(rf"^\| \d+ \| {mid} \|", line))


def _svg(html: str, svg_id: str) -> ET.Element:
    text = re.search(rf'<svg [^>]*id="{svg_id}".*?</svg>', html, re.S).group(0)
    return ET.fromstring(text)


SVG = "{http://www.w3.org/2000/svg}"


# --- 1. periods in the Gantt ------------------------------------------------------------


def test_gantt_frames_the_planned_period_around_a_forecast(site) -> None:
    html = site["de"]["index.html"]
    gantt = _svg(html, "gantt")
    frames = gantt.findall(f".//{SVG}rect[@class='window']")
    assert len(frames) == 1  # only portal: period and duration; the others are placed in theirs
    tips = [t.text for t in gantt.iter(f"{SVG}title")]
    portal = next(t for t in tips if t.startswith("Maßnahme portal (portal)"))
    assert "09.04.2025 bis 10.10.2025" in portal  # the forecast
    assert "geplanter Zeitraum 01.01.2025 bis 30.06.2025" in portal
    assert not any("Zeitraum" in t for t in tips if t.startswith("Maßnahme glasfaser"))
    legend = "".join(gantt.find(f".//{SVG}g[@class='legend']").itertext())
    assert "geplanter Zeitraum (Rahmen), Balken darin = Prognose nach Dauer" in legend
    assert "planned period (frame), bar inside = forecast by duration" in site["en"]["index.html"]
    # the late forecast says so beside the bar; Mermaid draws the scheduled dates
    assert "+73 AT" in "".join(gantt.itertext())
    assert "    Maßnahme portal :2025-04-09, 2025-10-11\n" in site["de"]["plan.md"]
    assert "    Maßnahme glasfaser :active, 2019-01-01, 2027-01-01\n" in site["de"]["plan.md"]


def test_the_planned_period_is_written_as_the_strategy_writes_it(site) -> None:
    de, en = site["de"], site["en"]
    assert "Geplanter Zeitraum: 2019 – 2026" in _row(de["index.html"], "glasfaser")
    assert "Geplanter Zeitraum: Januar 2025 – Juni 2025" in _row(de["index.html"], "portal")
    assert "Planned period: Q2 2024 – 2025" in _row(en["index.html"], "funk5g")
    assert "- Geplanter Zeitraum: Q2 2024 – 2025\n" in de["plan.md"]
    # the period's end judged like a deadline, named as such (never as a legal basis)
    assert (
        "| freiwillig | Maßnahme portal | 30.06.2025 | Ende des geplanten Zeitraums |"
        in (de["plan.md"])
    )
    assert 'href="#l-period"' not in de["index.html"]


def test_the_row_of_a_forecast_names_the_period_as_its_deadline(repo: Path) -> None:
    result = check(repo)
    ctx = build_plan_context(result.workspace, result.plan, Locale.for_language("en"))
    portal = next(r for f in ctx.fields for r in f.rows if r.id == "portal")
    assert (portal.deadline, portal.verdict) == ("30 Jun 2025", "at_risk")
    assert portal.deadline_source == "end of the planned period"
    assert portal.window == "January 2025 – June 2025" and ctx.strategy_css


# --- 2. unknown and stale status ----------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "unknown", "active", "stale", "fresh", "rollup"),
    [
        ("de", "Stand unbekannt", "in Umsetzung", "Stand vom 30.06.2023 – veraltet",
         "Stand vom 01.03.2025", "0 von 1 abgeschlossen, 0 in Umsetzung; Fortschritt unbekannt"),
        ("en", "status unknown", "in progress", "status as of 30 Jun 2023 – out of date",
         "status as of 1 Mar 2025", "0 of 1 done, 0 in progress; progress unknown"),
    ],
)  # fmt: skip
def test_unknown_status_is_never_zero_percent_and_stale_status_says_so(
    site, lang, unknown, active, stale, fresh, rollup
) -> None:
    html, md = site[lang]["index.html"], site[lang]["plan.md"]
    funk = _row(html, "funk5g")
    assert f'<td class="status-unknown">{unknown}</td>' in funk and "%" not in funk
    assert _md_row(md, "funk5g").endswith(f"| {unknown} |")
    eakte = _row(html, "eakte")  # in progress, no progress published: no share shown
    assert f"{active}<br>" in eakte and "%" not in eakte.split("status-in_progress")[1]
    assert f'<span class="desc">{fresh}</span>' in eakte
    assert f'<span class="desc stale">{stale}</span>' in _row(html, "glasfaser")
    assert f"; {stale} |" in _md_row(md, "glasfaser")
    assert f"; {fresh} |" in _md_row(md, "eakte")
    assert rollup in html and rollup in md
    # the Gantt: dotted outline, "?" beside it, a legend entry; no 0 % anywhere near it
    gantt = _svg(html, "gantt")
    dotted = gantt.findall(f".//{SVG}rect[@stroke-dasharray='1.5 2']")
    assert len(dotted) == 2  # the bar of funk5g and its legend symbol
    legend = "".join(gantt.find(f".//{SVG}g[@class='legend']").itertext())
    assert f"{unknown} (" in legend
    texts = ["".join(t.itertext()) for t in gantt.iter(f"{SVG}text")]
    assert "?" in texts and f"0{NBSP}%" not in texts
    tips = [t.text for t in gantt.iter(f"{SVG}title") if "(eakte)" in (t.text or "")]
    assert tips and f"0{NBSP}%" not in tips[0]


def test_the_progress_figure_leaves_unknown_progress_out(site) -> None:
    md = site["de"]["plan.md"]
    line = next(x for x in md.splitlines() if x.startswith("| Fortschritt (nach Dauer"))
    assert "(ohne 2 Maßnahmen mit unbekanntem Stand oder Fortschritt)" in line
    assert "| Maßnahmen nach Status | geplant 1 · in Umsetzung 2 · " in md
    assert "Stand unbekannt 1" in md
    # a field's roll-up says what it leaves out, too: 73 % is glasfaser's alone
    assert (
        "Mit Schwerpunkten: 0 von 2 abgeschlossen, 1 in Umsetzung; Fortschritt 73\u00a0% "
        "(ohne eine Maßnahme mit unbekanntem Stand oder Fortschritt)"
    ) in md


# --- 3. nested fields ---------------------------------------------------------------------


def test_fields_nest_with_their_goals_rollups_and_paths(site) -> None:
    html, md = site["de"]["index.html"], site["de"]["plan.md"]
    assert '<h3 id="f-infra-h">Digitale Infrastruktur</h3>' in html
    assert '<h4 id="f-breitband-h">Breitband</h4>' in html
    assert '<h5 id="f-funk-h">Mobilfunk</h5>' in html
    for heading in ("### Digitale Infrastruktur", "#### Breitband", "##### Mobilfunk"):
        assert f"\n{heading}\n" in md
    order = [html.index(f'id="f-{f}"') for f in ("infra", "breitband", "funk", "verwaltung")]
    assert order == sorted(order)
    infra = _section(html, "f-infra")  # the field's goals under the field, with indicators
    assert "Ziele des Handlungsfeldes" in infra and "Gigabitfähige Anschlüsse" in infra
    assert 'id="ind.g-ziel-glasfaser.anschluesse"' in infra
    assert "Keine Maßnahmen." not in infra  # its measures are in its focus areas
    rollup = "Mit Schwerpunkten: 0 von 2 abgeschlossen, 1 in Umsetzung; Fortschritt 73\u00a0%"
    assert rollup in infra and rollup in _section(html, "f-breitband") and md.count(rollup) == 2
    path = "Handlungsfeld: Digitale Infrastruktur › Breitband › Mobilfunk"
    assert path in _row(html, "funk5g")
    english = _row(site["en"]["index.html"], "glasfaser")
    assert 'Field of action: <span lang="de">Digitale Infrastruktur › Breitband</span>' in english
    assert "Ziele des Handlungsfeldes:\n\n- **Gigabitfähige Anschlüsse**" in md


def test_the_gantt_groups_follow_the_hierarchy(site) -> None:
    html, md = site["de"]["index.html"], site["de"]["plan.md"]
    gantt = _svg(html, "gantt")
    groups = [
        (t.get("x"), "".join(t.itertext()))
        for t in gantt.findall(f"./{SVG}text[@font-weight='bold']")
    ]
    assert [g for g in groups if g[1] in ("Digitale Infrastruktur", "Breitband", "Mobilfunk")] == [
        ("8", "Digitale Infrastruktur"), ("20", "Breitband"), ("32", "Mobilfunk"),
    ]  # fmt: skip
    desc = gantt.find(f"{SVG}desc").text
    assert desc.startswith("4 Maßnahmen in 2 Handlungsfeldern")
    bars = gantt.findall(f"./{SVG}rect[@fill='#3c4043']")
    infra = next(b for b in bars if b.find(f"{SVG}title").text.startswith("Digitale Infra"))
    assert "01.01.2019 bis 31.12.2026" in infra.find(f"{SVG}title").text  # over its focus areas
    assert "    section Digitale Infrastruktur › Breitband › Mobilfunk\n" in md
    assert "    section Digitale Verwaltung\n" in md


# --- 4. principles ------------------------------------------------------------------------


def test_the_principles_matrix_marks_with_text_not_colour(site) -> None:
    html, md = site["de"]["index.html"], site["de"]["plan.md"]
    section = _section(html, "principles")
    assert '<h2 id="principles-h">Maßnahmen nach Prinzipien</h2>' in section
    assert '<a href="#principles">Maßnahmen nach Prinzipien</a>' in html  # in the contents
    heads = re.findall(r'<th scope="col">([^<]*)</th>', section)
    assert heads == ["Maßnahme", "Gemeinwohlorientierung", "Kooperation", "Datenschutz"]
    yes = '<td class="mark"><span aria-hidden="true">✓</span><span class="vh">ja</span></td>'
    no = '<td class="mark"><span class="vh">nein</span></td>'
    row = next(r for r in section.split("<tr>") if "Maßnahme glasfaser" in r)
    assert row.count(yes) == 2 and row.count(no) == 1 and row.index(no) > row.rindex(yes)
    assert '<tfoot><tr><th scope="row">Anzahl Maßnahmen</th>' in section
    assert "| Maßnahme glasfaser | ✓ | ✓ | – |" in md
    assert "| Maßnahme portal | – | – | ✓ |" in md
    assert "| Anzahl Maßnahmen | 1 | 1 | 1 |" in md
    assert "- **Gemeinwohlorientierung**: Für alle.\n" in md
    en = site["en"]["index.html"]
    assert '<span class="vh">yes</span>' in en and "Measures by principle" in en


def test_no_principles_section_without_principles(tmp_path: Path) -> None:
    files = strategy_files()
    data = json.loads(files["strategy.yaml"])
    del data["principles"]
    files["strategy.yaml"] = json.dumps(data)
    for name in ("glasfaser", "portal"):
        files[f"measures/{name}.yaml"] = re.sub(
            r"principles: \[[^]]*\]\n", "", files[f"measures/{name}.yaml"]
        )
    repo = make_repo(tmp_path / "repo", files)
    ws_plan = check(repo)
    ctx = build_plan_context(ws_plan.workspace, ws_plan.plan, Locale.for_language("de"))
    assert ctx.principles is None


# --- 5. owners ----------------------------------------------------------------------------


def test_owners_are_listed_with_their_roles(site) -> None:
    de, en = site["de"], site["en"]
    cell = (
        'Tiefbauamt <span class="role">(federführend)</span>;<br>'
        'Stadtwerke GmbH <span class="role">(extern)</span>;<br>'
        'IT-Abteilung <span class="role">(beteiligt)</span>'
    )
    assert f"<td>{cell}</td>" in _row(de["index.html"], "glasfaser")
    owners = "Tiefbauamt (federführend); Stadtwerke GmbH (extern); IT-Abteilung (beteiligt)"
    assert f"| freiwillig | {owners} | 01.01.2019 |" in _md_row(de["plan.md"], "glasfaser")
    assert "(lead)" in _row(en["index.html"], "glasfaser")
    assert "(partner)" in _row(en["index.html"], "glasfaser")
    assert "<td>IT-Abteilung</td>" in _row(de["index.html"], "eakte")  # the sole lead
    assert "| Stadtwerke GmbH | extern | unbegrenzt | glasfaser |" in de["plan.md"]
    assert "| IT-Abteilung | intern | unbegrenzt | eakte, glasfaser, portal |" in de["plan.md"]


def test_an_external_unit_is_marked_even_as_sole_owner(tmp_path: Path) -> None:
    files = strategy_files()
    files["measures/eakte.yaml"] = files["measures/eakte.yaml"].replace(
        "owner: it", "owner: stadtwerke"
    )
    repo = make_repo(tmp_path / "repo", files)
    result = check(repo)
    ctx = build_plan_context(result.workspace, result.plan, Locale.for_language("en"))
    row = next(r for f in ctx.fields for r in f.rows if r.id == "eakte")
    assert row.owner == "Stadtwerke GmbH (external)"


# --- 6. references and external deliverables ---------------------------------------------


def test_references_are_shown_at_the_measure_and_in_the_appendix(site) -> None:
    html, md = site["de"]["index.html"], site["de"]["plan.md"]
    link = '<a href="https://example.org/v123" rel="noopener noreferrer">Glasfaserstrategie</a>'
    assert f"Bezüge: {link} (Vorlage V/2019/123, 14.05.2019)" in _row(html, "glasfaser")
    section = _section(html, "references")
    assert '<h2 id="references-h">Bezüge und Beschlüsse</h2>' in section
    kinds = re.findall(r'<h3 id="references-(\w+)">([^<]*)</h3>', section)
    assert kinds == [("council_paper", "Ratsbeschlüsse und Vorlagen"),
                     ("programme", "Programme"), ("strategy", "Strategien")]  # fmt: skip
    assert f'<tr><th scope="row">{link}</th><td>V/2019/123</td>' in section
    assert '<time datetime="2019-05-14">14.05.2019</time>' in section
    assert (
        "| [Glasfaserstrategie](<https://example.org/v123>) | V/2019/123 | 14.05.2019 | glasfaser |"
        in md
    )
    assert "| Digitalprogramm NRW | – | – | portal |" in md
    assert "\n## Bezüge und Beschlüsse\n" in md
    assert "\n## References and decisions\n" in site["en"]["plan.md"]
    # on the profile page, with links back to the overview
    profile = site["de"]["profiles/P-Netz.html"]
    assert f"Bezüge: {link}" in profile and 'id="m-glasfaser.ind"' in profile


def test_external_deliverables_are_listed_and_never_make_a_measure_critical(site) -> None:
    html, md = site["de"]["index.html"], site["de"]["plan.md"]
    section = _section(html, "externals")
    rows = re.findall(r"<tr><th scope=\"row\">([^<]*)</th><td>([^<]*)</td><td>([^<]*)</td>"
                      r"<td><span class=\"ext-(\w+)\">([^<]*)</span>", section)  # fmt: skip
    assert rows == [
        ("EfA-Dienst Wohngeld", "Land NRW", "Juni 2024", "delivered", "geliefert"),
        (
            "Gigabitförderung",
            "Bund",
            "Q4 2024",
            "late",
            "ausstehend, erwarteter Termin verstrichen",
        ),
    ]
    assert "Sie verschieben keine Termine des Plans" in section
    assert "kritisch" not in section
    assert "Externe Zulieferung: Gigabitförderung (Bund, erwartet Q4 2024: " in _row(
        html, "glasfaser"
    )
    assert '<td class="crit">' not in _row(html, "glasfaser")
    assert (
        "| Gigabitförderung | Bund | Q4 2024 | ausstehend, erwarteter Termin verstrichen | glasfaser |"
        in md
    )
    assert (
        "| EfA-Dienst Wohngeld | Land NRW | June 2024 | delivered | portal |"
        in site["en"]["plan.md"]
    )


# --- 7. indicators ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "baseline", "latest", "target", "goal_latest"),
    [
        ("de", "12\u00a0% (31.12.2019)", "61\u00a0% (31.12.2024)", "80\u00a0% (31.12.2026)",
         "61,5\u00a0Dienste (30.06.2024)"),
        ("en", "12\u00a0% (31 Dec 2019)", "61\u00a0% (31 Dec 2024)", "80\u00a0% (31 Dec 2026)",
         "61.5\u00a0Dienste (30 Jun 2024)"),
    ],
)  # fmt: skip
def test_indicators_have_a_chart_and_a_table(site, lang, baseline, latest, target, goal_latest):
    html, md = site[lang]["index.html"], site[lang]["plan.md"]
    chart = _svg(html, "ind.m-glasfaser.haushalte")
    assert chart.get("role") == "img" and chart.find(f".//{SVG}a") is None
    assert chart.get("aria-labelledby") == (
        "ind.m-glasfaser.haushalte-title ind.m-glasfaser.haushalte-desc"
    )
    desc = chart.find(f"{SVG}desc").text
    for value in (baseline, "48\u00a0%", latest, target):
        assert value.split(" (")[0] in desc
    assert len(chart.findall(f".//{SVG}circle")) >= 3  # two values and the target ring
    cells = f"<td>{baseline}</td><td>{latest}</td><td>{target}</td>"
    assert cells in _section(html, "f-breitband")
    assert f"| {baseline} | {latest} | {target} |" in md
    assert f"<td>{goal_latest}</td>" in _section(html, "goals")
    assert f"| {goal_latest} |" in md
    assert "| Anschlüsse | – | 48\u00a0% (" in md  # no baseline: the dash
    ids = re.findall(r' id="([^"]+)"', html)
    assert len(ids) == len(set(ids))


def test_an_indicator_without_values_says_so(tmp_path: Path) -> None:
    files = strategy_files()
    files["measures/eakte.yaml"] += (
        "indicators:\n  - {id: akten, title: E-Akten, unit: Akten, target: {date: 2026, value: 900}}\n"
    )
    repo = make_repo(tmp_path / "repo", files)
    result = check(repo)
    ctx = build_plan_context(result.workspace, result.plan, Locale.for_language("de"))
    row = next(r for f in ctx.fields for r in f.rows if r.id == "eakte")
    (view,) = row.indicators
    assert (view.baseline, view.latest, view.target) == (
        "–",
        "noch keine Messwerte",
        "900\u00a0Akten (31.12.2026)",
    )
    ET.fromstring(view.chart_svg)  # still a well-formed chart: the target alone


# --- 8. critical path ---------------------------------------------------------------------


def test_without_links_the_plan_claims_no_critical_path(site) -> None:
    de = _section(site["de"]["index.html"], "critical-path")
    sentence = (
        "Die Maßnahmen sind nicht durch Abhängigkeiten (Ende–Anfang) verknüpft; einen "
        "kritischen Pfad gibt es daher nicht."
    )
    assert f"<p>{sentence}</p>" in de and "<ol" not in de
    assert f"\n{sentence}\n" in site["de"]["plan.md"]
    assert "so there is no critical path." in site["en"]["plan.md"]
    assert "| Kritische Maßnahmen | 0 |" in site["de"]["plan.md"]


def test_links_without_a_critical_measure_are_told_apart(tmp_path: Path) -> None:
    files = strategy_files()
    files["measures/portal.yaml"] = (
        files["measures/portal.yaml"]
        .replace("status: planned\n", "status: planned\ndepends_on: [eakte]\n")
        .replace("duration: 6 months\n", "")
        .replace("2025-01, end: 2025-06", "2026-01, end: 2026-06")
    )
    repo = make_repo(tmp_path / "repo", files)
    result = check(repo)
    assert result.plan.critical_path == () and not any(m.critical for m in result.plan.measures)
    ctx = build_plan_context(result.workspace, result.plan, Locale.for_language("de"))
    assert ctx.critical_path_none.startswith("Die Maßnahmen sind durch Abhängigkeiten verknüpft")
    assert "nicht durch Abhängigkeiten" not in ctx.critical_path_none


# --- 9. JSON ------------------------------------------------------------------------------


def test_json_has_the_window_and_what_progress_means(repo: Path) -> None:
    result = CliRunner().invoke(app, ["plan", "show", str(repo), "--format", "json"])
    assert result.exit_code == 0, result.output
    shown = {m["id"]: m for m in json.loads(result.stdout)["measures"]}
    assert shown["portal"]["window"] == {"start": "2025-01-01", "end": "2025-06-30"}
    assert shown["portal"]["fixed_window"] is False
    assert shown["funk5g"]["window"] == {"start": "2024-04-01", "end": "2025-12-31"}
    assert shown["funk5g"]["fixed_window"] is True
    assert shown["eakte"]["window"] is None
    assert (shown["eakte"]["progress_known"], shown["eakte"]["progress_of"]) == (False, "time")
    assert (shown["glasfaser"]["progress_known"], shown["glasfaser"]["progress_of"]) == (
        True, "results"
    )  # fmt: skip


# --- accessibility ------------------------------------------------------------------------


def test_every_page_of_a_real_strategy_has_no_axe_violations(site, tmp_path: Path) -> None:
    """The new sections (indicator charts, matrix, appendices) pass axe-core like the
    examples' pages (tests/test_accessibility.py), in both languages."""
    from test_accessibility import MISSING, REQUIRED, _check

    if MISSING and not REQUIRED:
        pytest.skip(f"not installed: {', '.join(MISSING)}")
    from cdp import Browser

    with Browser() as browser:
        browser.set_width(1024)
        for lang, files in site.items():
            root = write_tree(tmp_path / lang, files)
            for page in sorted(files):
                if page.endswith(".html"):
                    _check(root / page, browser, "real strategy", lang, page)
            browser.set_width(390, 844, mobile=True)  # charts and matrix scroll in their boxes
            _check(root / "index.html", browser, "real strategy", lang, "index.html (390 px)")
            browser.set_width(1024)


def test_every_internal_link_of_the_new_sections_resolves(site) -> None:
    for lang, files in site.items():
        for page, text in files.items():
            if not page.endswith(".html"):
                continue
            ids = set(re.findall(r' id="([^"]+)"', text))
            for target in re.findall(r'href="#([^"]+)"', text):
                assert target in ids, f"{lang} {page}: #{target}"
    assert 'href="#m-glasfaser.ind"' in site["de"]["index.html"]
    assert 'href="#externals"' in site["de"]["index.html"]


def test_indicator_anchors_of_different_ids_never_collide(tmp_path: Path) -> None:
    # measure x with indicator y-z and measure x-y with indicator z; measure x-ind
    def measure(ident: str, ind: str) -> str:
        return (
            f"id: {ident}\ntitle: {ident}\nfield: F\nstatus: planned\nduration: 1 months\n"
            f"indicators: [{{id: {ind}, title: I, unit: x, target: {{date: 2025, value: 1}}}}]\n"
        )

    files = {
        "strategy.yaml": strategy_yaml(start=dt.date(2024, 1, 8), status_date="2024-01-08"),
        "measures/x.yaml": measure("x", "y-z"),
        "measures/x-y.yaml": measure("x-y", "z"),
        "measures/x-ind.yaml": measure("x-ind", "a"),
    }
    repo = write_tree(tmp_path / "repo", files)
    out = tmp_path / "out"
    assert CliRunner().invoke(app, ["plan", "build", str(repo), "-o", str(out)]).exit_code == 0
    html = (out / "index.html").read_text("utf-8")
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
