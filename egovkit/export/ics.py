"""The plan's dates as an iCalendar file (``egovkit export ics``), via the icalendar package.

One all-day event per deadline (its verdict in the description), per milestone (measures of
no duration and the milestones of profiles) and per finish of a measure. UIDs are stable,
``<kind>.<measure id>[.<source>]@<municipality>.egovkit``, so a calendar that imports the file
again updates its events instead of adding copies. DTSTAMP is the plan's status date, so the
same repository and status date give the same bytes. The library escapes every text.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from icalendar import Calendar, Event

from egovkit.export.labels import labels, slug, source_label, verdict_label
from egovkit.load.workspace import Workspace
from egovkit.model import Status
from egovkit.plan.result import Plan, ScheduledMeasure
from egovkit.render.locale import Locale

PRODID = "-//egovkit//egovkit export ics//DE"


def _event(
    uid: str, day: dt.date, summary: str, description: str, stamp: dt.datetime, kind: str
) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", day)
    event.add("dtend", day + dt.timedelta(days=1))  # all-day: the end is exclusive
    event.add("summary", summary)
    event.add("description", description)
    event.add("categories", [kind])
    event.add("transp", "TRANSPARENT")
    return event


def _about(m: ScheduledMeasure, locale: Locale) -> list[str]:
    words = labels(locale)
    lines = [
        f"{words['id']}: {m.id}",
        f"{words['status']}: {locale.status(m.status.value)}",
        f"{words['start']}: {m.start.isoformat()}",
        f"{words['finish']}: {m.finish.isoformat()}",
    ]
    if m.owner:
        lines.append(f"{words['owner']}: {m.owner}")
    return lines


def _measure_events(m, ws: Workspace, locale: Locale, domain: str, stamp) -> list[Event]:
    words = labels(locale)
    about = _about(m, locale)
    kind = "milestone" if m.milestone else "finish"
    title = words["event_milestone" if m.milestone else "event_finish"]
    events = [
        _event(
            f"{kind}.{m.id}@{domain}",
            m.finish,
            f"{title}: {m.title}",
            "\n".join(about),
            stamp,
            kind,
        )
    ]
    for v in m.deadlines:
        done = m.status is Status.done
        text = [
            f"{words['source']}: {source_label(ws, locale, v.source)}",
            f"{words['verdict']}: {verdict_label(locale, v.verdict.value)}",
            f"{words['actual_finish' if done else 'planned_finish']}: {m.finish.isoformat()}",
            f"{words['slip']}: {v.slip_days}",
            *about,
        ]
        events.append(
            _event(
                f"deadline.{m.id}.{v.source}@{domain}",
                v.date,
                f"{words['event_deadline']}: {m.title} ({verdict_label(locale, v.verdict.value)})",
                "\n".join(text),
                stamp,
                "deadline",
            )
        )
    return events


def _profile_events(ws: Workspace, locale: Locale, domain: str, stamp) -> list[Event]:
    words = labels(locale)
    events = []
    for item in sorted(ws.profiles, key=lambda p: p.model.meta.id):
        meta = item.model.meta
        for ms in sorted(meta.milestones, key=lambda ms: (ms.date, ms.title)):
            digest = hashlib.sha256(ms.title.encode("utf-8")).hexdigest()[:12]
            text = [f"{words['measure']}: {ms.measure}"] if ms.measure else []
            events.append(
                _event(
                    f"milestone.{meta.id}.{digest}@{domain}",
                    ms.date,
                    f"{words['event_milestone']}: {ms.title}",
                    "\n".join([*text, f"{meta.title} ({meta.id})"]),
                    stamp,
                    "milestone",
                )
            )
    return events


def render(plan: Plan, ws: Workspace, locale: Locale) -> str:
    strategy = ws.strategy.model
    domain = f"{slug(strategy.municipality.name)}.egovkit"
    stamp = dt.datetime.combine(plan.status_date, dt.time(0, 0), tzinfo=dt.UTC)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"{strategy.municipality.name}: {strategy.title}")
    for m in plan.measures:
        for event in _measure_events(m, ws, locale, domain, stamp):
            cal.add_component(event)
    for event in _profile_events(ws, locale, domain, stamp):
        cal.add_component(event)
    return cal.to_ical().decode("utf-8")
