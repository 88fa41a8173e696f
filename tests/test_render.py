"""egovkit.render: context, Markdown and HTML content, escaping, links, determinism, overrides.

Plans are built by hand here, so these tests do not depend on the scheduler's arithmetic.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath

import pytest
from conftest import PROJECT, make_workspace, texts
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from egovkit.cli import app
from egovkit.load.sourcemap import SourceMap
from egovkit.load.templates import TemplateFailure
from egovkit.load.workspace import Loaded, Workspace
from egovkit.model import Measure, Obligation, Organization, Profile, ProfileMeta, Status, Strategy
from egovkit.pipeline import CheckResult
from egovkit.pipeline import render as pipeline_render
from egovkit.plan.deadlines import DeadlineVerdict, Verdict
from egovkit.plan.schedule import CalendarInfo, Plan, ScheduledMeasure
from egovkit.render import builtin_templates, markdown, render_plan
from egovkit.render.build import build_plan_context
from egovkit.render.locale import LABELS, Locale

D = dt.date
EVIL = '<script>alert(1)</script> & "Ä" | x'
STATUS_DATE = D(2022, 12, 31)
DE = Locale.for_language("de")
EN = Locale.for_language("en")

STRATEGY = {
    "municipality": {"name": "Stadt Musterhausen", "kind": "stadt", "state": "NW"},
    "title": "E-Government-Strategie 2022–2024",
    "horizon": {"start": "2022-01-03", "end": "2024-12-31"},
    "leitbild": "**Digital zuerst.** <b>raw</b>\n\n# Vision\n\nText.",
    "goals": [
        {"id": "G1", "title": "Online-Dienste", "description": "Alles online."},
        {"id": "G2", "title": "E-Akte"},
    ],
    "fields": [
        {"id": "HF1", "title": "Services", "description": "Für Bürger."},
        {"id": "HF2", "title": "Interne Verwaltung"},
    ],
    "planning": {"start": "2022-01-03", "status_date": "2022-12-31"},
    "legal": [
        {
            "id": "LOCAL-1",
            "title": "Ratsbeschluss | 2021",
            "requires": "Umsetzung bis 2023",
            "obligation": "required",
            "deadline": "2023-06-30",
            "source": "https://example.org/a?x=1&y=2",
            "as_of": "2022-01-01",
        }
    ],
}

PROFILE_BODY = """Ausgangslage
============

Text mit <b>fett</b> und <script>evil()</script>.

<div onclick="x()">block</div>

## Ziele

- eins
- [link](javascript:alert(1))
"""


def sm(id, order, **kw) -> ScheduledMeasure:
    base = dict(
        id=id,
        title=f"Maßnahme {id}",
        field="HF1",
        obligation=Obligation.voluntary,
        priority="medium",
        status=Status.planned,
        progress=0,
        owner="IT",
        depends_on=(),
        order=order,
        wave=0,
        duration_days=20,
        remaining_days=20,
        start=D(2023, 1, 2),
        finish=D(2023, 1, 27),
        late_start=D(2023, 1, 2),
        late_finish=D(2023, 1, 27),
        slack=0,
        critical=False,
        milestone=False,
        fixed=False,
        deadline=None,
        deadline_source=None,
        deadline_slip=0,
        driving_chain=(id,),
        capacity_delay=0,
    )
    base.update(kw)
    if base["deadline"] is not None and "deadlines" not in kw:  # judged as the scheduler does
        done = base["status"] is Status.done
        late = base["deadline_slip"]
        if done:
            verdict = Verdict.met_late if late else Verdict.met
        elif base["deadline"] < STATUS_DATE:
            verdict = Verdict.overdue
        else:
            verdict = Verdict.at_risk if late else Verdict.on_time
        source = base["deadline_source"] or "measure"
        base["deadlines"] = (DeadlineVerdict(source, base["deadline"], verdict, late),)
    return ScheduledMeasure(**base)


def make_case(root: Path) -> tuple[Workspace, Plan]:
    strategy = Strategy.model_validate(STRATEGY)
    measures = [
        sm("A", 0, title=EVIL, obligation=Obligation.required, status=Status.done, fixed=True,
           start=D(2022, 2, 1), finish=D(2022, 6, 30), deadline=D(2022, 12, 31),
           deadline_source="OZG-1", critical=True),
        sm("B", 1, depends_on=("A",), wave=1, status=Status.in_progress, progress=40,
           obligation=Obligation.required, start=D(2022, 7, 1), finish=D(2023, 7, 14),
           deadline=D(2023, 6, 30), deadline_source="LOCAL-1", deadline_slip=10,
           driving_chain=("A", "B"), critical=True),
        sm("C", 2, field="HF2", capacity_delay=3, start=D(2023, 1, 5), finish=D(2023, 2, 3),
           slack=12, owner="ORG"),
        sm("D", 3, field="HF2", obligation=Obligation.standard, milestone=True, duration_days=0,
           depends_on=("B", "C"), wave=2, start=D(2023, 7, 17), finish=D(2023, 7, 17),
           critical=True, deadline=D(2023, 12, 31), deadline_source="measure"),
        sm("E", 4, status=Status.on_hold, start=D(2023, 2, 1), finish=D(2023, 5, 31), slack=30),
    ]  # fmt: skip
    models = [
        Measure(id="A", title=EVIL, field="HF1", obligation="required", legal=["OZG-1"],
                goals=["G1"], duration="5 months", status="done", cost=100000,
                description="Beschreibung mit <i>HTML</i> und **fett**."),
        Measure(id="B", title="Maßnahme B", field="HF1", obligation="required",
                legal=["LOCAL-1", "OZG-1"], goals=["G1"], duration="1 month",
                depends_on=["A"], cost=50000),
        Measure(id="C", title="Maßnahme C", field="HF2", goals=["G2"], duration="1 month"),
        Measure(id="D", title="Maßnahme D", field="HF2", obligation="standard", duration="0 days",
                deadline=D(2023, 12, 31)),
        Measure(id="E", title="Maßnahme E", field="HF1", duration="3 months", status="on_hold"),
        Measure(id="X", title="Abgebrochen", field="HF1", duration="1 month", status="cancelled"),
    ]  # fmt: skip
    org = Organization.model_validate(
        {
            "bodies": [{"id": "LK", "name": "Lenkungskreis", "kind": "steering",
                        "tasks": ["Steuern"], "members": ["CDO", "IT"], "meets": "monatlich"}],
            "roles": [{"id": "CDO", "name": "Digitalisierungsbeauftragte", "unit": "ORG"}],
            "units": [{"id": "IT", "name": "IT-Abteilung", "capacity": 2},
                      {"id": "ORG", "name": "Organisation", "capacity": 1}],
        }
    )  # fmt: skip
    profile = Profile(
        meta=ProfileMeta.model_validate(
            {
                "id": "P1",
                "title": "Online-Dienste | Portal",
                "measures": ["A", "B", "X"],
                "client": "LK",
                "lead": "CDO",
                "participants": ["IT", "ORG"],
                "phases": [
                    {"name": "Konzeption", "start": "2022-02-01", "end": "2022-06-30"},
                    {"name": "Umsetzung", "start": "2022-07-01", "end": "2023-07-14"},
                ],
                "milestones": [{"title": "Go-live", "date": "2023-07-14", "measure": "B"}],
                "budget": {"total": 1234567, "funding": 500000, "funding_source": "Land NRW"},
                "risks": ["Personalmangel"],
                "kpis": ["Anzahl Online-Dienste"],
            }
        ),
        body=PROFILE_BODY,
    )
    ws = make_workspace(models, strategy, profiles=[profile], organization=org, root=root)
    plan = Plan(
        status_date=STATUS_DATE,
        start=D(2022, 1, 3),
        finish=D(2023, 7, 17),
        horizon_end=D(2024, 12, 31),
        calendar=CalendarInfo(
            weekdays=("mon", "tue", "wed", "thu", "fri"),
            state="NW",
            holidays=((D(2022, 12, 25), "Erster Weihnachtstag"),),
            closures=((D(2022, 12, 27), D(2022, 12, 30), "Betriebsruhe"),),
        ),
        measures=tuple(measures),
        critical_path=("A", "B", "D"),
        cancelled=("X",),
    )
    return ws, plan


@pytest.fixture
def case(tmp_path: Path) -> tuple[Workspace, Plan]:
    return make_case(tmp_path)


@pytest.fixture
def files(case) -> dict[str, str]:
    ws, plan = case
    return texts(render_plan(ws, plan, DE, ["md", "html"]))


# --- API ---------------------------------------------------------------------------------


def test_file_set_and_formats(case):
    ws, plan = case
    assert list(texts(render_plan(ws, plan, DE, ["md", "html"]))) == [
        "plan.md",
        "architecture.svg",
        "organigram.svg",
        "index.html",
        "profiles/P1.html",
    ]
    assert list(texts(render_plan(ws, plan, DE, ["md"]))) == [
        "plan.md",
        "architecture.svg",
        "organigram.svg",
    ]
    assert list(texts(render_plan(ws, plan, EN, ["html"]))) == ["index.html", "profiles/P1.html"]
    # planning.language = de
    assert "Stand" in texts(pipeline_render(CheckResult(ws, [], plan), None, ["md"]))["plan.md"]
    with pytest.raises(ValueError, match="format"):
        texts(render_plan(ws, plan, DE, ["docx"]))
    with pytest.raises(ValueError, match="language"):
        Locale.for_language("fr")


def test_builtin_templates_folder_exists():
    assert (builtin_templates() / "plan.md.j2").is_file()
    assert (builtin_templates() / "index.html.j2").is_file()


def test_deterministic_and_independent_of_input_order(case):
    ws, plan = case
    first = texts(render_plan(ws, plan, DE, ["md", "html"]))
    assert texts(render_plan(ws, plan, DE, ["md", "html"])) == first
    shuffled = list(plan.measures)
    random.Random(4).shuffle(shuffled)
    ws.measures.reverse()
    other = dataclasses.replace(plan, measures=tuple(shuffled))
    assert texts(render_plan(ws, other, DE, ["md", "html"])) == first


# --- context -----------------------------------------------------------------------------


def test_context_is_sorted_formatted_and_rolled_up(case):
    ws, plan = case
    c = build_plan_context(ws, plan, DE)
    assert [f.id for f in c.fields] == ["HF1", "HF2"]
    assert [r.id for r in c.fields[0].rows] == ["A", "B", "E"]
    assert [r.id for r in c.fields[1].rows] == ["C", "D"]
    a, b = c.fields[0].rows[0], c.fields[0].rows[1]
    assert (a.order, a.start, a.finish) == (1, "01.02.2022", "30.06.2022")
    assert a.status_label == "abgeschlossen"
    assert a.obligation_label == "gesetzlich erforderlich"
    assert b.status_label == "in Umsetzung (40\u00a0%)"
    assert b.deadline_label == "gefährdet (+10 AT)" and b.verdict == "at_risk"
    assert b.deadline_source == "Frist aus LOCAL-1"
    assert b.chain == "A → B"
    assert [d.href for d in b.depends_on] == ["#m-A"]
    assert b.owner == "IT-Abteilung"
    assert c.fields[0].rollup.startswith("1 von 3 abgeschlossen, 1 in Umsetzung")
    figures = {f.label: f.value for f in c.figures}
    assert figures["Maßnahmen (ohne abgebrochene)"] == "5"
    assert "abgeschlossen 1" in figures["Maßnahmen nach Status"]
    assert "abgebrochen 1" in figures["Maßnahmen nach Status"]
    assert figures["Fristen nach Bewertung"] == "gefährdet 1 · fristgerecht geplant 1 · erfüllt 1"
    assert figures["Geschätzte Kosten"] == "150.000\u00a0€"
    assert [r.id for r in c.critical_path] == ["A", "B", "D"]
    assert [g.obligation for g in c.legal_groups] == ["required", "standard"]
    assert [r.id for r in c.capacity] == ["C"]
    assert [r.measure.id for r in c.exceeded] == ["B"]
    assert c.deadline_summary == "0 Fristen sind überschritten, 1 weitere gefährdet."
    assert [lb.id for lb in c.legal_bases] == ["OZG-1", "LOCAL-1"]
    assert [r.id for r in c.cancelled] == ["X"]
    p = c.profiles[0]
    assert p.budget_total == "1.234.567\u00a0€"
    assert p.client == "Lenkungskreis" and p.lead == "Digitalisierungsbeauftragte"
    assert [r.id for r in p.cancelled] == ["X"]
    assert p.period == "01.02.2022 – 14.07.2023"


def test_locale_tables_match_and_formats():
    assert set(LABELS["de"]) == set(LABELS["en"])
    for a, b in ((DE.obligations, EN.obligations), (DE.statuses, EN.statuses),
                 (DE.priorities, EN.priorities), (DE.body_kinds, EN.body_kinds),
                 (DE.unit_kinds, EN.unit_kinds), (DE.weekdays, EN.weekdays)):  # fmt: skip
        assert set(a) == set(b)
    assert Locale.for_language("de") is DE  # made once per language
    assert DE.date(D(2022, 12, 31)) == "31.12.2022"
    assert DE.date(D(2022, 3, 1)) == "01.03.2022"
    assert DE.date(None) == "–"
    assert EN.date(D(2022, 12, 31)) == "31 Dec 2022"
    assert DE.month_year(D(2022, 3, 1)) == "März 2022"
    assert EN.month_year(D(2022, 3, 1)) == "March 2022"
    assert DE.number(1234567) == "1.234.567"
    assert EN.number(1234567) == "1,234,567"
    assert DE.money(1234) == "1.234\u00a0€"
    assert EN.money(1234567) == "€1,234,567"
    assert DE.percent(40) == "40\u00a0%"
    assert DE.late(1) == "verspätet um 1 Arbeitstag"
    assert EN.late(1234) == "late by 1,234 working days"
    assert DE.working_days(1234) == "1.234 AT"
    assert DE.text("wave", n=3) == "Stufe 3"
    assert EN.obligation_letter("required") == "R" and DE.status("on_hold") == "pausiert"


RENDER = PROJECT / "egovkit" / "render"
#: A table indexed by a language (LABELS[lang], STATUS[self.lang], MONTHS["en"]), a test of
#: the language (lang == "de") or the old per-language helpers (i18n.fmt_date(day, lang)).
_BY_LANGUAGE = re.compile(
    r"\[\s*(?:\w+\.)?lang(?:uage)?\s*\]"
    r"|\[\s*[\"'](?:de|en)[\"']\s*\]"
    r"|\blang(?:uage)?\s*[!=]="
    r"|\bi18n\b"
)


def test_only_the_locale_looks_up_a_language():
    """Renderers get a Locale; only locale.py picks the tables of a language."""
    offenders = [
        f"{path.name}:{n}: {line.strip()}"
        for path in sorted(RENDER.glob("*.py"))
        if path.name != "locale.py"
        for n, line in enumerate(path.read_text("utf-8").splitlines(), 1)
        if _BY_LANGUAGE.search(line)
    ]
    assert not offenders, offenders


# --- Markdown ----------------------------------------------------------------------------


def _table_rows(md: str, first_cell: str) -> list[str]:
    return [line for line in md.splitlines() if line.startswith(f"| {first_cell} |")]


def _cells(line: str) -> list[str]:
    return re.split(r"(?<!\\)\|", line)[1:-1]


def test_markdown_structure_and_labels(files):
    md = files["plan.md"]
    assert md.startswith("# E-Government-Strategie 2022–2024\n")
    assert "**Stadt Musterhausen** · Stand: 31.12.2022" in md
    for heading in (
        "## Überblick", "## Leitbild", "## Strategische Ziele", "## Zeitplan",
        "## Abhängigkeiten", "## Maßnahmen nach Handlungsfeld", "### Services",
        "## Kritischer Pfad", "## Rechtliche Verpflichtungen und Fristen",
        "## Umsetzungsorganisation", "## Verschiebungen durch Kapazitätsausgleich",
        "## Projektsteckbriefe", "### Steckbrief P1: Online-Dienste \\| Portal",
    ):  # fmt: skip
        assert f"\n{heading}\n" in md, heading
    assert md.count("\n# ") == 0  # one level-1 heading, at the very top
    # Measure tables in plan order per field, every row with the same number of cells.
    tables = md[md.index("## Maßnahmen nach Handlungsfeld") : md.index("## Kritischer Pfad")]
    order = [m.group(1) for m in re.finditer(r"^\| \d+ \| (\w+) \|", tables, re.M)]
    assert order == ["A", "B", "E", "C", "D"]
    header = next(line for line in md.splitlines() if line.startswith("| Nr. |"))
    for mid in "ABCDE":
        row = next(line for line in md.splitlines() if re.match(rf"^\| \d+ \| {mid} \|", line))
        assert len(_cells(row)) == len(_cells(header)), row
    assert (
        "| 2 | B | Maßnahme B | gesetzlich erforderlich | IT-Abteilung | 01.07.2022 | 14.07.2023 |"
        in md
    )
    assert "30.06.2023 (**gefährdet (+10 AT)**)" in md
    assert "in Umsetzung (40\u00a0%)" in md
    assert "Standard (künftig verpflichtend)" in md
    assert "1. **" in md and "3. **Maßnahme D**" in md
    assert "Ursache (treibende Kette): A → B" in md
    assert "| C | Maßnahme C | Organisation | 3 |" in md
    assert (
        "| Lenkungskreis | Lenkungskreis | Steuern | Digitalisierungsbeauftragte, IT-Abteilung | monatlich |"
        in md
    )
    assert "| IT-Abteilung | intern | 2 | A, B, D, E |" in md
    assert "| Digitalisierungsbeauftragte | Organisation | – | – |" in md
    assert "; X (abgebrochen) |" in md
    assert "[Ratsbeschluss \\| 2021](<https://example.org/a?x=1&y=2>)" in md
    assert md.endswith("Stand: 31.12.2022\n")


def test_markdown_mermaid_blocks(files):
    md = files["plan.md"]
    gantt = md.split("```mermaid\ngantt\n", 1)[1].split("```", 1)[0]
    assert "    dateFormat YYYY-MM-DD\n" in gantt
    assert "    section Services\n" in gantt and "    section Interne Verwaltung\n" in gantt
    lines = [line.strip() for line in gantt.splitlines() if " :" in line]
    assert lines[0].endswith(":crit, done, 2022-02-01, 2022-07-01")
    assert lines[1].endswith(":crit, active, 2022-07-01, 2023-07-15")
    assert lines[4] == "Maßnahme D :milestone, crit, 2023-07-17, 0d"  # titles, not ids
    for line in lines:
        label = line.rsplit(" :", 1)[0]
        assert not set(label) & set(':#;<>"'), label
    flow = md.split("```mermaid\nflowchart LR\n", 1)[1].split("```", 1)[0]
    assert '    A["#lt;script#gt;alert(1)#lt;/script#gt; #amp; #quot;Ä#quot; | x"]' in flow
    assert "    A --> B\n" in flow and "    B --> D\n" in flow and "    C --> D\n" in flow
    assert "    class A,B,D critical\n" in flow


def test_markdown_escapes_titles_and_user_html(files):
    md = files["plan.md"]
    row = next(line for line in md.splitlines() if line.startswith("| 1 | A |"))
    assert '\\<script\\>alert(1)\\</script\\> \\& "Ä" \\| x' in row
    html = MarkdownIt("commonmark", {"html": True}).enable("table").render(md)
    # Rendered as GitHub would (raw HTML allowed): the title shows literally, no tag survives.
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Ä&quot; | x" in html
    assert "<script" not in html and "<b>" not in html and "<div onclick" not in html
    assert "&lt;b&gt;fett&lt;/b&gt;" in html  # profile body: inline HTML shown as text
    assert "&lt;div onclick" in html  # profile body: HTML block shown as text
    # Profile body headings are demoted below the profile's own level-3 heading.
    assert "\n#### Ausgangslage\n" in md and "\n##### Ziele\n" in md
    assert "\n### Vision\n" in md  # Leitbild heading below "## Leitbild"


def test_markdown_inline_escaping():
    assert markdown.inline("a|b") == "a\\|b"
    assert markdown.inline("x\ny") == "x y"
    assert markdown.inline("`code` *b* _i_ [l](u) <t> ~s~ $m$ &amp;") == (
        "\\`code\\` \\*b\\* \\_i\\_ \\[l\\](u) \\<t\\> \\~s\\~ \\$m\\$ \\&amp;"
    )
    assert markdown.inline("E_AKTE_2") == "E_AKTE_2"  # intraword underscores stay
    assert markdown.inline(markdown.MdRaw("**raw**")) == "**raw**"


def test_to_markdown_and_to_html():
    md = markdown.to_markdown("Titel\n=====\n\n## Unter\n\n```\n# kein Titel\n```\n", top=3)
    assert md == "### Titel\n\n#### Unter\n\n```\n# kein Titel\n```"
    html = markdown.to_html("# T\n\n<b>x</b> [j](javascript:alert(1)) [ok](https://a.de)", top=3)
    assert "<h3>T</h3>" in html
    assert "&lt;b&gt;x&lt;/b&gt;" in html
    assert 'href="javascript' not in html and 'href="https://a.de"' in html
    assert markdown.to_html("  ") == "" and markdown.to_markdown(None) == ""
    assert markdown.to_html("## In einer Zelle\n\nText", top=None) == (
        "<p>In einer Zelle</p>\n<p>Text</p>\n"
    )


# --- HTML --------------------------------------------------------------------------------


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.hrefs: list[str] = []
        self.srcs: list[str] = []
        self.headings: list[int] = []
        self.tags: list[str] = []
        self.lang = None
        self.tables = 0
        self.captions = 0
        self.th_without_scope = 0
        self._in_thead = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append(tag)
        if "id" in a:
            self.ids.append(a["id"])
        if "href" in a:
            self.hrefs.append(a["href"])
        if "src" in a:
            self.srcs.append(a["src"])
        if tag == "html":
            self.lang = a.get("lang")
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag == "table":
            self.tables += 1
        if tag == "caption":
            self.captions += 1
        if tag == "th" and "scope" not in a:
            self.th_without_scope += 1


def _parse(text: str) -> _Page:
    page = _Page()
    page.feed(text)
    return page


def test_html_semantics_and_accessibility(files):
    for name in ("index.html", "profiles/P1.html"):
        page = _parse(files[name])
        assert page.lang == "de"
        assert page.headings.count(1) == 1 and page.headings[0] == 1, name
        for prev, cur in zip(page.headings, page.headings[1:], strict=False):
            assert cur <= prev + 1, f"{name}: heading h{prev} → h{cur}"
        assert page.tables == page.captions, name
        assert page.th_without_scope == 0, name
        assert len(page.ids) == len(set(page.ids)), name
    index = files["index.html"]
    assert '<html lang="de">' in index
    assert 'Stand: <time datetime="2022-12-31">31.12.2022</time>' in index
    assert "@page { size: A4 landscape" in index


def test_html_is_self_contained(case, files):
    ws, _ = case
    sources = {basis.source for basis in ws.legal_by_id.values()}
    for name, text in files.items():
        if not name.endswith(".html"):
            continue
        lowered = text.lower()
        assert "<script" not in lowered, name
        assert "<link" not in lowered and "@import" not in lowered, name
        assert "src=" not in lowered, name
        assert "url(http" not in lowered, name
        external = {h for h in _parse(text).hrefs if not h.startswith("#") and ":" in h}
        assert external <= sources, name  # only the legal sources link out


def test_html_escapes_user_text(files):
    index = files["index.html"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#34;Ä&#34; | x" in index
    assert "&lt;b&gt;raw&lt;/b&gt;" in index  # Leitbild inline HTML
    assert "&lt;i&gt;HTML&lt;/i&gt;" in index  # measure description
    profile = files["profiles/P1.html"]
    assert "&lt;script&gt;evil()&lt;/script&gt;" in profile
    assert '<div onclick="x()">' not in profile
    assert 'href="javascript' not in profile
    assert "<h3>Ausgangslage</h3>" in profile and "<h4>Ziele</h4>" in profile


def test_svgs_are_well_formed_and_labelled(files):
    svgs = re.findall(r"<svg\b.*?</svg>", files["index.html"], re.S)
    svgs += re.findall(r"<svg\b.*?</svg>", files["profiles/P1.html"], re.S)
    ids = [re.search(r'\bid="([^"]+)"', svg)[1] for svg in svgs]
    # index: architecture, Gantt, dependency graph, organigram; profile page: its timeline
    assert ids == ["arch", "gantt", "depgraph", "org", "timeline-P1"], ids
    for svg in svgs:
        root = ET.fromstring(svg)
        ns = "{http://www.w3.org/2000/svg}"
        # A chart holding links is a labelled group (an image would hide its links).
        assert root.get("role") == ("group" if root.find(f".//{ns}a") is not None else "img")
        assert root.find(f"{ns}title") is not None and root.find(f"{ns}desc") is not None
        assert root.get("aria-labelledby").split() == [
            root.find(f"{ns}title").get("id"),
            root.find(f"{ns}desc").get("id"),
        ]


def test_internal_links_resolve(files):
    ids = {name: set(_parse(text).ids) for name, text in files.items() if name.endswith(".html")}
    checked = 0
    for name, text in files.items():
        if not name.endswith(".html"):
            continue
        for href in _parse(text).hrefs:
            if href.startswith(("http://", "https://")):
                continue
            path, _, fragment = href.partition("#")
            target = name
            if path:
                target = str(PurePosixPath(name).parent / path)
                target = str(PurePosixPath(*_normalise(target)))
                assert target in files, f"{name}: {href} → missing file {target}"
            if fragment:
                assert fragment in ids[target], f"{name}: {href} → no id {fragment} in {target}"
            checked += 1
    assert checked > 30


def _normalise(path: str) -> list[str]:
    parts: list[str] = []
    for part in path.split("/"):
        if part == "..":
            parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    return parts


def test_english(case):
    ws, plan = case
    out = texts(render_plan(ws, plan, EN, ["md", "html"]))
    md, index = out["plan.md"], out["index.html"]
    assert "Status date: 31 Dec 2022" in md
    assert (
        "| 2 | B | Maßnahme B | legally required | IT-Abteilung | 1 Jul 2022 | 14 Jul 2023 |" in md
    )
    assert "at risk (+10 wd)" in md
    assert "## Critical path" in md and "## Implementation organisation" in md
    assert '<html lang="en">' in index
    assert "in progress (40\u00a0%)" in index
    assert "Stand" not in index.replace("Standard", "")
    assert "axisFormat %b %Y" in md
    assert ">Oct<" in index or ">O<" in index  # English month labels in the Gantt
    # Holidays are named in the plan's language, not in the strategy's.
    assert "25 Dec 2022 Christmas Day" in md and "Weihnacht" not in index
    assert "25.12.2022 Erster Weihnachtstag" in texts(render_plan(ws, plan, DE, ["md"]))["plan.md"]


def test_holiday_names_follow_the_language_but_json_stays_german(tmp_path):
    example = PROJECT / "examples" / "mettmann"
    runner = CliRunner()
    out = tmp_path / "out"
    built = runner.invoke(app, ["plan", "build", str(example), "-o", str(out), "--lang", "en"])
    assert built.exit_code == 0, built.output
    for name in ("plan.md", "index.html"):
        text = (out / name).read_text("utf-8")
        assert "German Unity Day" in text and "Tag der Deutschen Einheit" not in text
    shown = runner.invoke(app, ["plan", "show", str(example), "--format", "json"])
    assert shown.exit_code == 0, shown.output
    assert "Tag der Deutschen Einheit" in shown.stdout and "German Unity" not in shown.stdout


# --- templates ---------------------------------------------------------------------------


def test_repo_templates_override_builtin_ones(case):
    ws, plan = case
    (ws.root / "templates" / "_partials").mkdir(parents=True)
    (ws.root / "templates" / "plan.md.j2").write_text(
        "# {{ c.title }} | {{ c.municipality }}\n{{ t.status_date }} {{ c.status_date }}\n",
        encoding="utf-8",
    )
    (ws.root / "templates" / "_partials" / "style.css").write_text(
        "body { color: #000 } /* Stadtdesign */\n", encoding="utf-8"
    )
    out = texts(render_plan(ws, plan, DE, ["md", "html"]))
    assert out["plan.md"] == (
        "# E-Government-Strategie 2022–2024 | Stadt Musterhausen\nStand 31.12.2022\n"
    )
    assert "/* Stadtdesign */" in out["index.html"]
    assert "/* Stadtdesign */" in out["profiles/P1.html"]
    assert "<h1>E-Government-Strategie 2022–2024</h1>" in out["index.html"]


def test_strict_undefined(case):
    ws, plan = case
    (ws.root / "templates").mkdir()
    (ws.root / "templates" / "plan.md.j2").write_text(
        "Titel\n{{ c.no_such_field }}", encoding="utf-8"
    )
    with pytest.raises(TemplateFailure) as caught:
        texts(render_plan(ws, plan, DE, ["md"]))
    assert (caught.value.path, caught.value.line) == ("templates/plan.md.j2", 2)
    assert "no_such_field" in caught.value.message


def test_minimal_repo_without_organization_profiles_or_measures(tmp_path):
    ws, plan = make_case(tmp_path)
    strategy = ws.strategy.model.model_copy(update={"leitbild": None, "goals": []})
    bare = Workspace(root=tmp_path, strategy=Loaded(strategy, SourceMap("s.yaml")))
    empty = dataclasses.replace(plan, measures=(), critical_path=(), cancelled=())
    out = texts(render_plan(bare, empty, DE, ["md", "html"]))
    assert list(out) == ["plan.md", "architecture.svg", "index.html"]  # no organigram
    assert "Keine Umsetzungsorganisation beschrieben" in out["plan.md"]
    assert "Keine Projektsteckbriefe." in out["index.html"]
    assert "Kein kritischer Pfad" in out["index.html"]
    assert "## Leitbild" not in out["plan.md"]
    for svg in re.findall(r"<svg\b.*?</svg>", out["index.html"], re.S):
        ET.fromstring(svg)


# --- scale -------------------------------------------------------------------------------


def big_plan(ws: Workspace, plan: Plan, n: int) -> Plan:
    measures = []
    for i in range(n):
        start = D(2023, 1, 2) + dt.timedelta(days=(i * 7) % 900)
        deps = (f"M{i - 1:05d}",) if i % 3 else ()
        measures.append(
            sm(f"M{i:05d}", i, title=f"Maßnahme {i} <b>|</b>", field="HF1" if i % 2 else "HF2",
               obligation=list(Obligation)[i % 3], status=list(Status)[i % 4], progress=i % 100,
               depends_on=deps, wave=i % 3, start=start, finish=start + dt.timedelta(days=60),
               critical=i % 5 == 0, deadline=start + dt.timedelta(days=50) if i % 4 == 0 else None,
               deadline_slip=8 if i % 8 == 0 else 0)
        )  # fmt: skip
    return dataclasses.replace(plan, measures=tuple(measures), critical_path=())


def test_thousand_measures_render_whole(case):
    # Speed is measured in benchmarks/bench.py, not here.
    ws, plan = case
    big = big_plan(ws, plan, 1000)
    out = texts(render_plan(ws, big, DE, ["md", "html"]))
    assert out["index.html"].count('<tr id="m-M') == 1000
    assert "too large" not in out["plan.md"]  # German labels
    assert "Das Diagramm ist für Mermaid zu groß" in out["plan.md"]


def test_locale_formats_measured_values_and_written_spans():
    assert (DE.decimal(48.0), DE.decimal(61.5), DE.decimal(12345.678)) == (
        "48",
        "61,5",
        "12.345,68",
    )
    assert (EN.decimal(61.5), EN.decimal(-3.25), EN.decimal(2.999)) == ("61.5", "-3.25", "3")
    assert DE.quantity(61.5, "%") == "61,5\u00a0%"
    assert DE.span(D(2024, 1, 1), D(2024, 12, 31), "year") == "2024"
    assert EN.span(D(2024, 4, 1), D(2024, 6, 30), "quarter") == "Q2 2024"
    assert DE.span(D(2024, 3, 1), D(2024, 3, 31), "month") == "März 2024"
    assert DE.span(D(2024, 3, 15), D(2024, 3, 15), "day") == "15.03.2024"
    assert (DE.role("lead"), DE.role("partner"), EN.role("external")) == (
        "federführend", "beteiligt", "external"
    )  # fmt: skip


def test_a_flat_strategy_without_new_constructs_renders_as_before(case):
    """No field path, no details, no strategy stylesheet, the old critical-path text."""
    ws, plan = case
    c = build_plan_context(ws, plan, DE)
    rows = [r for f in c.fields for r in f.rows]
    assert not any(r.field_path or r.details_md or r.as_of or r.window for r in rows)
    assert [f.depth for f in c.fields] == [1, 1] and not c.strategy_css
    assert c.principles is None and c.references == () and c.externals == ()
    empty = dataclasses.replace(plan, measures=(), critical_path=())
    assert build_plan_context(ws, empty, DE).critical_path_none == (
        "Kein kritischer Pfad (keine Maßnahmen geplant)."
    )
    assert "<style>" in texts(render_plan(ws, plan, DE, ["html"]))["index.html"]
    assert "section.details" not in texts(render_plan(ws, plan, DE, ["html"]))["index.html"]
