"""Assessments: scores against hand-computed cases, kappa against textbook values,
recommendations that name their rule and values, --apply, and the krz-verband portfolio."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import PROJECT, make_repo
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from egovkit.assess.agree import kappa
from egovkit.assess.questionnaire import builtin
from egovkit.assess.score import category_scores, group_figures, normalize, overall, rank
from egovkit.cli import app
from egovkit.model.assessment import Assessment, Questionnaire

KRZ = PROJECT / "examples" / "krz-verband"


def _q(aggregation: str = "mean") -> Questionnaire:
    return Questionnaire.model_validate(
        {
            "id": "t",
            "title": "Test",
            "version": "1",
            "categories": [{"id": "c", "title": "C", "view": "inside", "aggregation": aggregation}],
            "questions": [
                {"id": "lv", "category": "c", "text": "L", "weight": 2,
                 "scale": {"kind": "levels", "levels": ["a", "b", "c", "d", "e"]}},
                {"id": "yn", "category": "c", "text": "Y", "scale": {"kind": "yesno"}},
                {"id": "nu", "category": "c", "text": "N", "required": False,
                 "scale": {"kind": "number", "min": 0, "max": 20, "higher_is_better": False}},
            ],
        }
    )  # fmt: skip


def _a(**answers) -> Assessment:
    return Assessment.model_validate(
        {"date": "2024-05-01", "view": "inside", "assessor": "X", "answers": answers}
    )


def test_weighted_mean_minimum_and_a_missing_optional_answer() -> None:
    # lv "d" = 75, yn false = 0, nu 5 of 0..20 (lower is better) = 75
    mean = category_scores(_q(), _a(lv="d", yn=False, nu=5))[0]
    assert mean.score == pytest.approx((2 * 75 + 0 + 75) / 4)
    assert (mean.answered, mean.questions) == (3, 3)
    without = category_scores(_q(), _a(lv="d", yn=True))[0]  # nu optional, unanswered
    assert without.score == pytest.approx((2 * 75 + 100) / 3) and without.answered == 2
    minimum = category_scores(_q("minimum"), _a(lv=3, yn=True, nu=5))[0]  # level by position
    assert minimum.score == 75
    assert category_scores(_q(), _a())[0].score is None  # nothing answered: no score, not 0
    assert overall([mean, without]) == pytest.approx((56.25 + 250 / 3) / 2)


def test_peer_normalisation_ranks_and_group_figures() -> None:
    values = {"A": 20.0, "B": 60.0, "C": 40.0}
    assert normalize(values) == {"A": 0.0, "B": 100.0, "C": 50.0}
    assert normalize({"A": 5.0, "B": 5.0}) == {"A": 100.0, "B": 100.0}
    assert rank(values, "C") == (2, pytest.approx(200 / 3))
    fig = group_figures(list(values.values()))
    assert (fig.mean, fig.median, fig.low, fig.high) == (40, 40, 20, 60)


def test_kappa_against_textbook_values() -> None:
    # Cohen (1960)-style 2x2 example: 50 items, agreement on 20 "yes" and 15 "no"
    pairs = [(1, 1)] * 20 + [(1, 0)] * 5 + [(0, 1)] * 10 + [(0, 0)] * 15
    assert kappa(pairs, 2) == pytest.approx(0.4)  # p_o = 0.7, p_e = 0.5
    # perfect agreement, and agreement no better than chance
    assert kappa([(0, 0), (1, 1), (2, 2)], 3) == pytest.approx(1.0)
    assert kappa([(0, 1), (1, 0)], 2) == pytest.approx(-1.0)
    # quadratic weights: a near miss on an ordinal scale counts as partial agreement
    near = [(0, 1), (1, 2), (2, 2), (0, 0)]
    assert kappa(near, 3, weighted=True) > kappa(near, 3)
    assert kappa([(1, 1), (1, 1)], 3) is None  # chance agreement is total


def test_score_reports_agreement_of_two_assessors_and_change(tmp_path: Path) -> None:
    runner = CliRunner()
    two = runner.invoke(app, ["assess", "score", str(KRZ / "members" / "bruckhagen"), "-f", "json"])
    assert two.exit_code == 0, two.output
    inside = next(v for v in json.loads(two.stdout) if v["view"] == "inside")
    assert inside["assessor"] == "krz / IVM² (konsolidiert)"  # the consolidated set scores
    assert len(inside["assessors"]) == 2 and len(inside["agreement"]) == 6
    assert all(0 <= a["percent"] <= 100 for a in inside["agreement"])
    assert any(a["disagree"] for a in inside["agreement"])
    earlier = runner.invoke(
        app, ["assess", "score", str(KRZ / "members" / "ahlen-nord"), "-f", "json"]
    )
    inside = next(v for v in json.loads(earlier.stdout) if v["view"] == "inside")
    assert inside["previous_date"] == "2022-03-15" and inside["change"]


def test_recommendations_name_rule_and_values_and_apply_is_idempotent(tmp_path: Path) -> None:
    repo = tmp_path / "grevenbach"
    shutil.copytree(KRZ / "members" / "grevenbach", repo)
    runner = CliRunner()
    listed = runner.invoke(app, ["assess", "recommend", str(repo), "-f", "json"])
    recs = json.loads(listed.stdout)
    assert 11 <= len(recs) <= 20
    for r in recs:
        assert r["rule"] and r["measure"] and r["rationale"] and r["values"]
        assert any(k.startswith(("category:", "question:", "overall:")) for k in r["values"])
    applied = runner.invoke(app, ["assess", "recommend", str(repo), "--apply"])
    assert applied.exit_code == 0, applied.output
    added = sorted(p.stem for p in (repo / "measures").glob("*.yaml"))
    assert {r["measure"] for r in recs} <= set(added)
    check = runner.invoke(app, ["check", str(repo), "--format", "json"])
    assert [f for f in json.loads(check.stdout) if f["severity"] == "error"] == []
    before = {p.name: p.read_bytes() for p in (repo / "measures").glob("*.yaml")}
    again = runner.invoke(app, ["assess", "recommend", str(repo), "--apply"])
    assert again.exit_code == 0 and "added 0 measure" in again.stderr
    assert {p.name: p.read_bytes() for p in (repo / "measures").glob("*.yaml")} == before
    dms = (repo / "measures" / "dms-eakte.yaml").read_text("utf-8")
    assert "depends_on:" in dms and "aktenplan" in dms  # its prerequisite, added before it


def test_bad_assessment_input_is_a_finding_never_a_traceback(tmp_path: Path) -> None:
    repo = make_repo(
        tmp_path / "repo",
        {"assessments/2024-05-01-inside.yaml": "date: 2024-05-01\nview: sideways\nassessor: [x\n"},
    )
    result = CliRunner().invoke(app, ["check", str(repo), "--format", "json"])
    codes = {f["code"] for f in json.loads(result.stdout)}
    assert ("Y001" in codes and result.exception is None) or isinstance(
        result.exception, SystemExit
    )
    (repo / "assessments" / "2024-05-01-inside.yaml").write_text(
        "date: 2024-05-01\nview: sideways\nassessor: x\n", "utf-8"
    )
    again = json.loads(CliRunner().invoke(app, ["check", str(repo), "--format", "json"]).stdout)
    assert [(f["code"], f["line"]) for f in again] == [("S003", 2)]


def test_portfolio_check_and_report_in_german_and_english(tmp_path: Path) -> None:
    runner = CliRunner()
    checked = runner.invoke(app, ["portfolio", "check", str(KRZ)])
    assert checked.exit_code == 0, checked.output
    assert checked.stdout.count("\nok  ") + checked.stdout.startswith("ok  ") == 13
    report = runner.invoke(app, ["portfolio", "report", str(KRZ), "-o", str(tmp_path / "de")])
    assert report.exit_code == 0, report.output
    md = (tmp_path / "de" / "portfolio.md").read_text("utf-8")
    assert "## Gemeinsame Empfehlungen (Verbundprojekte)" in md
    assert "## Beratung für Mitglieder ohne Bestandsaufnahme" in md and "Gemeinde Isselhorst" in md
    html = (tmp_path / "de" / "portfolio.html").read_text("utf-8")
    assert '<html lang="de"' in html and "Welches Mitglied plant welche Maßnahme" in html
    english = runner.invoke(
        app, ["portfolio", "report", str(KRZ), "-o", str(tmp_path / "en"), "--lang", "en"]
    )
    assert english.exit_code == 0
    assert "## Collective recommendations" in (tmp_path / "en" / "portfolio.md").read_text("utf-8")


def test_questionnaire_form_lists_every_question() -> None:
    q = builtin()
    result = CliRunner().invoke(app, ["assess", "questionnaire", "-o", "/dev/null/x"])
    assert result.exit_code != 0  # an output folder that cannot exist: an error, no traceback
    assert "Traceback" not in result.output
    assert len(q.questions) >= 30 and {c.view.value for c in q.categories} == {"inside", "outside"}
    assert sum(c.view.value == "outside" for c in q.categories) == 5
    assert sum(c.view.value == "inside" for c in q.categories) == 6


def test_questionnaire_form_renders(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["assess", "questionnaire", "-o", str(tmp_path), "--lang", "en"]
    )
    assert result.exit_code == 0, result.output
    html = (tmp_path / "questionnaire.html").read_text("utf-8")
    for q in builtin().questions:
        assert f'id="q-{q.id}"' in html
    assert '<html lang="en"' in html and 'lang="de"' in html  # German questions, marked


def test_score_against_a_reference_file_and_a_portfolio(tmp_path: Path) -> None:
    reference = tmp_path / "reference.yaml"
    reference.write_text("inside:\n  organisation: [10, 20, 90]\n", "utf-8")
    member = str(KRZ / "members" / "bruckhagen")  # organisation 33.3 (consolidated)
    runner = CliRunner()
    data = json.loads(
        runner.invoke(
            app, ["assess", "score", member, "--group", str(reference), "-f", "json"]
        ).stdout
    )
    org = next(
        c
        for v in data
        if v["view"] == "inside"
        for c in v["categories"]
        if c["category"] == "organisation"
    )
    assert org["group"] == {
        "n": 3, "mean": 40.0, "median": 20.0, "min": 10.0, "max": 90.0, "rank": 2,
        "percentile": pytest.approx(200 / 3),
    }  # fmt: skip
    group = json.loads(
        runner.invoke(app, ["assess", "score", member, "--group", str(KRZ), "-f", "json"]).stdout
    )
    inside = next(v for v in group if v["view"] == "inside")
    assert all(c["group"]["n"] == 9 for c in inside["categories"])  # 8 towns and the data centre
    bad = tmp_path / "bad.yaml"
    bad.write_text("inside:\n  organisation: [120]\n", "utf-8")
    refused = runner.invoke(app, ["assess", "score", member, "--group", str(bad)])
    assert refused.exit_code == 2 and "scores from 0 to 100" in refused.stderr


def test_a_portfolio_never_reads_members_outside_itself(tmp_path: Path) -> None:
    outside = make_repo(tmp_path / "outside")
    portfolio = tmp_path / "portfolio"
    portfolio.mkdir()
    shutil.copytree(KRZ / "members" / "celling", portfolio / "celling")
    (portfolio / "elsewhere").symlink_to(outside, target_is_directory=True)
    runner = CliRunner()
    found = runner.invoke(app, ["portfolio", "check", str(portfolio)])
    assert "celling" in found.stdout and "elsewhere" not in found.stdout
    (portfolio / "portfolio.yaml").symlink_to("/etc/passwd")
    refused = runner.invoke(app, ["portfolio", "check", str(portfolio)])
    assert refused.exit_code == 2 and "portfolio.yaml" in refused.stderr
    (portfolio / "portfolio.yaml").unlink()
    (portfolio / "portfolio.yaml").write_text("members:\n  - {path: celling}\n  - {path: celling\n")
    broken = runner.invoke(app, ["portfolio", "check", str(portfolio)])
    assert broken.exit_code == 2 and "portfolio.yaml:" in broken.stderr
    assert "Traceback" not in broken.output and "internal error" not in broken.output


def test_recommend_on_an_unusable_repository_reports_its_findings(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(KRZ / "members" / "grevenbach", repo)
    (repo / "strategy.yaml").write_text("municipality: [\n", "utf-8")
    result = CliRunner().invoke(app, ["assess", "recommend", str(repo), "--apply"])
    assert result.exit_code == 1 and "Y001" in result.output
    assert "internal error" not in result.output
    assert sorted(p.name for p in (repo / "measures").iterdir()) == ["steuerung.yaml"]


def test_hostile_names_stay_text_in_the_portfolio_report(tmp_path: Path) -> None:
    evil = "<script>alert(1)</script> | **x** [l](javascript:alert(1))"
    portfolio = tmp_path / "p"
    shutil.copytree(KRZ / "members" / "celling", portfolio / "celling")
    strategy = portfolio / "celling" / "strategy.yaml"
    strategy.write_text(
        strategy.read_text("utf-8").replace("name: Gemeinde Celling", f"name: {json.dumps(evil)}"),
        "utf-8",
    )
    assessment = next((portfolio / "celling" / "assessments").glob("*inside.yaml"))
    assessment.write_text(
        re.sub(
            r"^assessor: .*$",
            f"assessor: {json.dumps(evil)}",
            assessment.read_text("utf-8"),
            flags=re.M,
        ),
        "utf-8",
    )
    (portfolio / "portfolio.yaml").write_text(
        f"title: {json.dumps(evil)}\nmembers:\n  - {{path: celling}}\n"
    )
    result = CliRunner().invoke(
        app, ["portfolio", "report", str(portfolio), "-o", str(tmp_path / "o")]
    )
    assert result.exit_code == 0, result.output
    html = (tmp_path / "o" / "portfolio.html").read_text("utf-8")
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    rendered = MarkdownIt("commonmark").render((tmp_path / "o" / "portfolio.md").read_text("utf-8"))
    assert "<script" not in rendered and 'href="javascript' not in rendered
    score = CliRunner().invoke(app, ["assess", "score", str(portfolio / "celling")])
    assert "\x1b" not in score.stdout
