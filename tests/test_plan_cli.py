"""`egovkit plan build`, `egovkit plan show` and `egovkit schema` through the CLI."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PROJECT, make_repo, read_tree
from rich.cells import cell_len
from rich.text import Text
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
        "architecture.svg",
        "index.html",
        "organigram.svg",
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
    names = sorted(p.name for p in out.iterdir())
    assert names == [MARKER, "architecture.svg", "organigram.svg", "plan.md"]


def test_unknown_format_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    result = invoke(runner, "plan", "build", str(BG), "-o", str(tmp_path / "o"), "-f", "docx")
    assert result.exit_code == 2 and "unknown format docx" in result.stderr
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


# ---------------------------------------------------------------- plan show in a terminal

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
TODAY = "2024-06-30"  # both examples have deadlines overdue, met and met late by then


def _terminal_env(**extra: str) -> dict[str, str]:
    env = {"PATH": "/usr/bin:/bin", "PYTHONIOENCODING": "utf-8", "TERM": "xterm"}
    return {**env, **extra}


def _in_terminal(args: list[str], columns: int, env: dict[str, str]) -> str:
    """stdout of ``python -m egovkit args`` on a pseudo-terminal ``columns`` wide."""
    import fcntl
    import os
    import pty
    import struct
    import termios

    controller, terminal = pty.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    with open(os.devnull, "wb") as devnull:  # findings on stderr: not the table's concern
        proc = subprocess.Popen(
            [sys.executable, "-m", "egovkit", *args],
            stdin=terminal,
            stdout=terminal,
            stderr=devnull,
            cwd=PROJECT,
            env=env,
        )
    os.close(terminal)
    chunks = []
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(controller)
    assert proc.wait(timeout=60) == 0
    return ANSI.sub("", b"".join(chunks).decode("utf-8")).replace("\r\n", "\n")


def _piped(args: list[str], env: dict[str, str]) -> str:
    proc = subprocess.run(
        [sys.executable, "-m", "egovkit", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=PROJECT,
        env=env,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def _titles(repo: Path) -> dict[str, str]:
    plan = json.loads(CliRunner().invoke(app, ["plan", "show", str(repo), "-f", "json"]).stdout)
    return {m["id"]: m["title"] for m in plan["measures"]}


def _title_column(out: str) -> str:
    """The text of the title column (``measure``), all rows, without any whitespace."""
    lines = out.splitlines()
    header = next(line for line in lines if " measure " in line and " status " in line)
    left, right = header.index(" measure ") + 1, header.index(" status ")
    below = lines[lines.index(header) + 2 :]
    return "".join("".join(line[left:right].split()) for line in below)


def _assert_fits(out: str, width: int, repo: Path) -> None:
    too_long = [line for line in out.splitlines() if cell_len(line) > width]
    assert not too_long, too_long
    column = _title_column(out)
    for ident, title in _titles(repo).items():
        assert "".join(title.split()) in column, title  # whole, maybe wrapped or folded
        assert ident in column


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
@pytest.mark.parametrize("repo", [METTMANN, BG], ids=["mettmann", "bergisch-gladbach"])
@pytest.mark.parametrize("columns_env", [True, False], ids=["COLUMNS", "window-size"])
def test_show_fits_an_80_column_terminal(repo: Path, columns_env: bool) -> None:
    env = _terminal_env(**({"COLUMNS": "80"} if columns_env else {}))
    out = _in_terminal(["plan", "show", str(repo), "--today", TODAY], 80, env)
    assert "\x1b" not in out
    _assert_fits(out, 80, repo)
    assert "critical path" in out and "wd: working days" in out


@pytest.mark.parametrize("columns", [80, 100, 132])
def test_show_piped_honours_columns(columns: int) -> None:
    out = _piped(
        ["plan", "show", str(METTMANN), "--today", TODAY], _terminal_env(COLUMNS=str(columns))
    )
    assert "\x1b" not in out  # no colour in a pipe
    _assert_fits(out, columns, METTMANN)
    assert max(cell_len(line) for line in out.splitlines()) == columns  # uses the room
    header = next(line for line in out.splitlines() if " measure " in line)
    assert ("start" in header.split()) == (columns >= 120)  # more columns when wide


def test_show_piped_without_columns_is_100_wide() -> None:
    out = _piped(["plan", "show", str(BG)], _terminal_env())
    assert max(cell_len(line) for line in out.splitlines()) == 100
    _assert_fits(out, 100, BG)


@pytest.mark.parametrize("columns", [40, 60])
def test_show_stacks_the_measures_in_a_narrow_terminal(runner: CliRunner, columns: int) -> None:
    result = runner.invoke(app, ["plan", "show", str(BG)], env={"COLUMNS": str(columns)})
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert max(cell_len(line) for line in lines) <= columns
    flat = "".join(result.stdout.split())
    for title in _titles(BG).values():
        assert "".join(title.split()) in flat
    assert "deadline: met late 837 wd" in " ".join(" ".join(lines).split())


def _wide(runner: CliRunner, *args: str) -> str:
    """``plan show`` 160 columns wide: a cell's words stay on one line."""
    result = runner.invoke(app, ["plan", "show", *args], env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.stderr
    return result.stdout


def _row_of(out: str, ident: str) -> str:
    """The lines of the row whose title column ends with ``ident``, joined."""
    blocks = re.split(r"\n\s*\n", out)  # a blank line between measures
    return " ".join(" ".join(b.split()) for b in blocks if re.search(rf"\b{ident}\b", b))


def test_show_names_each_measures_worst_deadline_and_its_slip(runner: CliRunner) -> None:
    out = _wide(runner, str(METTMANN), "--today", TODAY)
    # serviceportal: its own deadline 2022-03-31 (850 wd) is worse than OZG-1's (667 wd)
    row = _row_of(out, "serviceportal")
    assert "overdue 850 wd" in row and "2022-03-31 own" in row and "+1 more" in row
    assert "overdue 877 wd" in _row_of(out, "ozg-leistungen")
    assert "in progress" in _row_of(out, "isms") and "in_progress" not in out
    assert "late" not in out.replace("met late", "")  # the old word is gone
    assert "Stand" not in out and "30.06.2024" not in out
    assert out.startswith("Schedule of 19 measures, status date 2024-06-30")
    done = _wide(runner, str(BG), "--today", TODAY)
    assert "met late 837 wd" in _row_of(done, "e-zugang")
    assert re.search(r"\bmet serviceportal 2022-06-30 own", _row_of(done, "serviceportal"))


def test_verdict_words_with_working_days() -> None:
    from egovkit.cli.messages import Messages
    from egovkit.cli.schedule_table import verdict_text, worst_deadline
    from egovkit.plan.deadlines import DeadlineVerdict, Verdict

    day = dt.date(2025, 6, 30)
    words = {
        (Verdict.overdue, 1234): "overdue 1,234 wd",
        (Verdict.at_risk, 12): "at risk 12 wd",
        (Verdict.met_late, 3): "met late 3 wd",
        (Verdict.on_time, 0): "on time",
        (Verdict.met, 0): "met",
    }
    for (verdict, slip), text in words.items():
        markup = verdict_text(DeadlineVerdict("measure", day, verdict, slip), Messages())
        assert Text.from_markup(markup).plain == text
    german = verdict_text(DeadlineVerdict("X", day, Verdict.overdue, 1234), Messages("de"))
    assert Text.from_markup(german).plain == "überschritten 1.234 AT"

    class Measure:  # only what worst_deadline reads
        deadlines = (
            DeadlineVerdict("measure", day, Verdict.at_risk, 5),
            DeadlineVerdict("A", day, Verdict.overdue, 2),
            DeadlineVerdict("B", day, Verdict.overdue, 9),
        )

    assert worst_deadline(Measure()).source == "B"  # worst verdict, then most days late


def test_show_in_german_on_request(runner: CliRunner) -> None:
    out = _wide(runner, str(METTMANN), "--today", TODAY, "--lang", "de")
    assert out.startswith("Zeitplan mit 19 Maßnahmen, Stand 30.06.2024")
    row = _row_of(out, "serviceportal")
    assert "überschritten 850 AT" in row and "31.03.2022 eigene" in row and "+1 weitere" in row
    assert "in Umsetzung" in _row_of(out, "isms")
    assert "kritischer Pfad" in out and "2024-06-30" not in out


def test_cli_words_match_the_plan_documents() -> None:
    """The table and the plan documents use one vocabulary for statuses and verdicts."""
    from egovkit.cli.messages import Messages
    from egovkit.model import Status
    from egovkit.plan.deadlines import Verdict
    from egovkit.render.locale import Locale

    for lang in ("en", "de"):
        say, locale = Messages(lang), Locale.for_language(lang)
        for status in Status:
            assert say.status(status.value) == locale.status(status.value)
        for verdict in Verdict:
            key = f"verdict_{verdict.value}"
            assert say(key) == locale.labels[key]
        assert say.working_days(1234) == locale.working_days(1234)


def test_build_reports_in_english_with_iso_dates(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "o"
    result = invoke(runner, "plan", "build", str(BG), "-o", str(out), "--today", TODAY)
    assert result.exit_code == 0
    assert (
        f"Plan for 14 measures (2021-01-01 – 2026-04-16, status date 2024-06-30) written to "
        f"{out}/: architecture.svg, index.html, organigram.svg, plan.md"
    ) in " ".join(result.stderr.split())
    assert "Deadlines: 1 overdue, 1 at risk (see the plan)." in result.stderr
    assert "Stand" not in result.stderr
    assert not re.search(r"\d\d\.\d\d\.\d{4}", result.stderr)  # findings too: ISO dates
    german = invoke(runner, "plan", "build", str(BG), "-o", str(out), "--lang", "de")
    assert re.search(
        r"Plan mit 14 Maßnahmen \(01\.01\.2021 – \d\d\.\d\d\.\d{4}, Stand 31\.10\.2023\) "
        r"geschrieben nach .*: architecture\.svg, index\.html, organigram\.svg, plan\.md",
        " ".join(german.stderr.split()),
    )


def test_without_output_folder_the_plan_goes_beside_the_repository(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = make_repo(tmp_path / "strategie")
    monkeypatch.chdir(repo)  # `out` would lie inside the repository
    result = CliRunner().invoke(app, ["plan", "build", "."])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "strategie-plan" / "index.html").is_file()
    assert not (repo / "out").exists()
    monkeypatch.chdir(tmp_path)  # elsewhere: the usual `out`
    assert CliRunner().invoke(app, ["plan", "build", "strategie"]).exit_code == 0
    assert (tmp_path / "out" / "plan.md").is_file()


def test_a_broken_measure_file_is_not_reported_again_as_unknown(tmp_path: Path) -> None:
    repo = make_repo(
        tmp_path / "repo",
        {
            "measures/M1.yaml": "id: M1\ntitel: Tippfehler\nfield: F1\nduration: 1 months\n",
            "measures/M2.yaml": "id: M2\ntitle: B\nfield: F1\nduration: 1 months\n"
            "status: planned\ndepends_on: [M1]\nrelated: [M1]\n",
        },
    )
    result = CliRunner().invoke(app, ["check", str(repo), "--format", "json"])
    codes = {(f["path"], f["code"]) for f in json.loads(result.stdout)}
    assert {("measures/M1.yaml", "S001"), ("measures/M1.yaml", "S002")} <= codes
    assert not {code for _, code in codes} & {"R005", "R012"}  # M1 exists, just broken
