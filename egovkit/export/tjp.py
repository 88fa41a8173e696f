"""The plan as a TaskJuggler 3 project (``egovkit export tjp``) that ``tj3`` schedules to
egovkit's dates (tests/test_export.py compares every task of every example).

What is written, and why it gives the same dates (docs/scheduling.md):

* **Calendar**: the working weekdays 9:00–17:00 (8 h = ``1d``), the Land's public holidays
  and ``extra_holidays`` as ``leaves holiday``, ``closures`` as ``leaves holiday … +Nd``.
* **Started and pinned measures** (done, in progress, placed in their period alone) are
  fixed tasks with egovkit's dates (``start`` and ``end`` at 17:00 of the last day): their
  prerequisites no longer move them (egovkit re-plans from the status date; TaskJuggler's
  ``complete`` never moves a task), so they get no ``depends``.
* **Waiting measures** get ``length Nd`` (or ``milestone``) and ``depends`` on their
  prerequisites (finish-to-start). Where the earliest start is not set by a prerequisite but
  by ``planning.start``, ``not_before``, the status date or a unit's capacity, the task also
  depends on an anchor milestone at that day (``egovkit_floor.dYYYY_MM_DD``, hidden in the
  report): a ``start`` beside ``depends`` would be an error in tj3 whenever the prerequisite
  ends later.
* **Capacity**: units are resources (``responsible``), but tj3 does not level them the way
  egovkit does (egovkit counts measures per unit in its stable order; tj3 allocates effort by
  priority). A start that egovkit's levelling moved is written as an anchor at that start, so
  the dates agree and the comment says why.

tj3 reports a successor's start as the instant its predecessor's work ends (17:00 of that
day); its work begins on the next working day, which is the date egovkit shows. TaskJuggler
3.7 accepts dates up to 2035 only; a plan that runs longer is refused with a clear message.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable

from egovkit.errors import UserError
from egovkit.load.workspace import Workspace
from egovkit.model import Status
from egovkit.plan.result import Plan, ScheduledMeasure
from egovkit.plan.workdays import Calendar, calendar_for
from egovkit.render.locale import Locale

#: TaskJuggler 3 refuses years outside 1970 … 2035 ("Year 2036 out of range").
TJ3_LAST_DAY = dt.date(2035, 12, 31)
#: The CSV task report tj3 writes (its output folder is ``tj3 -o``).
REPORT = "egovkit-tasks"
FLOOR = "egovkit_floor"
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_MACRO = re.compile(r"\$(?=[{(])")
_UNSAFE_ID = re.compile(r"[^A-Za-z0-9_]")
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class ExportError(UserError):
    """The plan cannot be written in this format (exit code 2)."""


def tjp_string(text: str) -> str:
    """``text`` as a tjp string literal that ends where it should and expands nothing.

    tj3 strings know one escape, ``\\"``; a backslash before the closing quote would escape
    it, so a trailing backslash gets a space after it. ``${…}`` (a macro) and ``$(…)`` (an
    environment variable, which tj3 expands even inside strings) get a full-width dollar
    sign; control characters and line breaks become spaces.
    """
    clean = _MACRO.sub("\uff04", _CONTROL.sub(" ", text))
    if clean.endswith("\\"):
        clean += " "
    return '"' + clean.replace('"', '\\"') + '"'


def safe_ids(idents: Iterable[str], prefix: str) -> dict[str, str]:
    """egovkit id → a tjp id (``prefix`` + the id with ``-`` as ``_``), unique: ids that would
    meet (``a-b`` and ``a_b``) get ``_2``, ``_3`` … in the given order."""
    idents = list(idents)
    base = {i: prefix + _UNSAFE_ID.sub("_", i) for i in idents}
    count = Counter(base.values())
    taken = {b for b in base.values() if count[b] == 1}
    out = {}
    for i in idents:
        name = base[i]
        if count[name] > 1:
            n = 2
            while f"{name}_{n}" in taken:
                n += 1
            name = f"{name}_{n}"
            taken.add(name)
        out[i] = name
    return out


def task_ids(plan: Plan) -> dict[str, str]:
    """measure id → tjp task id (``m_`` + id), in the plan's order."""
    return safe_ids((m.id for m in plan.measures), "m_")


def _day(d: dt.date) -> str:
    return d.isoformat()


def _evening(plan: Plan) -> dict[str, bool]:
    """Whether each measure ends at the end of its last day (work, fixed tasks) rather than
    at the start of its day (a milestone not reached by work): egovkit's "released"."""
    by_id = plan.by_id()
    out: dict[str, bool] = {}
    for m in plan.measures:  # stable order: prerequisites first
        if _tj_milestone(m):
            out[m.id] = _waiting(m) and any(
                by_id[p].finish == m.finish and out.get(p, False) for p in m.depends_on
            )
        else:
            out[m.id] = True
    return out


def _waiting(m: ScheduledMeasure) -> bool:
    return m.status in (Status.planned, Status.on_hold, Status.unknown) and not m.fixed_window


def _tj_milestone(m: ScheduledMeasure) -> bool:
    """Written with ``milestone``: a waiting or running measure of no working days (a done
    one is fixed to its actual day, which successors follow the next working day)."""
    return m.milestone and m.status is not Status.done


class _Writer:
    def __init__(self, plan: Plan, ws: Workspace, locale: Locale) -> None:
        self.plan, self.ws, self.locale = plan, ws, locale
        self.strategy = ws.strategy.model
        self.cal: Calendar = calendar_for(self.strategy)
        self.ids = task_ids(plan)
        org = ws.organization.model if ws.organization else None
        self.units = list(org.units) if org else []
        self.unit_ids = safe_ids((u.id for u in self.units), "u_")
        self.evening = _evening(plan)
        self.floors: set[dt.date] = set()
        self.tasks: list[str] = []

    # -- the floor of a waiting measure ------------------------------------------------------
    def floor(self, m: ScheduledMeasure) -> dt.date | None:
        """The day a waiting measure is held to by something other than its prerequisites,
        if that day is its start (else its prerequisites set the start and need no help)."""
        if m.milestone:
            return None if self.evening[m.id] else m.start
        if m.capacity_delay > 0:
            return m.start
        cal, nb = self.cal, self.measure_model(m.id).not_before
        f = max(0, cal.index_on_or_after(self.plan.status_date))
        if nb is not None:
            f = max(f, cal.index_on_or_after(nb))
        day = cal.date_at(f)
        return day if day == m.start or not m.depends_on else None

    def measure_model(self, ident: str):
        return self.ws.measure_by_id[ident].model

    # -- tasks -------------------------------------------------------------------------------
    def task(self, m: ScheduledMeasure) -> None:
        body = [f"  # egovkit measure {m.id}: {m.status.value}"]
        if _waiting(m):
            body += self.waiting_body(m)
        else:
            body += self.fixed_body(m)
        owner = self.unit_ids.get(m.owner or "")
        if owner:
            body.append(f"  responsible {owner}")
        self.tasks.append(
            f"task {self.ids[m.id]} {tjp_string(m.title)} {{\n" + "\n".join(body) + "\n}"
        )

    def waiting_body(self, m: ScheduledMeasure) -> list[str]:
        body = []
        floor = self.floor(m)
        deps = [self.ids[p] for p in m.depends_on]
        if floor is not None and deps:
            self.floors.add(floor)
            deps.append(f"{FLOOR}.d{floor.strftime('%Y_%m_%d')}")
        if m.capacity_delay > 0:
            body.append(
                f"  # levelled by egovkit: unit {m.owner} was busy; start moved "
                f"{m.capacity_delay} working days (tj3 does not level the same way)"
            )
        if deps:
            body.append(f"  depends {', '.join(deps)}")
        elif floor is not None:
            body.append(f"  start {_day(floor)}")
        body.append("  milestone" if m.milestone else f"  length {m.duration_days}d")
        return body

    def fixed_body(self, m: ScheduledMeasure) -> list[str]:
        why = "actual dates" if m.status is Status.done else "started; re-planned by egovkit"
        if m.fixed_window:
            why = "placed in its period"
        body = [f"  # {why}; prerequisites no longer move it"]
        if m.depends_on:
            body.append(f"  # prerequisites: {', '.join(m.depends_on)}")
        body.append(f"  start {_day(m.start)}")
        if _tj_milestone(m):
            body.append("  milestone")
        else:
            body.append(f"  end {_day(max(m.finish, m.start))}-17:00")
        if m.progress_known and m.status in (Status.done, Status.in_progress):
            body.append(f"  complete {100 if m.status is Status.done else m.progress}")
        return body

    # -- the project ---------------------------------------------------------------------------
    def span(self) -> tuple[dt.date, dt.date]:
        """The project's first and last day: every date of the plan, and the horizon as far
        as tj3 can go."""
        plan = self.plan
        first = min([plan.start, plan.status_date, *(m.start for m in plan.measures)])
        needed = max([plan.finish, plan.status_date, *self.floors])
        if needed > TJ3_LAST_DAY:
            raise ExportError(
                f"TaskJuggler 3 plans only up to {TJ3_LAST_DAY.isoformat()}; this plan runs "
                f"until {needed.isoformat()}"
            )
        last = max(needed + dt.timedelta(days=92), plan.horizon_end)
        return first, min(last, TJ3_LAST_DAY)

    def header(self, first: dt.date, last: dt.date) -> list[str]:
        s = self.strategy
        work = [w for w in _WEEKDAYS if w in self.plan.calendar.weekdays]
        off = [w for w in _WEEKDAYS if w not in work]
        lines = [
            f"# TaskJuggler 3 project written by egovkit; status date {_day(self.plan.status_date)}.",
            f"# Schedule it with: tj3 -o OUTPUT-FOLDER FILE.tjp  (writes {REPORT}.csv)",
            f"project egovkit {tjp_string(s.title)} {_day(first)} - {_day(last)} {{",
            '  timezone "UTC"',
            '  timeformat "%Y-%m-%d %H:%M"',
            f"  now {_day(self.plan.status_date)}",
        ]
        if work:
            lines.append(f"  workinghours {', '.join(work)} 9:00 - 17:00")
        if off:
            lines.append(f"  workinghours {', '.join(off)} off")
        lines += ["  dailyworkinghours 8", "}", "flags floor"]
        return lines

    def leaves(self, first: dt.date, last: dt.date) -> list[str]:
        out = [
            f"leaves holiday {tjp_string(name)} {_day(day)}"
            for day, name in self.cal.holidays_between(first, last)
        ]
        for start, end, title in self.plan.calendar.closures:
            out.append(
                f"leaves holiday {tjp_string(title)} {_day(start)} +{(end - start).days + 1}d"
            )
        return out

    def resources(self) -> list[str]:
        if not self.units:
            return []
        lines = [f"resource egovkit_units {tjp_string(self.locale.labels['owner'])} {{"]
        for u in self.units:
            cap = f"  # capacity {u.capacity}: levelled by egovkit" if u.capacity else ""
            lines.append(f"  resource {self.unit_ids[u.id]} {tjp_string(u.name)}{cap}")
        lines.append("}")
        return lines

    def floor_tasks(self) -> list[str]:
        if not self.floors:
            return []
        lines = [f'task {FLOOR} "egovkit: earliest starts" {{', "  flags floor"]
        for day in sorted(self.floors):
            lines.append(
                f'  task d{day.strftime("%Y_%m_%d")} "{_day(day)}" {{ start {_day(day)} milestone }}'
            )
        lines.append("}")
        return lines

    def text(self) -> str:
        for m in self.plan.measures:
            self.task(m)
        first, last = self.span()
        parts = [
            *self.header(first, last),
            *self.leaves(first, last),
            *self.resources(),
            *self.floor_tasks(),
            *self.tasks,
            f'taskreport "{REPORT}" {{',
            "  formats csv",
            "  columns id, name, start, end, complete",
            "  hidetask floor",
            "}",
        ]
        return "\n".join(parts) + "\n"


def render(plan: Plan, ws: Workspace, locale: Locale) -> str:
    """The tjp text of ``plan`` (``ws`` gives the calendar, ``not_before`` and the units)."""
    return _Writer(plan, ws, locale).text()
