"""Mermaid ``gantt`` and ``flowchart`` blocks for the Markdown plan (GitHub and GitLab draw them).

User text is cleaned so it cannot change the diagram's structure or look: every value sits on
one line (line breaks become spaces), no ``%%`` reaches the text (a ``%%{init: …}%%`` directive
anywhere restyles the whole diagram, ``%%`` starts a comment), a label cannot start with a
keyword (``click``, ``section``, ``title`` …). In the gantt, ``:`` ``#`` ``;`` ``%`` and
friends are replaced; in the flowchart, labels are quoted and every special character
(quotes, ``%``, braces, ``#``, ``:``, ``;``, angle brackets, backticks) is written as a
Mermaid entity code. Tasks and nodes are labelled with the measure's title, whole (readers
see words; the tables give the ids). Node ids are the measure ids unless Mermaid cannot parse
one (``end``, ``--``), which then gets a stable replacement id. Very large diagrams, which GitHub refuses
(text over 50,000 characters, over 500 edges), are replaced by a note.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from egovkit.plan.schedule import ScheduledMeasure
from egovkit.render.gantt import GanttGroup
from egovkit.render.locale import Locale
from egovkit.render.markdown import MdRaw

MAX_TEXT = 50_000
MAX_EDGES = 500

_GANTT_REPLACE = str.maketrans(
    {":": " –", "#": "", ";": ",", "<": "‹", ">": "›", '"': "'", "`": "'", "%": " %",
     "\n": " ", "\r": " ", "\t": " "}
)  # fmt: skip
_GANTT_KEYWORDS = {
    "gantt", "title", "section", "dateformat", "axisformat", "tickinterval", "excludes", "includes",
    "todaymarker", "click", "acctitle", "accdescr", "weekday", "weekend", "inclusiveenddates",
    "topaxis", "displaymode", "vert",
}  # fmt: skip
_RESERVED_IDS = {
    "end", "graph", "subgraph", "flowchart", "style", "class", "classdef", "click",
    "linkstyle", "direction", "default", "call", "href",
}  # fmt: skip
# Control characters left after line breaks and tabs became spaces (ESC, DEL, C1 …).
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_SAFE_ID = re.compile(r"^[A-Za-z0-9_]+(?:-[A-Za-z0-9_]+)*$")


def gantt_text(text: str) -> str:
    """Text for a gantt title, section or task label: one line, no ``%%``, no keyword first.

    ``%`` becomes `` %`` so two never touch; ``:`` ``#`` ``;`` (task data, comments,
    statement ends) and quotes and angle brackets are replaced.
    """
    cleaned = _CONTROL.sub("\ufffd", " ".join(text.translate(_GANTT_REPLACE).split()))
    first = cleaned.split(" ", 1)[0].lower()
    if any(first.startswith(k) for k in _GANTT_KEYWORDS):
        cleaned = "– " + cleaned
    return cleaned or "–"


_LABEL_CODES = str.maketrans(
    {"#": "#35;", '"': "#quot;", "<": "#lt;", ">": "#gt;", "&": "#amp;", ";": "#59;",
     "`": "#96;", "%": "#37;", "{": "#123;", "}": "#125;", ":": "#58;"}
)  # fmt: skip


def label_text(text: str) -> str:
    """Text inside a quoted flowchart label, with Mermaid entity codes.

    ``%`` ``{`` ``}`` are coded so no ``%%{init: …}%%`` directive can form, ``:`` so that
    Mermaid's own pre-processing of ``style …:#…;`` cannot cut an entity code short.
    """
    return _CONTROL.sub("\ufffd", " ".join(text.split())).translate(_LABEL_CODES)


def node_ids(measures: Sequence[ScheduledMeasure]) -> dict[str, str]:
    taken = {m.id for m in measures}
    out = {}
    for m in measures:
        if _SAFE_ID.match(m.id) and m.id.lower() not in _RESERVED_IDS:
            out[m.id] = m.id
            continue
        candidate = f"n{m.order}"
        while candidate in taken:
            candidate += "_"
        taken.add(candidate)
        out[m.id] = candidate
    return out


def _fence(lines: list[str], locale: Locale) -> MdRaw:
    text = "\n".join(lines)
    if len(text) > MAX_TEXT:
        return MdRaw(locale.labels["mermaid_too_large"])
    return MdRaw("```mermaid\n" + text + "\n```")


def gantt(groups: Sequence[GanttGroup], title: str, status_date: dt.date, locale: Locale) -> MdRaw:
    return _fence(gantt_lines(groups, title, status_date, locale), locale)


def gantt_lines(
    groups: Sequence[GanttGroup], title: str, status_date: dt.date, locale: Locale
) -> list[str]:
    """The gantt diagram's lines, without the Markdown fence (``egovkit export mermaid``)."""
    lines = [
        "gantt",
        f"    title {gantt_text(title)}",
        "    dateFormat YYYY-MM-DD",
        f"    axisFormat {locale.mermaid_axis}",
        "    todayMarker off",
        f"    %% {locale.labels['status_date']}: {status_date.isoformat()}",
    ]
    for group in groups:
        if not group.measures:
            continue
        lines.append(f"    section {gantt_text(group.label or group.title)}")
        for m in group.measures:
            tags = []
            if m.milestone:
                tags.append("milestone")
            if m.critical:
                tags.append("crit")
            if m.status.value == "done":
                tags.append("done")
            elif m.status.value == "in_progress":
                tags.append("active")
            if m.milestone:
                tags += [m.start.isoformat(), "0d"]
            else:
                tags += [m.start.isoformat(), (m.finish + dt.timedelta(days=1)).isoformat()]
            label = gantt_text(m.title)
            lines.append(f"    {label} :{', '.join(tags)}")
    return lines


def flowchart(measures: Sequence[ScheduledMeasure], locale: Locale) -> MdRaw:
    ids = {m.id for m in measures}
    if sum(dep in ids for m in measures for dep in m.depends_on) > MAX_EDGES:
        return MdRaw(locale.labels["mermaid_too_large"])
    return _fence(flowchart_lines(measures), locale)


def flowchart_lines(measures: Sequence[ScheduledMeasure]) -> list[str]:
    """The flowchart's lines, without the Markdown fence (``egovkit export mermaid``)."""
    ids = node_ids(measures)
    ordered = sorted(measures, key=lambda m: m.order)
    edges = [(dep, m.id) for m in ordered for dep in m.depends_on if dep in ids]
    lines = ["flowchart LR"]
    for m in ordered:
        lines.append(f'    {ids[m.id]}["{label_text(m.title)}"]')
    for a, b in edges:
        lines.append(f"    {ids[a]} --> {ids[b]}")
    lines += [
        "    classDef required fill:#f4c7c3,stroke:#c62828,color:#1a1a1a",
        "    classDef standard fill:#c6d9ef,stroke:#1d5fa6,color:#1a1a1a",
        "    classDef voluntary fill:#ffffff,stroke:#5f6368,color:#1a1a1a",
        "    classDef critical stroke:#111111,stroke-width:3px",
    ]
    for key in ("required", "standard", "voluntary"):
        members = [ids[m.id] for m in ordered if m.obligation.value == key]
        if members:
            lines.append(f"    class {','.join(members)} {key}")
    crit = [ids[m.id] for m in ordered if m.critical]
    if crit:
        lines.append(f"    class {','.join(crit)} critical")
    return lines
