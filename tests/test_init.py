"""`egovkit init`: a new strategy repository that checks clean at once, builds, and meets
every legal deadline still ahead of its start, or says which it cannot.

Dates: the default start is today, so those runs check as of today; runs with an explicit
``--start`` check with ``--today`` the same day, so nothing depends on the day tests run.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from conftest import read_tree
from pre_commit.clientlib import load_config
from typer.testing import CliRunner

from egovkit.cli import app
from egovkit.diagnostics.record import Severity
from egovkit.edit.scaffold import horizon_end
from egovkit.load.catalog import builtin_catalog
from egovkit.load.yaml import parse
from egovkit.pipeline import check

FILES = {
    "strategy.yaml",
    "organization.yaml",
    "README.md",
    ".gitignore",
    ".pre-commit-config.yaml",
    ".github/workflows/egovkit.yml",
    ".gitlab-ci.yml",
    "schemas/strategy.schema.json",
    "schemas/measure.schema.json",
}
NW_REQUIRED = {
    "datenschutz-org", "website-barrierefrei", "e-zugang", "servicekonto", "serviceportal",
    "epayment", "ozg-leistungen", "sdg-verfahren", "e-rechnung", "registermodernisierung",
}  # fmt: skip


def init(runner: CliRunner, target: Path, *options: str):
    return runner.invoke(app, ["init", str(target), *options])


def _yaml(path: Path) -> dict:
    return parse(path.read_text("utf-8"), path.name)[0]


def _problems(root: Path, today: dt.date | None = None) -> list:
    """Warnings and errors of the repository (notes, info, are allowed)."""
    result = check(root, today=today, cache=False)
    return [d for d in result.diagnostics if d.severity is not Severity.info]


@pytest.fixture(scope="module")
def musterstadt(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("init") / "musterstadt"
    result = init(
        CliRunner(), root, "--municipality", "Gemeinde Musterstadt", "--state", "NW",
        "--with-catalog",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return root


def test_init_with_the_catalog_checks_clean_and_builds(
    musterstadt: Path, runner: CliRunner, tmp_path: Path
) -> None:
    files = set(read_tree(musterstadt))
    assert files >= FILES
    measures = {Path(f).stem for f in files if f.startswith("measures/")}
    assert measures >= NW_REQUIRED
    entries = builtin_catalog().by_id()
    for ident in measures:  # every prerequisite of a measure is in the plan too
        assert set(entries[ident].prerequisites) <= measures, ident
    assert _problems(musterstadt) == []
    checked = runner.invoke(app, ["check", str(musterstadt)])
    assert checked.exit_code == 0, checked.output
    built = runner.invoke(app, ["plan", "build", str(musterstadt), "-o", str(tmp_path / "out")])
    assert built.exit_code == 0, built.output
    assert (tmp_path / "out" / "index.html").is_file()


def test_the_strategy_is_real_and_complete(musterstadt: Path) -> None:
    strategy = _yaml(musterstadt / "strategy.yaml")
    today = dt.date.today()
    assert strategy["municipality"] == {"name": "Gemeinde Musterstadt", "kind": "stadt",
                                        "state": "NW"}  # fmt: skip
    assert strategy["title"] == "E-Government-Strategie Gemeinde Musterstadt"
    assert strategy["horizon"] == {"start": today, "end": horizon_end(today)}
    assert strategy["planning"]["start"] == today and strategy["planning"]["language"] == "de"
    leitbild = strategy["leitbild"]
    assert (
        "TODO" not in leitbild and len(leitbild.split()) > 60 and "Gemeinde Musterstadt" in leitbild
    )
    titles = builtin_catalog().field_by_id()
    for f in strategy["fields"]:
        assert f["title"] == titles[f["id"]].title
        assert [g["title"] for g in f["goals"]] == [titles[f["id"]].goal]
    measure = _yaml(musterstadt / "measures/serviceportal.yaml")
    assert measure["from_catalog"] == "serviceportal" and measure["obligation"] == "required"
    assert measure["depends_on"] == ["servicekonto", "website-barrierefrei"]
    assert measure["goals"] == ["ziel-services"] and "BAYDIG-19" not in measure["legal"]
    # required, and the law sets no deadline: the horizon's end is the strategy's own target
    assert _yaml(musterstadt / "measures/servicekonto.yaml")["deadline"] == horizon_end(today)
    organization = _yaml(musterstadt / "organization.yaml")
    assert [b["kind"] for b in organization["bodies"]] == ["council", "steering"]
    assert organization["units"][0]["effort_capacity"] > 0
    readme = (musterstadt / "README.md").read_text("utf-8")
    for command in ("egovkit check", "egovkit plan build", "egovkit status set",
                    "egovkit report status", "egovkit measure new"):  # fmt: skip
        assert command in readme


def test_the_ci_and_hook_files_use_egovkits_formats(musterstadt: Path) -> None:
    github = (musterstadt / ".github/workflows/egovkit.yml").read_text("utf-8")
    assert "egovkit check . --format github" in github
    gitlab = _yaml(musterstadt / ".gitlab-ci.yml")["egovkit"]
    assert "egovkit check . --format gitlab > gl-code-quality-report.json" in gitlab["script"]
    assert gitlab["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    config = load_config(str(musterstadt / ".pre-commit-config.yaml"))
    hook = config["repos"][0]["hooks"][0]
    assert hook["id"] == "egovkit-check" and hook["entry"] == "egovkit check"
    assert hook["pass_filenames"] is False and re.search(hook["files"], "measures/isms.yaml")


def test_legal_deadlines_ahead_of_the_start_are_met(runner: CliRunner, tmp_path: Path) -> None:
    start = dt.date(2019, 1, 7)
    root = tmp_path / "frueh"
    made = init(runner, root, "--municipality", "Stadt Früh", "--state", "NW",
                "--with-catalog", "--start", "07.01.2019")  # fmt: skip
    assert made.exit_code == 0, made.output
    assert "shortest catalog duration" in made.output  # the OZG chain was tightened
    assert _problems(root, today=start) == []
    plan = runner.invoke(
        app, ["plan", "show", str(root), "--today", start.isoformat(), "--format", "json"]
    )
    ahead = [
        (m["id"], d)
        for m in json.loads(plan.output)["measures"]
        for d in m["deadlines"]
        if dt.date.fromisoformat(d["date"]) >= start
    ]
    assert len(ahead) >= 6
    assert all(d["verdict"] == "on_time" for _, d in ahead), ahead


def test_a_deadline_that_cannot_be_met_is_reported(runner: CliRunner, tmp_path: Path) -> None:
    root = tmp_path / "spaet"
    made = init(runner, root, "--municipality", "Stadt Spät", "--state", "NW",
                "--with-catalog", "--start", "2020-03-02")  # fmt: skip
    assert made.exit_code == 0, made.output
    assert "e-rechnung misses a deadline" in made.output
    found = _problems(root, today=dt.date(2020, 3, 2))
    assert {(Path(d.location.path).stem, d.code) for d in found} == {("e-rechnung", "D001")}
    plan = check(root, today=dt.date(2020, 3, 2)).plan
    verdicts = {d.source: d.verdict.value for d in plan.by_id()["e-rechnung"].deadlines}
    assert verdicts == {"EGOVG-NRW-7A": "at_risk", "EU-2014-55": "at_risk"}


@pytest.mark.parametrize("state", ["BY", "BW", "SN"])
def test_init_in_other_laender_checks_clean(runner: CliRunner, tmp_path: Path, state: str) -> None:
    root = tmp_path / state
    made = init(runner, root, "--municipality", "Markt Beispiel", "--state", state,
                "--kind", "gemeinde", "--with-catalog")  # fmt: skip
    assert made.exit_code == 0, made.output
    assert _problems(root) == []
    for rel in read_tree(root):
        if rel.startswith("measures/"):  # no Land law of NRW outside NRW
            assert not [i for i in _yaml(root / rel).get("legal", []) if "NRW" in i], rel


def test_init_without_the_catalog_and_for_a_kreis(runner: CliRunner, tmp_path: Path) -> None:
    root = tmp_path / "kreis"
    made = init(runner, root, "--municipality", 'Kreis "Nord": Land', "--state", "SH",
                "--kind", "kreis")  # fmt: skip
    assert made.exit_code == 0, made.output
    assert not (root / "measures").exists()
    assert _problems(root) == []
    strategy = _yaml(root / "strategy.yaml")
    assert strategy["municipality"]["name"] == 'Kreis "Nord": Land'
    assert len(strategy["fields"]) == len(builtin_catalog().fields)
    assert _yaml(root / "organization.yaml")["bodies"][0]["name"] == "Kreistag"


def test_init_refuses_a_folder_that_is_not_empty(runner: CliRunner, tmp_path: Path) -> None:
    root = tmp_path / "voll"
    root.mkdir()
    (root / "notizen.txt").write_text("meins", "utf-8")
    before = read_tree(root)
    refused = init(runner, root, "--municipality", "Stadt X", "--state", "NW")
    assert refused.exit_code == 2 and "not empty" in refused.output
    assert read_tree(root) == before
    file = tmp_path / "datei"
    file.write_text("x", "utf-8")
    assert init(runner, file, "--municipality", "Stadt X", "--state", "NW").exit_code == 2
    for options in (["--start", "2019-02-30"], ["--municipality", "A\x1b[2Jb"], ["--state", "XX"]):
        args = ["--municipality", "Stadt X", "--state", "NW", *options]
        bad = init(runner, tmp_path / "neu", *args)
        assert bad.exit_code == 2, (options, bad.output)
        assert "Traceback" not in bad.output
    assert not (tmp_path / "neu").exists()


def test_force_adds_what_is_missing_and_keeps_every_existing_file(
    runner: CliRunner, tmp_path: Path
) -> None:
    root = tmp_path / "repo"
    args = ["--municipality", "Stadt X", "--state", "NW", "--with-catalog"]
    assert init(runner, root, *args).exit_code == 0
    first = read_tree(root)
    again = init(runner, root, *args)
    assert again.exit_code == 2 and read_tree(root) == first  # refused, unchanged
    (root / "README.md").write_text("# Unsere eigene Beschreibung\n", "utf-8")
    (root / "notizen.txt").write_text("meins", "utf-8")
    (root / "measures/isms.yaml").unlink()
    forced = init(runner, root, *args, "--force")
    assert forced.exit_code == 0, forced.output
    after = read_tree(root)
    assert after["README.md"] == b"# Unsere eigene Beschreibung\n"
    assert after["notizen.txt"] == b"meins"
    assert after["measures/isms.yaml"] == first["measures/isms.yaml"]
    assert "kept: README.md" in forced.output
    assert init(runner, root, *args, "--force").exit_code == 0  # idempotent
    assert read_tree(root) == after
