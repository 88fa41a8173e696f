"""A plan never contradicts itself about deadlines, late or not, in HTML and Markdown.

For both examples at several status dates (before, around and long after their legal
deadlines), the generated documents must agree with the scheduler's verdicts
(egovkit.plan.deadlines): every compliance row shows its deadline's verdict, no row calls a
measure on time while that deadline is exceeded, the overview counts match, and the sentence
"all deadlines are met" appears only when true.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from conftest import PROJECT
from typer.testing import CliRunner

from egovkit import pipeline
from egovkit.cli import app
from egovkit.plan.deadlines import Verdict

EXAMPLES = [PROJECT / "examples" / "mettmann", PROJECT / "examples" / "bergisch-gladbach"]
TODAYS = ["2020-09-08", "2021-02-01", "2022-06-30", "2023-10-31", "2024-06-30", "2027-01-04"]
LABELS_DE = {
    "met": "erfüllt",
    "met_late": "verspätet erfüllt",
    "on_time": "fristgerecht geplant",
    "at_risk": "gefährdet",
    "overdue": "überschritten",
}


def build(example: Path, today: str, tmp_path: Path) -> tuple[str, str]:
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app, ["plan", "build", str(example), "-o", str(out), "--today", today]
    )
    assert result.exit_code == 0, result.output  # a late plan still builds
    return (out / "index.html").read_text("utf-8"), (out / "plan.md").read_text("utf-8")


def legal_rows(html: str) -> list[tuple[str, str, str, str]]:
    """(measure id, deadline ISO date, verdict class, label) of every compliance row."""
    table = html[html.index('<table class="legal">') :]
    table = table[: table.index("</table>")]
    rows = []
    for tr in re.findall(r"<tr class=\"ob-[a-z]+\">(.*?)</tr>", table, re.S):
        mid = re.search(r'href="#m-([^"]+)"', tr)
        date = re.search(r'<time datetime="([0-9-]+)"', tr)
        verdict = re.search(r'class="[a-z_]+ v-([a-z_]+)">([^<]*)<', tr)
        assert mid and verdict, tr
        rows.append((mid[1], date[1] if date else "", verdict[1], verdict[2]))
    return rows


@pytest.mark.parametrize("today", TODAYS)
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_documents_agree_with_the_verdicts(example: Path, today: str, tmp_path: Path) -> None:
    plan = pipeline.plan(example, dt.date.fromisoformat(today)).plan
    html, md = build(example, today, tmp_path)
    verdicts = {(m.id, v.date.isoformat()): v.verdict for m in plan.measures for v in m.deadlines}
    shown = legal_rows(html)
    judged = {(mid, date): verdict for mid, date, verdict, _ in shown if verdict != "none"}
    assert judged == {k: v.value for k, v in verdicts.items()}
    for mid, date, verdict, label in shown:
        assert label.startswith(LABELS_DE.get(verdict, "keine Frist")), (mid, date, label)
    # the measure tables show each measure's worst verdict
    for m in plan.measures:
        row = re.search(rf'<tr id="m-{re.escape(m.id)}".*?</tr>', html, re.S)
        assert row, m.id
        if m.verdict is not None:
            assert f"v-{m.verdict.value}" in row[0], m.id
            if m.verdict.exceeded:
                assert "fristgerecht" not in row[0], m.id
    # the Gantt marks each measure's worst deadline: filled (exceeded) or hollow (kept)
    gantt = html[html.index('<svg xmlns="http://www.w3.org/2000/svg" id="gantt"') :]
    gantt = gantt[: gantt.index("</svg>")]
    marks = re.findall(r'<g class="deadline">.*?fill="([^"]+)".*?<title>([^<]*)</title>', gantt)
    dated = [m for m in plan.measures if m.deadlines]
    assert len(marks) == len(dated)
    filled = sum(1 for fill, _ in marks if fill != "#ffffff")
    assert filled == sum(1 for m in dated if m.verdict.exceeded)
    for fill, tip in marks:
        if fill == "#ffffff":
            assert not any(w in tip for w in ("überschritten", "gefährdet", "verspätet")), tip
    exceeded = [v for v in verdicts.values() if v in (Verdict.overdue, Verdict.at_risk)]
    late_done = [v for v in verdicts.values() if v is Verdict.met_late]
    for text in (html, md):
        all_met = "Alle Fristen sind erfüllt" in text
        assert all_met == (not exceeded and not late_done), today
        overdue = sum(v.verdict is Verdict.overdue for m in plan.measures for v in m.deadlines)
        if overdue:
            assert f"überschritten {overdue}" in text  # the overview count
    for line in md.splitlines():  # Markdown compliance rows: never "on time" when exceeded
        figure = line.startswith(("| Fristen nach Bewertung", "| Deadlines by verdict"))
        if line.startswith("| ") and "fristgerecht geplant" in line and not figure:
            assert not any(word in line for word in ("überschritten", "gefährdet")), line


def test_a_late_plan_names_the_late_measures_and_by_how_much(tmp_path: Path) -> None:
    html, md = build(EXAMPLES[0], "2024-06-30", tmp_path)
    assert "überschritten (+" in html and "überschritten (+" in md
    assert "Hinweise der Prüfung" in html and "D004" in html
