"""`egovkit export`: every format read back, and TaskJuggler 3 scheduling the same dates.

The TaskJuggler comparison is skipped when tj3 is not installed; CI installs it and sets
``EGOVKIT_REQUIRE_TJ3`` so it cannot silently skip there (as in tests/test_tj3.py).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import (
    PROJECT,
    make_repo,
    make_workspace,
    measure_model,
    measure_yaml,
    strategy_model,
)

from egovkit.cli import app
from egovkit.export import FORMATS, export
from egovkit.export import tjp as tjp_module
from egovkit.export.plan_json import render as json_render
from egovkit.pipeline import plan as run_plan
from egovkit.plan.schedule import build_plan
from egovkit.plan.workdays import calendar_for
from egovkit.render.locale import Locale

EXAMPLES = sorted(
    p.name for p in (PROJECT / "examples").iterdir() if (p / "strategy.yaml").is_file()
)
TJ3 = shutil.which("tj3")
REQUIRED = bool(os.environ.get("EGOVKIT_REQUIRE_TJ3"))
needs_tj3 = pytest.mark.skipif(
    TJ3 is None and not REQUIRED, reason="tj3 not found: apt-get install tj3"
)
DE, EN = Locale.for_language("de"), Locale.for_language("en")
HOSTILE = '=HYPERLINK("x") "q" \\ ${x} $(HOME) -8<- [m] # // \u202e;,\nzwei'


@pytest.fixture(scope="module")
def examples() -> dict:
    return {name: run_plan(PROJECT / "examples" / name) for name in EXAMPLES}


# --- TaskJuggler ------------------------------------------------------------------------------


def tj3_dates(text: str, ws, tmp_path: Path) -> dict[str, tuple[dt.date, dt.date]]:
    """Schedule ``text`` with tj3 and read the task report: egovkit id → (start, finish).

    tj3 reports a successor's start as the instant its predecessor's work ends (17:00); the
    work begins on the next working day, which is the date egovkit shows."""
    (tmp_path / "project.tjp").write_text(text, "utf-8")
    out = tmp_path / "tj3-out"
    out.mkdir()
    proc = subprocess.run(
        [TJ3, "--silent", "-o", str(out), "project.tjp"],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr
    cal = calendar_for(ws.strategy.model)
    with open(out / f"{tjp_module.REPORT}.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    dates = {}
    for row in rows:
        start, end = dt.datetime.fromisoformat(row["Start"]), dt.datetime.fromisoformat(row["End"])
        day = start.date()
        if start.hour >= 17 and start != end:
            day = cal.date_at(cal.index_on_or_before(day) + 1)
        dates[row["Id"]] = (day, end.date())
    return dates


def assert_same_dates(plan, ws, tmp_path: Path) -> int:
    theirs = tj3_dates(tjp_module.render(plan, ws, DE), ws, tmp_path)
    ids = tjp_module.task_ids(plan)
    ours = {ids[m.id]: (m.start, m.finish) for m in plan.measures}
    assert set(theirs) == set(ours)
    different = {k: (ours[k], theirs[k]) for k in ours if ours[k] != theirs[k]}
    assert not different, different
    return len(ours)


def test_tj3_is_installed_where_required() -> None:
    assert TJ3 is not None or not REQUIRED, "tj3 is required here: apt-get install tj3"


@needs_tj3
@pytest.mark.parametrize("name", EXAMPLES)
def test_tj3_schedules_every_example_to_egovkits_dates(name, examples, tmp_path) -> None:
    result = examples[name]
    assert assert_same_dates(result.plan, result.workspace, tmp_path) == len(result.plan.measures)


MON = dt.date(2024, 1, 8)


def _network(**planning):
    """A network that exercises what the examples do not: not_before, milestones held by
    the status date or released by work, levelling, started predecessors, closures."""
    measures = [
        measure_model(
            "done-a", "5 days", status="done", started="2024-01-08", finished="2024-01-12"
        ),
        measure_model("run-b", "10 days", status="in_progress", progress=30, started="2024-01-15"),
        measure_model("c", "3 days", depends_on=["done-a"]),
        measure_model("ms-c", "0 days", depends_on=["c"]),
        measure_model("d", "4 days", depends_on=["ms-c", "run-b"]),
        measure_model("late", "2 days", not_before="2024-04-02", depends_on=["c"]),
        measure_model("ms-nb", "0 days", not_before="2024-03-04", depends_on=["c"]),
        measure_model("ms-root", "0 days"),
        measure_model("p1", "6 days", owner="u1"),
        measure_model("p2", "6 days", owner="u1"),
        measure_model("p3", "2 days", owner="u1", depends_on=["ms-root"]),
        measure_model("window", None, period={"start": "2024-05", "end": "2024-06"}),
        measure_model("after-window", "1 weeks", depends_on=["window"]),
        measure_model("ms-end", "0 days", depends_on=["after-window", "d"]),
    ]
    strategy = strategy_model(
        start=MON,
        status_date="2024-02-05",
        extra_holidays=["2024-02-19"],
        closures=[{"start": "2024-02-26", "end": "2024-03-01", "title": 'Betriebsruhe "Karneval"'}],
        **planning,
    )
    return make_workspace(measures, strategy, units=[{"id": "u1", "name": "Amt", "capacity": 1}])


@needs_tj3
def test_tj3_agrees_on_not_before_milestones_closures_and_levelled_starts(tmp_path) -> None:
    ws = _network()
    plan = build_plan(ws)
    by_id = plan.by_id()
    assert by_id["p2"].capacity_delay > 0  # levelling is active here
    assert by_id["ms-root"].milestone and by_id["ms-c"].milestone
    assert assert_same_dates(plan, ws, tmp_path) == len(plan.measures)


@needs_tj3
def test_tj3_agrees_on_a_four_day_week(tmp_path) -> None:
    ws = _network(workdays=["mon", "tue", "wed", "thu"])
    assert assert_same_dates(build_plan(ws), ws, tmp_path) > 0


@needs_tj3
def test_hostile_titles_stay_strings_in_tjp(tmp_path) -> None:
    measures = [measure_model("a-b", title=HOSTILE), measure_model("a_b", depends_on=["a-b"])]
    ws = make_workspace(measures, strategy_model(status_date="2024-01-08"))
    text = tjp_module.render(build_plan(ws), ws, DE)
    assert "$(HOME)" not in text and "${x}" not in text
    (tmp_path / "p.tjp").write_text(text, "utf-8")
    out = tmp_path / "o"
    out.mkdir()
    subprocess.run(
        [TJ3, "--silent", "-o", str(out), "p.tjp"], cwd=tmp_path, check=True, timeout=120
    )
    report = (out / f"{tjp_module.REPORT}.csv").read_text("utf-8")
    # tj3 writes quotes inside CSV fields unescaped, so the report is read as text
    assert sorted(re.findall(r'^"(m_\w+)";', report, re.M)) == ["m_a_b_2", "m_a_b_3"]
    # a-b and a_b: valid, distinct, both suffixed; the title arrives whole, on one line,
    # with nothing expanded (the dollar signs are full-width)
    title = HOSTILE.replace("\n", " ").replace("$", "\uff04")
    assert f'"m_a_b_2";"{title}";' in report
    assert os.environ.get("HOME", "/nowhere") not in report


def test_tjp_strings_and_ids() -> None:
    assert tjp_module.tjp_string('a"b') == '"a\\"b"'
    assert tjp_module.tjp_string("end\\") == '"end\\ "'  # never escapes the closing quote
    assert "${" not in tjp_module.tjp_string("${projectstart}")
    assert tjp_module.safe_ids(["a-b", "a_b", "a_b_2"], "m_") == {
        "a-b": "m_a_b_3",
        "a_b": "m_a_b_4",
        "a_b_2": "m_a_b_2",
    }


def test_tjp_refuses_dates_tj3_cannot_plan() -> None:
    ws = make_workspace(
        [measure_model("long", "60 months")],
        strategy_model(start=dt.date(2034, 1, 2), horizon_end=dt.date(2040, 12, 31)),
    )
    with pytest.raises(tjp_module.ExportError, match="2035"):
        tjp_module.render(build_plan(ws, today=dt.date(2034, 1, 2)), ws, DE)
    short = make_workspace(
        [measure_model("short", "2 months")],
        strategy_model(start=dt.date(2030, 1, 7), horizon_end=dt.date(2075, 12, 31)),
    )
    text = tjp_module.render(build_plan(short, today=dt.date(2030, 1, 7)), short, DE)
    assert "2030-01-07 - 2035-12-31 {" in text  # a far horizon is cut to what tj3 accepts


# --- iCalendar --------------------------------------------------------------------------------


def test_ics_round_trip(examples) -> None:
    from icalendar import Calendar

    for name, result in examples.items():
        plan, ws = result.plan, result.workspace
        text = export("ics", plan, ws, DE)
        assert text == export("ics", plan, ws, DE)  # byte-identical for identical input
        events = Calendar.from_ical(text).walk("VEVENT")
        uids = [str(e["UID"]) for e in events]
        assert len(uids) == len(set(uids)), name
        by_uid = {str(e["UID"]): e for e in events}
        domain = f"{ws.strategy.model.municipality.name}"
        for m in plan.measures:
            kind = "milestone" if m.milestone else "finish"
            event = next(e for u, e in by_uid.items() if u.startswith(f"{kind}.{m.id}@"))
            assert event.decoded("DTSTART") == m.finish
            assert str(event["SUMMARY"]).endswith(m.title)
            for v in m.deadlines:
                e = next(
                    e for u, e in by_uid.items() if u.startswith(f"deadline.{m.id}.{v.source}@")
                )
                assert e.decoded("DTSTART") == v.date
                assert DE.labels[f"verdict_{v.verdict.value}"] in str(e["DESCRIPTION"])
        assert all(e.decoded("DTSTAMP").date() == plan.status_date for e in events), domain


def test_ics_escapes_hostile_text() -> None:
    from icalendar import Calendar

    ws = make_workspace(
        [measure_model("x", title=HOSTILE)], strategy_model(status_date="2024-01-08")
    )
    text = export("ics", build_plan(ws), ws, EN)
    assert "\nzwei" not in text.replace("\r\n ", "")  # the line break is escaped
    (event,) = Calendar.from_ical(text).walk("VEVENT")
    assert str(event["SUMMARY"]) == f"Finish: {HOSTILE}"
    assert str(event["UID"]) == "finish.x@stadt-test.egovkit"


# --- Excel ------------------------------------------------------------------------------------


def test_xlsx_round_trip(examples) -> None:
    import openpyxl

    result = examples["mettmann"]
    plan, ws = result.plan, result.workspace
    data = export("xlsx", plan, ws, DE)
    assert data == export("xlsx", plan, ws, DE)  # the creation date is the status date
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Maßnahmen", "Zeitplan", "Abhängigkeiten", "Fristen", "Budget"]
    sheet = book["Zeitplan"]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == [m.id for m in plan.measures]
    for row, m in zip(rows, plan.measures, strict=True):
        assert (row[2].date(), row[3].date()) == (m.start, m.finish)
        assert row[6] == m.slack
    assert sheet.cell(2, 3).number_format == "dd.mm.yyyy"
    deps = list(book["Abhängigkeiten"].iter_rows(min_row=2, values_only=True))
    assert {(r[0], r[2]) for r in deps} == {(m.id, p) for m in plan.measures for p in m.depends_on}
    deadlines = list(book["Fristen"].iter_rows(min_row=2, values_only=True))
    assert len(deadlines) == sum(len(m.deadlines) for m in plan.measures)
    english = openpyxl.load_workbook(io.BytesIO(export("xlsx", plan, ws, EN)))
    assert english.sheetnames[:2] == ["Measures", "Schedule"]


def test_xlsx_writes_formulas_as_text() -> None:
    import openpyxl

    ws = make_workspace(
        [measure_model("x", title="=1+1"), measure_model("y", title="@SUM(A1)")],
        strategy_model(status_date="2024-01-08"),
    )
    book = openpyxl.load_workbook(io.BytesIO(export("xlsx", build_plan(ws), ws, DE)))
    cells = [c for c in book["Maßnahmen"]["B"][1:]]
    assert [c.value for c in cells] == ["=1+1", "@SUM(A1)"]
    assert all(c.data_type == "s" for c in cells)


# --- CSV --------------------------------------------------------------------------------------


def test_csv_round_trip(examples) -> None:
    plan, ws = examples["aachen"].plan, examples["aachen"].workspace
    german = export("csv", plan, ws, DE)
    assert german.startswith("\ufeffID;Titel;")
    rows = list(csv.reader(io.StringIO(german.removeprefix("\ufeff")), delimiter=";"))[1:]
    assert [r[0] for r in rows] == [m.id for m in plan.measures]
    assert [(r[5], r[6]) for r in rows] == [
        (m.start.isoformat(), m.finish.isoformat()) for m in plan.measures
    ]
    english = export("csv", plan, ws, EN)
    header, *rows_en = list(csv.reader(io.StringIO(english)))
    assert header[0] == "ID" and header[-1] == "Prerequisites"
    assert [r[-1].split() for r in rows_en] == [list(m.depends_on) for m in plan.measures]


def test_csv_cells_never_become_formulas() -> None:
    titles = ["=1+1", "+49 211", "-minus", "@at", "plain"]
    ws = make_workspace(
        [measure_model(f"m{i}", title=t) for i, t in enumerate(titles)],
        strategy_model(status_date="2024-01-08"),
    )
    rows = list(csv.reader(io.StringIO(export("csv", build_plan(ws), ws, EN))))[1:]
    assert sorted(r[1] for r in rows) == sorted(["'=1+1", "'+49 211", "'-minus", "'@at", "plain"])


# --- JSON, Mermaid, DOT -----------------------------------------------------------------------


def test_json_is_the_resolved_plan(examples) -> None:
    plan, ws = examples["regensburg"].plan, examples["regensburg"].workspace
    text = export("json", plan, ws, DE)
    assert text == json_render(plan)
    assert [m["id"] for m in json.loads(text)["measures"]] == [m.id for m in plan.measures]


def test_mermaid_is_the_plans_diagram_text(examples) -> None:
    from egovkit.render import mermaid

    plan, ws = examples["mettmann"].plan, examples["mettmann"].workspace
    gantt = export("mermaid", plan, ws, DE)
    assert gantt.startswith("gantt\n") and "```" not in gantt
    flow = export("mermaid", plan, ws, DE, diagram="flowchart")
    assert flow.startswith("flowchart LR\n")
    fenced = str(mermaid.flowchart(sorted(plan.measures, key=lambda m: m.order), DE))
    assert fenced == "```mermaid\n" + flow.rstrip("\n") + "\n```"


def test_dot_graph(examples, tmp_path) -> None:
    plan, ws = examples["mettmann"].plan, examples["mettmann"].workspace
    text = export("dot", plan, ws, DE)
    assert text.startswith("digraph egovkit {") and text.rstrip().endswith("}")
    edges = sum(len(m.depends_on) for m in plan.measures)
    assert text.count(" -> ") == edges
    for m in plan.measures:
        assert f'"{m.id}" [label=' in text
    assert "[gesetzlich erforderlich" in text  # the obligation as text, not colour alone
    hostile = make_workspace(
        [measure_model("x", title=HOSTILE + "\\N \\G"), measure_model("y", depends_on=["x"])],
        strategy_model(status_date="2024-01-08"),
    )
    bad = export("dot", build_plan(hostile), hostile, EN)
    assert '\\"q\\"' in bad and "\\\\N" in bad
    if shutil.which("dot"):
        for source in (text, bad):
            proc = subprocess.run(
                ["dot", "-Tsvg"], input=source, capture_output=True, text=True, timeout=60
            )
            assert proc.returncode == 0 and "<svg" in proc.stdout, proc.stderr
            assert "Warning" not in proc.stderr, proc.stderr


# --- the command ------------------------------------------------------------------------------


def test_every_format_is_offered() -> None:
    assert set(FORMATS) == {"tjp", "ics", "xlsx", "csv", "json", "mermaid", "dot"}


@pytest.mark.parametrize("fmt", ["tjp", "ics", "csv", "json", "mermaid", "dot"])
def test_export_to_stdout(fmt, runner) -> None:
    result = runner.invoke(app, ["export", fmt, str(PROJECT / "examples" / "mettmann")])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip()


def test_export_to_a_file_outside_the_repository(runner, tmp_path) -> None:
    repo = make_repo(tmp_path / "repo")
    target = tmp_path / "out" / "plan.xlsx"
    result = runner.invoke(app, ["export", "xlsx", str(repo), "-o", str(target), "--lang", "en"])
    assert result.exit_code == 0, result.stderr
    assert target.read_bytes().startswith(b"PK")
    again = runner.invoke(app, ["export", "xlsx", str(repo), "-o", str(target), "--lang", "en"])
    assert again.exit_code == 0
    assert not [p for p in target.parent.iterdir() if p.name != "plan.xlsx"]  # no temp files


def test_xlsx_needs_a_file(runner, minimal_repo) -> None:
    result = runner.invoke(app, ["export", "xlsx", str(minimal_repo)])
    assert result.exit_code == 2
    assert "-o" in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""


def test_export_never_writes_into_the_repository(runner, minimal_repo) -> None:
    before = sorted(p.name for p in minimal_repo.rglob("*"))
    for target in (minimal_repo / "plan.tjp", minimal_repo / "measures" / "x.csv"):
        result = runner.invoke(app, ["export", "tjp", str(minimal_repo), "-o", str(target)])
        assert result.exit_code == 2 and "inside the strategy repository" in result.stderr
    assert sorted(p.name for p in minimal_repo.rglob("*")) == before


def test_export_refuses_a_folder_as_file(runner, minimal_repo, tmp_path) -> None:
    result = runner.invoke(app, ["export", "csv", str(minimal_repo), "-o", str(tmp_path)])
    assert result.exit_code == 2 and "Traceback" not in result.stderr


def test_export_of_a_broken_repository_exits_1(runner, tmp_path) -> None:
    repo = make_repo(
        tmp_path / "repo",
        {"measures/M2.yaml": measure_yaml("M2", "depends_on: [nope]\nduration: 1 days\n")},
    )
    target = tmp_path / "x.ics"
    result = runner.invoke(app, ["export", "ics", str(repo), "-o", str(target)])
    assert result.exit_code == 1 and not target.exists()
    assert "Traceback" not in result.stderr


def test_diagram_is_for_mermaid_only(runner, minimal_repo) -> None:
    result = runner.invoke(app, ["export", "dot", str(minimal_repo), "--diagram", "flowchart"])
    assert result.exit_code == 2
