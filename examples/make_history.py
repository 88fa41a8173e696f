"""Build a git history for the Bergisch Gladbach example: a demo of status reports, plan
diffs and baselines (README, "Status in git"; tests/test_history.py).

    python examples/make_history.py /tmp/bg-history
    egovkit report status /tmp/bg-history --since beschluss-2021 -o /tmp/bg-report

The history starts with the strategy as adopted (every measure planned, tagged
``beschluss-2021``) and follows the example's published Sachstand quarter by quarter with
``egovkit status set``, ``egovkit log add`` and ``egovkit measure new``: the DMS log from the
seed (EU tender from June 2022, award in December 2022, kickoff and servers for about 400
users in Q1 2023, the housing-benefit office as fourth pilot, go-live planned for Q4 2023),
a measure that slips, a new measure, and the online-services count growing to 25 of 152 by
October 2023. ``CHANGES`` lists what each commit does, for the tests.

Dates of measures and log entries follow the example (public, see its README); the dates
of the commits are illustrative.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parent / "bergisch-gladbach"
EGOVKIT = [str(Path(sys.executable).with_name("egovkit"))]
if not Path(EGOVKIT[0]).exists():
    EGOVKIT = [sys.executable, "-m", "egovkit"]

#: (commit date, subject, [(command, args…)]); "status" → egovkit status set, "log" → egovkit
#: log add, "new" → egovkit measure new, "text" → an edit the commands do not cover.
CHANGES: list[tuple[str, str, list[tuple[str, ...]]]] = [
    (
        "2021-04-30",
        "Sachstand 1. Quartal 2021",
        [
            ("status", "steuerung", "in_progress", "2021-01-04", ""),
            ("status", "steuerung", "done", "2021-04-30", "Lenkungskreis und Projektbüro arbeiten"),
            ("status", "e-zugang", "in_progress", "2021-01-04", ""),
            (
                "status",
                "e-zugang",
                "done",
                "2021-04-30",
                "E-Mail-Zugang und Kontaktformulare eröffnet",
            ),
            ("status", "website", "in_progress", "2021-01-04", ""),
            ("status", "it-infrastruktur", "in_progress", "2021-01-04", ""),
            ("status", "aktenplan", "in_progress", "2021-03-01", ""),
        ],
    ),
    (
        "2021-09-30",
        "Sachstand 3. Quartal 2021",
        [
            ("status", "website", "done", "2021-09-30", "Barrierefreier Internetauftritt online"),
            ("status", "serviceportal", "in_progress", "2021-05-03", ""),
            ("status", "e-rechnung", "in_progress", "2021-05-03", ""),
            ("status", "prozessmanagement", "in_progress", "2021-05-03", ""),
            ("status", "qualifizierung", "in_progress", "2021-05-03", ""),
        ],
    ),
    (
        "2022-06-15",
        "Sachstand 2. Quartal 2022",
        [
            ("status", "e-rechnung", "done", "2022-01-31", "XRechnung-Empfang im Workflow"),
            ("status", "serviceportal", "done", "2022-03-31", ""),
            ("status", "aktenplan", "done", "2022-05-31", ""),
            ("status", "it-infrastruktur", "done", "2022-05-31", ""),
            ("status", "epayment", "in_progress", "2022-04-01", ""),
            (
                "status",
                "dms-eakte",
                "in_progress",
                "2022-06-01",
                "Mehrstufiges EU-Vergabeverfahren gestartet",
            ),
        ],
    ),
    (
        "2022-12-05",
        "DMS: Zuschlag erteilt",
        [
            ("log", "dms-eakte", "2022-12-05", "Zuschlag im EU-Vergabeverfahren erteilt"),
            ("status", "epayment", "done", "2022-11-30", ""),
            ("status", "online-dienste", "in_progress", "2022-12-01", ""),
            ("status", "posteingang", "in_progress", "2022-09-01", ""),
        ],
    ),
    (
        "2023-03-31",
        "Sachstand 1. Quartal 2023",
        [
            ("log", "dms-eakte", "2023-02-15", "Projektstart (Kick-off) mit dem Auftragnehmer"),
            ("log", "dms-eakte", "2023-03-20", "Serverkapazität für rund 400 Nutzende erweitert"),
            ("text", "online-dienste", "deliverables", "2023-03-31", "152", "12"),
        ],
    ),
    (
        "2023-06-30",
        "Sachstand 2. Quartal 2023: Vorgangsbearbeitung verschoben, Wohngeld",
        [
            ("text", "vorgangsbearbeitung", "duration", "11 months"),
            (
                "new",
                "wohngeld-pilot",
                "Wohngeldstelle als vierter Pilotbereich der E-Akte",
                "HF3",
                "dms-eakte",
                "4 months",
            ),
            (
                "log",
                "dms-eakte",
                "2023-06-30",
                "Wohngeldstelle als vierter Pilotbereich festgelegt",
            ),
        ],
    ),
    (
        "2023-10-31",
        "Sachstand Oktober 2023",
        [
            ("status", "dms-eakte", "in_progress", "2023-10-31", "", "55"),
            ("status", "online-dienste", "in_progress", "2023-10-31", "", "16"),
            ("status", "posteingang", "in_progress", "2023-10-31", "", "80"),
            ("status", "prozessmanagement", "in_progress", "2023-10-31", "", "75"),
            ("status", "qualifizierung", "in_progress", "2023-10-31", "", "50"),
            (
                "log",
                "dms-eakte",
                "2023-10-15",
                "Go-live mit Schnittstellen zum Posteingang und zum Wohngeld-Fachverfahren vorbereitet",
            ),
            ("text", "online-dienste", "deliverables", "2023-10-31", "152", "25"),
        ],
    ),
]


def _transitions() -> list[tuple[str, str, str, str]]:
    """The status changes the history makes, one per measure and commit (the commands may
    pass a measure through a status within a commit): (day, measure, before, after). The day
    is the --date of the last command, which `status set` writes as the measure's started or
    finished date, and the report dates a change by."""
    status: dict[str, str] = {}
    out = []
    for _, _, actions in CHANGES:
        final = {args[1]: (args[2], args[3]) for args in actions if args[0] == "status"}
        for mid, (after, day) in final.items():
            before = status.get(mid, "planned")
            if before != after:
                out.append((day, mid, before, after))
            status[mid] = after
    return out


TRANSITIONS = _transitions()


def _git(repo: Path, *args: str, date: str | None = None) -> None:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    if date:
        env |= {"GIT_AUTHOR_DATE": f"{date}T12:00:00", "GIT_COMMITTER_DATE": f"{date}T12:00:00"}
    subprocess.run(
        ["git", "-c", "user.name=Projektbüro", "-c", "user.email=digital@example.org", *args],
        cwd=repo, env=env, check=True, capture_output=True,
    )  # fmt: skip


def _egovkit(repo: Path, *args: str) -> None:
    subprocess.run([*EGOVKIT, *args, str(repo)], check=True, capture_output=True)


def _adopted(repo: Path) -> None:
    """The strategy as the council adopted it: nothing started, Stand 04.01.2021."""
    for path in (repo / "measures").glob("*.yaml"):
        text = path.read_text("utf-8")
        text = re.sub(r"^status: \w+$", "status: planned", text, flags=re.M)
        text = re.sub(r"^(progress|started|finished|as_of): .*\n", "", text, flags=re.M)
        path.write_text(text, "utf-8")
    strategy = repo / "strategy.yaml"
    text = strategy.read_text("utf-8")
    text = re.sub(r"^(  status_date:) .*$", r"\1 2021-01-04", text, flags=re.M)
    text += "baselines:\n  - {name: Beschluss 2021, rev: beschluss-2021}\n"
    strategy.write_text(text, "utf-8")


def _text_edit(repo: Path, args: tuple[str, ...]) -> None:
    path = repo / "measures" / f"{args[1]}.yaml"
    text = path.read_text("utf-8")
    if args[2] == "duration":
        text = re.sub(r"^duration: .*$", f"duration: {args[3]}", text, flags=re.M)
    else:  # a snapshot of the online-services count
        snapshot = f"      - {{date: {args[3]}, total: {args[4]}, done: {args[5]}}}\n"
        if "deliverables:" not in text:
            text += "deliverables:\n  - id: online-services\n    title: Online-Dienste\n    snapshots:\n"
        text += snapshot
    path.write_text(text, "utf-8")


def _status_date(repo: Path, date: str) -> None:
    strategy = repo / "strategy.yaml"
    text = re.sub(r"^(  status_date:) .*$", rf"\1 {date}", strategy.read_text("utf-8"), flags=re.M)
    strategy.write_text(text, "utf-8")


def build(target: Path) -> Path:
    """The example with its history in ``target`` (replaced if it exists)."""
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(EXAMPLE, target)
    _adopted(target)
    _git(target, "init", "-q", "-b", "main")
    _git(target, "add", "-A")
    _git(target, "commit", "-q", "-m", "Strategie vom Rat beschlossen", date="2021-01-04")
    _git(target, "tag", "beschluss-2021")
    for date, subject, actions in CHANGES:
        _status_date(target, date)
        for args in actions:
            if args[0] == "status":
                _, mid, status, when, note, *progress = args
                extra = ["--note", note] if note else []
                extra += ["--progress", progress[0]] if progress else []
                _egovkit(target, "status", "set", mid, status, "--date", when, *extra)
            elif args[0] == "log":
                _egovkit(target, "log", "add", args[1], args[3], "--date", args[2])
            elif args[0] == "new":
                _, mid, title, field, depends, duration = args
                _egovkit(target, "measure", "new", mid, "--title", title, "--field", field,
                         "--depends-on", depends, "--duration", duration)  # fmt: skip
            else:
                _text_edit(target, args)
        _git(target, "add", "-A")
        _git(target, "commit", "-q", "-m", subject, date=date)
    return target


if __name__ == "__main__":
    print(build(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("bg-history")))
