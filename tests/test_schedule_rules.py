"""D001 deadline-missed and D002 beyond-horizon, through `egovkit check` on small repos."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from conftest import measure_yaml, strategy_yaml, write_tree

from egovkit.cli import main
from egovkit.diagnostics.codes import RULES
from egovkit.diagnostics.record import Location, Severity
from egovkit.pipeline import check

LOCAL_LAW = {
    "id": "LOCAL-1",
    "title": "Satzung § 1",
    "requires": "Etwas bis Mitte Januar.",
    "obligation": "required",
    "deadline": "2024-01-10",
    "source": "https://example.org/satzung",
    "as_of": "2024-01-01",
}


def write_repo(root: Path, measures: dict[str, str], horizon_end: str = "2026-12-31") -> Path:
    """A small strategy repository; each measure is YAML text without id/title/field."""
    strategy = strategy_yaml(
        horizon_end=dt.date.fromisoformat(horizon_end),
        legal=[LOCAL_LAW],
        status_date="2024-01-08",
    )
    files = {f"measures/{i}.yaml": measure_yaml(i, body) for i, body in measures.items()}
    return write_tree(root, {"strategy.yaml": strategy, **files})


def d_findings(root: Path, today: dt.date | None = None):
    return [d for d in check(root, today=today).diagnostics if d.code.startswith("D")]


def test_clean_schedule_has_no_findings(tmp_path):
    root = write_repo(tmp_path, {"A": "duration: 2 days\ndeadline: 2024-01-31\n"})
    result = check(root)
    assert result.diagnostics == []


def test_own_deadline_missed_is_a_warning_for_a_voluntary_measure(tmp_path):
    root = write_repo(
        tmp_path,
        {
            "A": "duration: 10 days\n",
            "B": "duration: 10 days\ndepends_on: [A]\ndeadline: 2024-01-20\n",
        },
    )
    [found] = d_findings(root)
    assert found.code == "D001" and found.severity is Severity.warning
    assert found.location == Location("measures/B.yaml", 6, 11)  # the deadline value
    assert found.message == (
        "scheduled finish 2024-02-02 is 10 working days after the deadline 2024-01-20 "
        "(set by its own deadline); driving chain: A → B"
    )
    assert RULES[found.code].name == "deadline-missed"


def test_legal_deadline_missed_is_an_error_for_a_required_measure(tmp_path):
    root = write_repo(
        tmp_path,
        {"C": "duration: 1 week\nobligation: required\nlegal:\n  - OZG-3\n  - LOCAL-1\n"},
    )
    [found] = d_findings(root)
    assert found.code == "D001" and found.severity is Severity.error
    assert found.location == Location("measures/C.yaml", 8, 5)  # the legal entry LOCAL-1
    assert "scheduled finish 2024-01-12 is 2 working days after the deadline 2024-01-10" in (
        found.message
    )
    assert "(set by LOCAL-1)" in found.message
    assert check(root).failed()


def test_capacity_wait_is_named(tmp_path):
    root = write_repo(
        tmp_path,
        {
            "A": "duration: 5 days\nowner: IT\nobligation: standard\n",
            "B": "duration: 1 days\nowner: IT\ndeadline: 2024-01-12\n",
        },
    )
    (root / "organization.yaml").write_text(
        "units:\n  - id: IT\n    name: IT-Abteilung\n    capacity: 1\n", "utf-8"
    )
    [found] = d_findings(root)
    assert found.message.endswith(
        "driving chain: B; 'B' waits 5 working days for capacity of unit 'IT'"
    )


def test_today_moves_the_schedule(tmp_path):
    root = write_repo(tmp_path, {"A": "duration: 2 days\ndeadline: 2024-03-01\n"})
    assert d_findings(root) == []
    [found] = d_findings(root, today=dt.date(2024, 3, 1))  # Friday: A ends Monday 4 Mar
    assert found.code == "D001"
    assert found.message.startswith(
        "scheduled finish 2024-03-04 is 1 working day after the deadline 2024-03-01"
    )


def test_beyond_horizon(tmp_path):
    root = write_repo(
        tmp_path, {"A": "duration: 2 months\n", "B": "duration: 1 days\n"}, "2024-02-29"
    )
    [found] = d_findings(root)
    assert found.code == "D002" and found.severity is Severity.warning
    assert found.location == Location("measures/A.yaml", 1, 5)
    assert found.message.startswith(
        "scheduled finish 2024-03-05 is after the end of the strategy horizon 2024-02-29"
    )
    assert not check(root).failed() and check(root).failed(strict=True)


def test_done_measures_are_not_reported(tmp_path):
    root = write_repo(
        tmp_path,
        {
            "A": "duration: 5 days\ndeadline: 2024-01-09\nstatus: done\nprogress: 100\n"
            "started: 2024-01-08\nfinished: 2024-03-29\n",
        },
        "2024-02-29",
    )
    assert d_findings(root) == []


def test_no_schedule_findings_when_there_are_errors(tmp_path):
    root = write_repo(
        tmp_path,
        {
            "A": "duration: 10 days\ndeadline: 2024-01-09\n",
            "B": "duration: 1 days\ndepends_on: [NOPE]\n",
        },
    )
    codes = [d.code for d in check(root).diagnostics]
    assert codes == ["R005"]


def test_warnings_do_not_stop_schedule_findings(tmp_path):
    root = write_repo(tmp_path, {"A": "duration: 10 days\ndeadline: 2024-01-09\n"})
    strategy = strategy_yaml(
        legal=[LOCAL_LAW], status_date="2024-01-08", goals=[{"id": "G", "title": "Ziel"}]
    )
    write_tree(root, {"strategy.yaml": strategy})  # a goal no measure serves: C003 warning
    codes = sorted(d.code for d in check(root).diagnostics)
    assert codes == ["C003", "D001"]


def test_cli_today_option(tmp_path, capsys):
    root = write_repo(tmp_path, {"A": "duration: 2 days\nobligation: required\nlegal: [LOCAL-1]\n"})

    def run(*args: str) -> tuple[int, str]:
        try:
            main(["check", str(root), "--format", "json", *args])
        except SystemExit as exc:
            return int(exc.code or 0), capsys.readouterr().out
        return 0, capsys.readouterr().out

    assert run() == (0, "[]\n")  # status date 8 Jan: A finishes Tue 9 Jan
    assert run("--today", "2024-01-09") == (0, "[]\n")  # finishes on the deadline
    code, out = run("--today", "2024-01-10")
    assert code == 1
    assert '"code": "D001"' in out
    assert "scheduled finish 2024-01-11 is 1 working day after the deadline 2024-01-10" in out
