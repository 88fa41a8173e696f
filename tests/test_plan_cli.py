"""`egovkit plan build`, `egovkit plan show` and `egovkit schema` through the CLI."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import PROJECT, make_repo, read_tree
from typer.testing import CliRunner

from egovkit.cli import app
from egovkit.model.jsonschema import schema_files
from egovkit.output import MARKER

BG = PROJECT / "examples" / "bergisch-gladbach"
METTMANN = PROJECT / "examples" / "mettmann"


def invoke(runner: CliRunner, *args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def bg_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("bg") / "out"
    result = CliRunner().invoke(app, ["plan", "build", str(BG), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_build_writes_markdown_html_and_profiles(bg_build: Path) -> None:
    names = sorted(p.relative_to(bg_build).as_posix() for p in bg_build.rglob("*") if p.is_file())
    assert names == [
        MARKER,
        "index.html",
        "plan.md",
        "profiles/projekt-e-akte.html",
        "profiles/projekt-serviceportal.html",
    ]


def test_plan_is_german_by_default(bg_build: Path) -> None:
    md = (bg_build / "plan.md").read_text("utf-8")
    html = (bg_build / "index.html").read_text("utf-8")
    assert "Stand: 31.10.2023" in md
    for word in ("Maßnahme", "Handlungsfeld", "Kritischer Pfad", "Frist"):
        assert word in md and word in html
    assert '<html lang="de"' in html


def test_service_portal_precedes_payment_and_file_plan_precedes_dms(bg_build: Path) -> None:
    plan = json.loads(CliRunner().invoke(app, ["plan", "show", str(BG), "--format", "json"]).stdout)
    by_id = {m["id"]: m for m in plan["measures"]}
    order = [m["id"] for m in plan["measures"]]
    for before, after in (("serviceportal", "epayment"), ("aktenplan", "dms-eakte")):
        assert order.index(before) < order.index(after)
        assert by_id[before]["earliest_finish"] < by_id[after]["earliest_start"]
    md = (bg_build / "plan.md").read_text("utf-8")
    tables = md.split("## Maßnahmen nach Handlungsfeld", 1)[1].split("\n## ", 1)[0]
    assert tables.index("serviceportal") < tables.index("epayment")
    assert tables.index("aktenplan") < tables.index("dms-eakte")


def test_english_on_request(runner: CliRunner, tmp_path: Path) -> None:
    result = invoke(
        runner, "plan", "build", str(METTMANN), "-o", str(tmp_path / "o"), "--lang", "en"
    )
    assert result.exit_code == 0
    md = (tmp_path / "o" / "plan.md").read_text("utf-8")
    assert "Status date: 8 Sep 2020" in md and "Stand: 08.09.2020" not in md
    assert "## Critical path" in md and "Kritischer Pfad" not in md
    assert '<html lang="en"' in (tmp_path / "o" / "index.html").read_text("utf-8")


def test_builds_are_byte_identical(runner: CliRunner, tmp_path: Path) -> None:
    for name in ("a", "b"):
        assert (
            invoke(runner, "plan", "build", str(METTMANN), "-o", str(tmp_path / name)).exit_code
            == 0
        )
    assert read_tree(tmp_path / "a") == read_tree(tmp_path / "b")


def test_only_the_requested_format(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "o"
    assert invoke(runner, "plan", "build", str(BG), "-o", str(out), "--format", "md").exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == [MARKER, "plan.md"]


def test_unknown_format_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    result = invoke(runner, "plan", "build", str(BG), "-o", str(tmp_path / "o"), "-f", "pdf")
    assert result.exit_code == 2 and "unknown format pdf" in result.stderr
    assert not (tmp_path / "o").exists()


def test_errors_build_nothing_and_keep_the_previous_output(
    runner: CliRunner, tmp_path: Path
) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(BG, repo)
    out = tmp_path / "out"
    assert invoke(runner, "plan", "build", str(repo), "-o", str(out)).exit_code == 0
    before = read_tree(out)
    (repo / "measures" / "epayment.yaml").write_text(
        "id: epayment\ntitle: ePayment\nfield: HF1\nduration: 3 months\ndepends_on: [nirgends]\n",
        encoding="utf-8",
    )
    result = invoke(runner, "plan", "build", str(repo), "-o", str(out))
    assert result.exit_code == 1
    assert "R005" in result.stderr and "No plan built" in result.stderr
    assert read_tree(out) == before


def test_a_foreign_output_folder_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "Dokumente"
    out.mkdir()
    (out / "brief.txt").write_text("x")
    result = invoke(runner, "plan", "build", str(BG), "-o", str(out))
    assert result.exit_code == 2 and "not made by egovkit" in result.stderr
    assert [p.name for p in out.iterdir()] == ["brief.txt"]


def test_today_overrides_the_status_date(runner: CliRunner, tmp_path: Path) -> None:
    result = invoke(runner, "plan", "show", str(BG), "-f", "json", "--today", "2023-11-15")
    plan = json.loads(result.stdout)
    assert plan["status_date"] == "2023-11-15"
    bad = invoke(runner, "plan", "show", str(BG), "--today", "31.02.2024")
    assert bad.exit_code == 2 and "31.02.2024" in bad.stderr


def test_show_json_has_the_documented_keys(runner: CliRunner) -> None:
    result = invoke(runner, "plan", "show", str(METTMANN), "--format", "json")
    assert result.exit_code == 0
    plan = json.loads(result.stdout)
    assert list(plan)[:2] == ["status_date", "calendar"]
    assert plan["calendar"]["weekdays"] == ["mon", "tue", "wed", "thu", "fri"]
    assert {"date": "2020-12-25", "name": "Erster Weihnachtstag"} in plan["calendar"]["holidays"]
    measure = plan["measures"][0]
    for key in (
        "id", "title", "depends_on", "duration_days", "earliest_start", "earliest_finish",
        "latest_start", "latest_finish", "total_slack", "critical", "deadline", "deadline_status",
    ):  # fmt: skip
        assert key in measure
    documented = (PROJECT / "docs" / "format.md").read_text("utf-8")
    for key in measure:
        assert f"`{key}`" in documented or f'"{key}"' in documented, key


def test_show_table_lists_every_measure(runner: CliRunner) -> None:
    result = invoke(runner, "plan", "show", str(BG))
    assert result.exit_code == 0
    for ident in ("serviceportal", "epayment", "aktenplan", "dms-eakte"):
        assert ident in result.stdout


def test_show_escapes_rich_markup_in_titles(runner: CliRunner, tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    measure = next((repo / "measures").glob("*.yaml"))
    text = measure.read_text("utf-8")
    title_line = next(line for line in text.splitlines() if line.startswith("title:"))
    measure.write_text(text.replace(title_line, 'title: "[bold]x[/] [/nope]"'), encoding="utf-8")
    result = invoke(runner, "plan", "show", str(repo))
    assert result.exit_code == 0, result.stderr
    assert "[bold]x[/] [/nope]" in result.stdout


def test_schema_command_writes_the_committed_schemas(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "schemas"
    result = invoke(runner, "schema", "-o", str(out))
    assert result.exit_code == 0
    files = schema_files()
    assert sorted(p.name for p in out.iterdir()) == sorted(files)
    for name, text in files.items():
        assert (out / name).read_text("utf-8") == text
