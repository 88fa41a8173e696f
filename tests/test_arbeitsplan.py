"""What an Arbeitsplan adds: budget by year, effort against capacity, RACI, risks, the
drafted resolution, programmes grouped by project (egovkit.plan.budget, plan.raci,
render.arbeitsplan, render.projects)."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import (
    PROJECT,
    make_repo,
    make_workspace,
    measure_model,
    measure_yaml,
    strategy_model,
    strategy_yaml,
    texts,
)
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from egovkit.cli import app
from egovkit.model import Organization, Profile, ProfileMeta
from egovkit.pipeline import check, plan, render
from egovkit.plan.budget import budget, split, working_days_by_year
from egovkit.plan.raci import raci
from egovkit.plan.schedule import build_plan
from egovkit.plan.workdays import calendar_for
from egovkit.render.locale import Locale

EXAMPLES = sorted(p.parent for p in (PROJECT / "examples").glob("*/strategy.yaml"))
AACHEN = PROJECT / "examples" / "aachen"
DE = Locale.for_language("de")


# --- money ------------------------------------------------------------------------------


@given(st.integers(0, 10**12), st.lists(st.integers(0, 400), min_size=1, max_size=12))
def test_split_adds_up_exactly_and_stays_proportional(amount: int, weights: list[int]) -> None:
    parts = split(amount, weights)
    total = sum(weights)
    if total == 0:
        assert parts == [0] * len(weights)
        return
    assert sum(parts) == amount
    for part, w in zip(parts, weights, strict=True):
        assert abs(part - amount * w / total) < 1  # never more than one euro off its share


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_budget_years_sum_to_the_total_cost_exactly(example: Path) -> None:
    result = plan(example)
    figures = budget(result.workspace, result.plan)
    scheduled = {m.id for m in result.plan.measures}
    costs = [
        item.model.cost or 0 for item in result.workspace.measures if item.model.id in scheduled
    ]
    assert figures.total("one_off") == sum(costs)
    assert sum(figures.total("one_off", y) for y in figures.years) == sum(costs)
    for m in figures.measures:  # each measure on its own, too
        model = result.workspace.measure_by_id[m.id].model
        assert sum(m.one_off.values()) == (model.cost or 0)
        assert sum(m.funded.values()) == sum(m.by_source.values()) <= (model.cost or 0)
    fields = {f.id for f in result.workspace.strategy.model.fields}
    by_field = sum(figures.total("one_off", field_id=f) for f in fields)
    assert by_field == figures.total("one_off")  # focus areas roll up into their field


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 500), st.integers(0, 5_000_000), st.integers(0, 100)),
        min_size=1,
        max_size=8,
    )
)
def test_spread_follows_working_days_and_funding_follows_cost(measures) -> None:
    models = [
        measure_model(
            f"M{n}",
            f"{days} days",
            cost=cost,
            funding=[{"source": "Land", "share": share}] if share and cost else [],
            depends_on=[f"M{n - 1}"] if n else [],
        )
        for n, (days, cost, share) in enumerate(measures)
    ]
    ws = make_workspace(models)
    p = build_plan(ws, dt.date(2024, 1, 8))
    figures = budget(ws, p)
    cal = calendar_for(ws.strategy.model)
    for m, sm in zip(figures.measures, sorted(p.measures, key=lambda s: s.order), strict=True):
        cost = ws.measure_by_id[m.id].model.cost
        assert sum(m.one_off.values()) == cost
        days = working_days_by_year(cal, sm.start, sm.finish)
        if cost and days and sum(days.values()):
            for year, euros in m.one_off.items():
                assert abs(euros - cost * days[year] / sum(days.values())) < 1
        assert sum(m.funded.values()) <= cost
        assert all(m.funded.get(y, 0) <= m.one_off.get(y, 0) for y in m.one_off)


def test_running_cost_starts_after_go_live_pro_rata() -> None:
    ws = make_workspace(
        [measure_model("A", "0 days", cost=100, running_cost=36_500, not_before="2024-07-01")],
        strategy_model(horizon_end=dt.date(2025, 12, 31)),
    )
    p = build_plan(ws, dt.date(2024, 1, 8))
    m = budget(ws, p).measures[0]
    assert p.measures[0].finish == dt.date(2024, 7, 1)
    # from 2 July 2024: 183 of 366 days; all of 2025
    assert m.running == {2024: 18_250, 2025: 36_500}
    assert m.one_off == {2024: 100}  # a milestone books its cost when it is reached


def test_funding_above_cost_is_capped_and_reported(tmp_path: Path) -> None:
    repo = make_repo(
        tmp_path,
        {
            "strategy.yaml": strategy_yaml(),
            "measures/M1.yaml": measure_yaml(
                "M1",
                "duration: 10 days\ncost: 1000\nfunding:\n"
                "  - {source: Land, share: 80}\n  - {source: Bund, amount: 500}\n",
            ),
        },
    )
    result = check(repo)
    assert [d.code for d in result.diagnostics if d.severity.value != "info"] == ["A003"]
    figures = budget(result.workspace, result.plan)
    assert figures.measures[0].by_source == {"Land": 615, "Bund": 385}  # 800:500 of 1000
    assert figures.total("funded") == 1000 and figures.total("own") == 0


# --- effort -----------------------------------------------------------------------------


def test_effort_goes_to_lead_units_and_over_capacity_is_flagged(tmp_path: Path) -> None:
    org = (
        "units:\n  - {id: IT, name: IT-Abteilung, effort_capacity: 100}\n"
        "  - {id: HA, name: Hauptamt, effort_capacity: 500}\n"
    )
    repo = make_repo(
        tmp_path / "repo",
        {
            "strategy.yaml": strategy_yaml(status_date="2024-01-08"),
            "measures/M1.yaml": None,
            "organization.yaml": org,
            "measures/A.yaml": measure_yaml(
                "A",
                "duration: 20 days\neffort: 150\nowners:\n"
                "  - {unit: IT}\n  - {unit: HA}\n  - {unit: HA, role: partner}\n",
            ),
            "measures/B.yaml": measure_yaml(
                "B", "duration: 20 days\neffort: 40\nowner: IT\ndepends_on: [A]\n"
            ),
        },
    )
    result = check(repo)
    figures = budget(result.workspace, result.plan)
    by_unit = {(u.unit, u.year): u for u in figures.effort}
    assert by_unit["IT", 2024].effort == pytest.approx(75 + 40)  # half of A, all of B
    assert by_unit["HA", 2024].effort == pytest.approx(75)
    assert by_unit["IT", 2024].exceeded and not by_unit["HA", 2024].exceeded
    found = [d for d in result.diagnostics if d.code == "A002"]
    assert len(found) == 1 and found[0].location.path == "organization.yaml"
    assert (found[0].location.line, found[0].location.column) == (2, 51)  # the capacity
    assert "115.0 person-days" in found[0].message
    out = tmp_path / "out"
    built = CliRunner().invoke(app, ["plan", "build", str(repo), "-o", str(out)])
    assert built.exit_code == 0, built.output
    html = (out / "index.html").read_text("utf-8")
    row = re.search(r'<tr class="over">.*?</tr>', html, re.S)[0]
    assert "IT-Abteilung" in row and "über Kapazität" in row
    assert "Hauptamt" not in row
    md = (out / "plan.md").read_text("utf-8")
    assert "| IT-Abteilung | 2024 | 115 | 100 | **über Kapazität** |" in md


# --- RACI -------------------------------------------------------------------------------


def test_raci_given_letters_win_the_rest_is_derived() -> None:
    org = Organization.model_validate(
        {
            "bodies": [{"id": "Rat", "name": "Rat", "kind": "council"}],
            "roles": [{"id": "CDO", "name": "CDO"}, {"id": "BM", "name": "Bürgermeister"}],
            "units": [{"id": "IT", "name": "IT"}, {"id": "HA", "name": "Hauptamt"}],
            "raci": {"accountable": "BM", "informed": ["Rat"], "consulted": ["HA"]},
        }
    )
    meta = ProfileMeta(id="P", title="P", measures=["B"], client="CDO", lead="HA")
    ws = make_workspace(
        [
            measure_model("A", owner="IT", owners=[{"unit": "HA", "role": "partner"}]),
            measure_model("B"),
            measure_model("C", owner="IT", raci={"accountable": "CDO", "informed": []}),
        ],
        organization=org,
        profiles=[Profile(meta=meta, body="")],
    )
    a, b, c = (raci(ws)[x] for x in "ABC")
    assert (a.responsible, a.accountable, a.consulted, a.informed) == (
        ("IT",),
        "BM",  # the organisation's default
        ("HA",),  # partner owner (and the default, once)
        ("Rat",),
    )
    assert (b.responsible, b.accountable) == (("HA",), "CDO")  # profile lead and client
    assert c.accountable == "CDO" and c.given == frozenset({"A", "I"})
    assert c.informed == ("Rat",)  # an empty list given is "not given": the default holds
    assert a.letters("IT") == "R" and a.letters("HA") == "C" and a.letters("Rat") == "I"


# --- the examples -----------------------------------------------------------------------


def test_aachen_groups_the_gantt_by_its_six_sub_projects_with_phases(tmp_path: Path) -> None:
    out = tmp_path / "out"
    built = CliRunner().invoke(
        app, ["plan", "build", str(AACHEN), "-o", str(out), "--group-by", "project"]
    )
    assert built.exit_code == 0, built.output
    html = (out / "index.html").read_text("utf-8")
    gantt = html[html.index('id="gantt"') : html.index("</svg>", html.index('id="gantt"'))]
    profile = next((AACHEN / "profiles").glob("*.md")).read_text("utf-8")
    front = profile.split("---")[1]
    subprojects = re.findall(r"^  - id: (\S+)\n    title: (.+)$", front, re.M)
    assert len(subprojects) == 6
    for _, title in subprojects:
        assert title.strip().strip('"') in gantt
    phases = re.findall(r'<rect class="phase"[^>]*><title>([^<]*)</title>', gantt)
    names = {p.split(":")[0] for p in phases}
    for programme_phase in ("Vorbereitung", "Konzeption", "Umsetzung", "Projektabschluss"):
        assert any(name.startswith(programme_phase) for name in names), names
    assert len(phases) > 4  # the sub-projects' own phases too
    assert "Zeitplan der Maßnahmen nach Projekt und Teilprojekt" in html


def test_a_phase_ending_before_its_measures_is_found_at_its_line(tmp_path: Path) -> None:
    repo = tmp_path / "aachen"
    shutil.copytree(AACHEN, repo)
    path = next((repo / "profiles").glob("*.md"))
    text = path.read_text("utf-8")
    # the first phase that lists the measures it must see finished
    phase_end = re.search(r"end: (\d{4}-\d\d-\d\d)\n +measures:", text)
    changed = text[: phase_end.start(1)] + "2019-10-01" + text[phase_end.end(1) :]
    path.write_text(changed, "utf-8")
    line = changed[: phase_end.start(1)].count("\n") + 1
    result = CliRunner().invoke(app, ["check", str(repo), "--format", "json"])
    found = [f for f in json.loads(result.stdout) if f["code"] == "P002"]
    assert found and found[0]["path"] == f"profiles/{path.name}" and found[0]["line"] == line
    assert "2019-10-01" in found[0]["message"]


def test_a_drafted_resolution_is_built_from_the_data(tmp_path: Path) -> None:
    repo = make_repo(
        tmp_path,
        {
            "strategy.yaml": strategy_yaml(),
            "organization.yaml": "bodies:\n  - {id: Rat, name: Rat der Stadt Test, kind: council,"
            " meets: halbjährlich}\n",
            "measures/M1.yaml": measure_yaml("M1", "duration: 10 days\ncost: 250000\n"),
        },
    )
    files = texts(render(plan(repo), DE, ["md"]))
    md = files["plan.md"]
    section = md[md.index("## Beschlussvorschlag") :]
    assert "Das Gremium „Rat der Stadt Test“ beschließt:" in section
    assert "1. Die Strategie „Teststrategie“ und der zugehörige Umsetzungsplan" in section
    assert "Maßnahmen: 1, Handlungsfeldern" not in section
    assert "einmaligen Kosten von 250.000\u00a0€" in section and "im Haushaltsjahr 2026" in section
    assert "Turnus: halbjährlich" in section
    assert "Entwurf" in section


def test_hostile_text_in_the_new_sections_stays_text(tmp_path: Path) -> None:
    evil = "<script>alert(1)</script> <img src=x onerror=alert(2)> [x](javascript:alert(3))"
    strategy = json.loads(strategy_yaml())
    strategy["resolution"] = f"# Beschluss\n\n{evil}\n"
    strategy["risks"] = [{"title": evil, "countermeasure": evil, "probability": "high"}]
    repo = make_repo(
        tmp_path,
        {
            "strategy.yaml": json.dumps(strategy, ensure_ascii=False),
            "organization.yaml": json.dumps(
                {"bodies": [{"id": "B", "name": evil, "kind": "steering", "receives": [evil]}]}
            ),
            "measures/M1.yaml": measure_yaml(
                "M1", f"duration: 5 days\ntitle: {json.dumps(evil)}\n"
            ).replace("title: Maßnahme M1\n", ""),
        },
    )
    files = texts(render(plan(repo), DE, ["md", "html"]))
    html = files["index.html"]
    assert "<script>" not in html and "onerror=alert" not in html.replace(
        "onerror=alert(2)&gt;", ""
    )
    assert "javascript:" not in re.sub(r">[^<]*<", "><", html)  # never in an attribute
    assert "&lt;script&gt;" in html
    for svg in ("architecture.svg", "organigram.svg"):
        assert "<script" not in files[svg]
    assert "<script>" not in files["plan.md"]
