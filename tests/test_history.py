"""Status in git: `report status`, `diff` and `plan build --baseline` on the demo history of
Bergisch Gladbach (examples/make_history.py), and the limits of reading a history."""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import PROJECT, make_repo
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from egovkit.cli import app

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def _module():
    spec = importlib.util.spec_from_file_location(
        "make_history", PROJECT / "examples" / "make_history.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


HISTORY = _module()


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return HISTORY.build(tmp_path_factory.mktemp("history") / "bg")


def _run(*args: str):
    return CliRunner().invoke(app, list(args))


@pytest.fixture(scope="module")
def report(demo: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    out = tmp_path_factory.mktemp("report")
    result = _run("report", "status", str(demo), "--since", "beschluss-2021", "-o", str(out))
    assert result.exit_code == 0, result.output
    return {p.name: p.read_text("utf-8") for p in out.glob("report.*")}


def test_the_demo_history_checks_clean_at_every_commit(demo: Path) -> None:
    shas = subprocess.run(
        ["git", "rev-list", "--reverse", "HEAD"],
        cwd=demo,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert len(shas) == 1 + len(HISTORY.CHANGES)
    result = _run("check", str(demo), "--format", "json")
    errors = [f for f in json.loads(result.stdout) if f["severity"] == "error"]
    assert errors == []


def _section(md: str, heading: str) -> str:
    start = md.index(f"### {heading}")
    end = md.find("\n### ", start + 4)
    end2 = md.find("\n## ", start + 4)
    ends = [e for e in (end, end2) if e != -1]
    return md[start : min(ends) if ends else len(md)]


def test_report_lists_exactly_the_transitions_of_the_history(report: dict[str, str]) -> None:
    md = report["report.md"]
    table = _section(md, "Statuswechsel")
    rows = re.findall(
        r"^\| .*\((\S+)\) \| (\d\d\.\d\d\.\d{4}) \| ([^|]+) \| ([^|]+) \|", table, re.M
    )
    german = {"done": "abgeschlossen", "in_progress": "in Umsetzung", "planned": "geplant"}
    shown = [(mid, date, before.strip(), after.strip()) for mid, date, before, after in rows]
    expected = []
    for date, mid, before, after in HISTORY.TRANSITIONS:
        y, m, d = date.split("-")
        expected.append((mid, f"{d}.{m}.{y}", german[before], german[after]))
    assert sorted(shown) == sorted(expected)
    # the note of a transition is the log entry added with it
    assert "Mehrstufiges EU-Vergabeverfahren gestartet" in table


def test_report_names_the_new_measure_the_slip_and_the_log(report: dict[str, str]) -> None:
    md = report["report.md"]
    assert "(wohngeld-pilot)" in _section(md, "Neue Maßnahmen")
    assert "Keine." in _section(md, "Entfallene Maßnahmen")
    shifts = _section(md, "Verschobene Termine")
    assert re.search(r"\(vorgangsbearbeitung\) \| [\d.]+ \| [\d.]+ \| \+\d+ AT", shifts)
    log = md[md.index("## Chronik je Quartal") :]
    for date, text in (
        ("05.12.2022", "Zuschlag im EU-Vergabeverfahren erteilt"),
        ("20.03.2023", "Serverkapazität für rund 400 Nutzende erweitert"),
        ("30.06.2023", "Wohngeldstelle als vierter Pilotbereich festgelegt"),
    ):
        assert re.search(rf"- {re.escape(date)} – .*\(dms-eakte\): {re.escape(text)}", log), text
    assert log.index("4\\. Quartal 2023") < log.index("1\\. Quartal 2023")  # newest first
    # the online-services count: 25 of 152 in October 2023
    assert "| 31.10.2023 | 152 | 25 | 127 |" in md


def test_report_html_is_the_same_report(report: dict[str, str]) -> None:
    html = report["report.html"]
    assert '<html lang="de"' in html and "Sachstandsbericht" in html
    assert "Zuschlag im EU-Vergabeverfahren erteilt" in html
    assert html.count("<svg") == 2  # done per quarter, online services
    assert "nimmt den Sachstandsbericht" in html and "zur Kenntnis" in html


def test_report_in_english_and_as_pdf(demo: Path, tmp_path: Path) -> None:
    result = _run(
        "report", "status", str(demo), "--since", "2022-12-31", "--lang", "en",
        "-o", str(tmp_path), "--format", "md,pdf",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    md = (tmp_path / "report.md").read_text("utf-8")
    assert md.startswith("# Status report:")
    transitions = _section(md, "Status changes")
    assert "None." in transitions  # no status changed after the award in December 2022
    assert "(wohngeld-pilot)" in _section(md, "New measures")
    assert (tmp_path / "report.pdf").read_bytes().startswith(b"%PDF-")


def test_diff_between_two_revisions_in_three_formats(demo: Path) -> None:
    text = _run("diff", "HEAD~2", "HEAD~1", "-C", str(demo))
    assert text.exit_code == 0, text.output
    assert "+ wohngeld-pilot added" in text.stdout
    assert "~ vorgangsbearbeitung duration: 8 months → 11 months" in text.stdout
    assert re.search(r"> vorgangsbearbeitung finish \S+ → \S+ \(\+\d+ wd\)", text.stdout)
    md = _run("diff", "HEAD~2", "HEAD~1", "-C", str(demo), "-f", "md")
    assert "- + `wohngeld-pilot` added" in md.stdout
    data = json.loads(_run("diff", "HEAD~2", "HEAD~1", "-C", str(demo), "-f", "json").stdout)
    assert data["added"] == ["wohngeld-pilot"] and data["removed"] == []
    keys = {(f["measure"], f["key"]) for f in data["fields"]}
    assert ("vorgangsbearbeitung", "duration") in keys
    assert any(
        s["measure"] == "vorgangsbearbeitung" and s["finish_days"] > 0 for s in data["shifts"]
    )
    same = _run("diff", "HEAD", "-C", str(demo))  # against the clean working tree
    assert "no change in the plan" in same.stdout


def test_baseline_bars_and_slippage_table(demo: Path, tmp_path: Path) -> None:
    result = _run("plan", "build", str(demo), "-o", str(tmp_path), "--baseline", "Beschluss 2021")
    assert result.exit_code == 0, result.output
    html = (tmp_path / "index.html").read_text("utf-8")
    gantt = html[html.index('id="gantt"') : html.index("</svg>", html.index('id="gantt"'))]
    assert gantt.count('class="baseline"') == 14  # every measure of the adopted plan
    assert re.search(r"\+\d+ AT ggü\. Beschluss 2021", gantt)
    md = (tmp_path / "plan.md").read_text("utf-8")
    table = md[md.index("## Abweichung vom Basisplan") :]
    assert "Basisplan „Beschluss 2021“" in table
    assert re.search(r"\(vorgangsbearbeitung\) \| .* \| \+\d+ AT \|", table)


def test_one_commit_outside_git_and_unknown_revisions(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    outside = _run("report", "status", str(repo), "-o", str(tmp_path / "o1"))
    assert outside.exit_code == 2 and "not in a git repository" in outside.stderr
    HISTORY._git(repo, "init", "-q")
    HISTORY._git(repo, "add", "-A")
    HISTORY._git(repo, "commit", "-q", "-m", "one", date="2025-01-06")
    one = _run("report", "status", str(repo), "-o", str(tmp_path / "o2"))
    assert one.exit_code == 0, one.output
    assert "Änderungen (Commits): 0" in (tmp_path / "o2" / "report.md").read_text("utf-8")
    unknown = _run("diff", "no-such-tag", "-C", str(repo))
    assert unknown.exit_code == 2 and "unknown revision 'no-such-tag'" in unknown.stderr
    option = _run("diff", "--output=/tmp/x", "-C", str(repo))
    assert option.exit_code == 2


def test_a_repository_cannot_make_git_run_a_program(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    HISTORY._git(repo, "init", "-q")
    HISTORY._git(repo, "add", "-A")
    HISTORY._git(repo, "commit", "-q", "-m", "one", date="2025-01-06")
    marker = tmp_path / "pwned"
    hook = f"touch {marker}"
    for key, value in (
        ("core.fsmonitor", hook), ("core.pager", hook), ("diff.external", hook),
        ("core.hooksPath", str(tmp_path)), ("alias.log", f"!{hook}"),
    ):  # fmt: skip
        subprocess.run(["git", "config", key, value], cwd=repo, check=True)
    (tmp_path / "post-checkout").write_text(f"#!/bin/sh\n{hook}\n")
    for args in (
        ("report", "status", str(repo), "-o", str(tmp_path / "o")),
        ("diff", "HEAD", "-C", str(repo)),
    ):
        result = _run(*args)
        assert result.exit_code in (0, 1), result.output
    assert not marker.exists()


def test_a_git_file_cannot_point_egovkit_at_another_repository(tmp_path: Path) -> None:
    other = make_repo(tmp_path / "other")
    HISTORY._git(other, "init", "-q")
    HISTORY._git(other, "add", "-A")
    HISTORY._git(other, "commit", "-q", "-m", "other", date="2025-01-06")
    strategy = make_repo(tmp_path / "received")  # e.g. unpacked from a zip
    (strategy / ".git").write_text(f"gitdir: {other / '.git'}\n", "utf-8")
    for args in (
        ("report", "status", str(strategy), "-o", str(tmp_path / "o")),
        ("diff", "HEAD", "-C", str(strategy)),
    ):
        result = _run(*args)
        assert result.exit_code == 2 and "ordinary git repository" in result.stderr, result.output
    assert not (tmp_path / "o").exists()


def test_odd_commit_subjects_and_log_encodings_are_read(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    HISTORY._git(repo, "init", "-q")
    HISTORY._git(repo, "add", "-A")
    HISTORY._git(repo, "commit", "-q", "-m", "base", date="2025-01-06")
    subprocess.run(["git", "config", "i18n.logOutputEncoding", "UTF-16"], cwd=repo, check=True)
    measure = repo / "measures" / "M1.yaml"
    measure.write_text(measure.read_text("utf-8").replace("status: planned", "status: in_progress"))
    HISTORY._git(repo, "commit", "-q", "-am", "Sachstand \x01 \x02 Ä", date="2025-02-03")
    result = _run("report", "status", str(repo), "-o", str(tmp_path / "o"), "--format", "md")
    assert result.exit_code == 0, result.output
    assert "in Umsetzung" in (tmp_path / "o" / "report.md").read_text("utf-8")


EVIL = "<script>alert(1)</script> | **fett** [l](javascript:alert(1)) <img src=x onerror=alert(2)>"


def test_hostile_titles_stay_text_in_the_report_and_the_diff(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    HISTORY._git(repo, "init", "-q")
    HISTORY._git(repo, "add", "-A")
    HISTORY._git(repo, "commit", "-q", "-m", "base", date="2025-01-06")
    measure = repo / "measures" / "M1.yaml"
    text = measure.read_text("utf-8").replace("status: planned", "status: in_progress")
    text = re.sub(r"^title: .*$", f"title: {json.dumps(EVIL)}", text, flags=re.M)
    measure.write_text(text + f"log:\n  - {{date: 2025-01-20, text: {json.dumps(EVIL)}}}\n")
    HISTORY._git(repo, "commit", "-q", "-am", EVIL, date="2025-02-03")
    result = _run("report", "status", str(repo), "-o", str(tmp_path / "o"))
    assert result.exit_code == 0, result.output
    html = (tmp_path / "o" / "report.html").read_text("utf-8")
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;" in html and 'href="javascript' not in html
    for md in ((tmp_path / "o" / "report.md").read_text("utf-8"), _diff_md(repo)):
        rendered = MarkdownIt("commonmark").render(md)  # as a Markdown viewer shows it
        assert "<script" not in rendered and "<img" not in rendered
        assert 'href="javascript' not in rendered and "&lt;script&gt;" in rendered


def _diff_md(repo: Path) -> str:
    diff = _run("diff", "HEAD~1", "HEAD", "-C", str(repo), "-f", "md")
    assert diff.exit_code == 0, diff.output
    return diff.stdout
