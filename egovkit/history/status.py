"""The Sachstandsbericht as data: what the history of a strategy repository says happened
between two revisions, and where each measure stands (``egovkit report status``).

The traffic light of a measure uses the shared deadline vocabulary (docs/scheduling.md):

- **red** ("verspätet"): a deadline of the measure is overdue;
- **amber** ("gefährdet"): a deadline is at risk, or the measure is paused (on hold), or its
  forecast finish moved later since the reference revision;
- **grey** ("Stand unbekannt"): no status is published;
- **green** ("im Plan"): everything else that is not finished;
- finished and cancelled measures get no light ("abgeschlossen", "abgebrochen").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from egovkit.history.git import Commit, Git
from egovkit.history.snapshot import Snapshot
from egovkit.load.yaml import parse
from egovkit.plan.deadlines import Verdict
from egovkit.plan.result import Plan, ScheduledMeasure
from egovkit.plan.workdays import calendar_for


@dataclass(frozen=True)
class Transition:
    date: dt.date
    measure: str
    before: str | None  # None: the measure was added with this status
    after: str
    note: str  # the log entries added with it, else the commit's subject
    commit: str


@dataclass(frozen=True)
class LogItem:
    date: dt.date
    measure: str
    text: str
    kind: str  # "log" (an entry of the measure's log) or "status" (a transition)


@dataclass(frozen=True)
class Shift:
    measure: str
    before: dt.date
    after: dt.date
    working_days: int  # positive: later


@dataclass(frozen=True)
class Light:
    measure: str
    light: str  # red | amber | grey | green | done | cancelled
    reason: str  # a key: overdue, at_risk, on_hold, slipped, unknown, on_track, done


@dataclass(frozen=True)
class StatusHistory:
    since: Snapshot
    at: Snapshot
    added: tuple[str, ...]
    removed: tuple[str, ...]
    transitions: tuple[Transition, ...]
    shifts: tuple[Shift, ...]
    new_risks: tuple[tuple[str, str, str], ...]  # measure, verdict before, verdict now
    cost_changes: tuple[tuple[str, int | None, int | None], ...]
    lights: tuple[Light, ...]
    log: tuple[LogItem, ...]
    commits: int


def _status_of(text: bytes | None) -> tuple[str | None, list[tuple[str, str]]]:
    """The status and the log entries (date, text) of a measure file's text."""
    status, log, _ = _read(text)
    return status, log


def _read(text: bytes | None) -> tuple[str | None, list[tuple[str, str]], dict]:
    """Status, log entries and the whole mapping of a measure file's text."""
    if text is None:
        return None, [], {}
    try:
        data, _ = parse(text.decode("utf-8"), "measure.yaml")
    except Exception:  # a broken file in the history: no status to read from it
        return None, [], {}
    if not isinstance(data, dict):
        return None, [], {}
    status = data.get("status")
    log = data.get("log") if isinstance(data.get("log"), list) else []
    entries = [
        (str(e.get("date")), str(e.get("text"))) for e in log if isinstance(e, dict) and "text" in e
    ]
    return (str(status) if status is not None else "unknown"), entries, data


def _when(data: dict, after: str, committed: dt.date) -> dt.date:
    """The day of a status change: the measure's own ``finished`` (done) or ``started``
    (in progress) date when it gives one as a day, else the commit's date."""
    key = {"done": "finished", "in_progress": "started"}.get(after)
    value = data.get(key) if key else None
    return value if isinstance(value, dt.date) and not isinstance(value, dt.datetime) else committed


def transitions(git: Git, commits: Iterable[Commit]) -> list[Transition]:
    """Every status change of a measure file in ``commits``, by the day it happened."""
    commits = list(commits)
    shas = [
        s for c in commits for ch in c.changes if _is_measure(ch.path) for s in (ch.old, ch.new)
    ]
    blobs = git.blobs(s for s in shas if s)
    out = []
    for commit in commits:
        for ch in commit.changes:
            if not _is_measure(ch.path) or ch.new is None or ch.old is None:
                continue  # added and removed measures are listed as such
            before, old_log = _status_of(blobs.get(ch.old) if ch.old else None)
            after, new_log, data = _read(blobs.get(ch.new))
            if after is None or before == after:
                continue
            added = [text for entry in new_log if entry not in old_log for text in (entry[1],)]
            out.append(
                Transition(
                    _when(data, after, commit.date),
                    ch.path.removeprefix("measures/").removesuffix(".yaml"),
                    before,
                    after,
                    "; ".join(added) or commit.subject,
                    commit.sha,
                )
            )
    return sorted(out, key=lambda t: (t.date, t.measure))  # by the day it happened


def _is_measure(path: str) -> bool:
    return path.startswith("measures/") and path.endswith(".yaml") and path.count("/") == 1


def lights(plan: Plan, since: Plan | None) -> list[Light]:
    before = since.by_id() if since is not None else {}
    out = []
    for m in sorted(plan.measures, key=lambda x: x.order):
        out.append(Light(m.id, *_light(m, before.get(m.id))))
    out += [Light(mid, "cancelled", "cancelled") for mid in plan.cancelled]
    return out


def _light(m: ScheduledMeasure, before: ScheduledMeasure | None) -> tuple[str, str]:
    status = m.status.value
    if status == "done":
        return "done", "done"
    verdicts = {v.verdict for v in m.deadlines}
    if Verdict.overdue in verdicts:
        return "red", "overdue"
    if Verdict.at_risk in verdicts:
        return "amber", "at_risk"
    if status == "on_hold":
        return "amber", "on_hold"
    if before is not None and m.finish > before.finish:
        return "amber", "slipped"
    if status == "unknown":
        return "grey", "unknown"
    return "green", "on_track"


def status_history(git: Git, since: Snapshot, at: Snapshot, commits: list[Commit]) -> StatusHistory:
    """Compare two snapshots and read the transitions of the commits between them."""
    old, new = since.result.plan, at.result.plan
    ws_old, ws_new = since.result.workspace, at.result.workspace
    old_ids = set(ws_old.measure_by_id)
    new_ids = set(ws_new.measure_by_id)
    changes = transitions(git, commits)
    cal = calendar_for(ws_new.strategy.model)
    shifts = []
    before = old.by_id()
    for m in sorted(new.measures, key=lambda x: x.order):
        prev = before.get(m.id)
        if prev is not None and prev.finish != m.finish:
            days = cal.index_on_or_before(m.finish) - cal.index_on_or_before(prev.finish)
            shifts.append(Shift(m.id, prev.finish, m.finish, days))
    return StatusHistory(
        since=since,
        at=at,
        added=tuple(sorted(new_ids - old_ids)),
        removed=tuple(sorted(old_ids - new_ids)),
        transitions=tuple(changes),
        shifts=tuple(shifts),
        new_risks=tuple(_new_risks(old, new)),
        cost_changes=tuple(
            (mid, ws_old.measure_by_id[mid].model.cost, ws_new.measure_by_id[mid].model.cost)
            for mid in sorted(old_ids & new_ids)
            if ws_old.measure_by_id[mid].model.cost != ws_new.measure_by_id[mid].model.cost
        ),
        lights=tuple(lights(new, old)),
        log=tuple(_log(at, changes, since.date)),
        commits=len(commits),
    )


_BAD = (Verdict.at_risk, Verdict.overdue)


def _new_risks(old: Plan, new: Plan) -> list[tuple[str, str, str]]:
    before = old.by_id()
    out = []
    for m in sorted(new.measures, key=lambda x: x.order):
        now = m.verdict
        prev = before[m.id].verdict if m.id in before else None
        if now in _BAD and now != prev:
            out.append((m.id, prev.value if prev else "none", now.value))
    return out


def _log(at: Snapshot, changes: list[Transition], since: dt.date | None) -> list[LogItem]:
    """Log entries of the measures and status transitions after ``since``, by date."""
    items = [
        LogItem(entry.date, item.model.id, entry.text, "log")
        for item in at.result.workspace.measures
        for entry in item.model.log
        if since is None or entry.date > since
    ]
    items += [LogItem(t.date, t.measure, t.after, "status") for t in changes]
    return sorted(items, key=lambda i: (i.measure, i.date, i.kind != "status", i.text))
