"""Words of the exports in German and English: sheet names, column headers, event titles.

Obligations, statuses and verdicts come from :mod:`egovkit.render.locale` (one vocabulary
with the plan); what only the exports say is here.
"""

from __future__ import annotations

import re
import unicodedata

from egovkit.load.workspace import Workspace
from egovkit.render.locale import Locale

LABELS: dict[str, dict[str, str]] = {
    "de": {
        "sheet_measures": "Maßnahmen",
        "sheet_schedule": "Zeitplan",
        "sheet_dependencies": "Abhängigkeiten",
        "sheet_deadlines": "Fristen",
        "sheet_budget": "Budget",
        "id": "ID",
        "title": "Titel",
        "field": "Handlungsfeld",
        "obligation": "Verbindlichkeit",
        "priority": "Priorität",
        "status": "Status",
        "progress": "Fortschritt (%)",
        "owner": "Verantwortlich",
        "duration": "Dauer (AT)",
        "start": "Beginn",
        "finish": "Ende",
        "late_start": "Spätester Beginn",
        "late_finish": "Spätestes Ende",
        "slack": "Puffer (AT)",
        "critical": "kritisch",
        "deadline": "Frist",
        "verdict": "Bewertung",
        "source": "Quelle",
        "slip": "Verzug (AT)",
        "depends_on": "Voraussetzungen",
        "measure": "Maßnahme",
        "prerequisite": "Voraussetzung",
        "prerequisite_title": "Titel der Voraussetzung",
        "year": "Jahr",
        "one_off": "Einmalige Kosten (EUR)",
        "running": "Laufende Kosten (EUR)",
        "funded": "Fördermittel (EUR)",
        "own": "Eigenanteil (EUR)",
        "effort": "Personalaufwand (PT)",
        "yes": "ja",
        "no": "nein",
        "own_deadline": "eigene Frist",
        "period_end": "Ende des geplanten Zeitraums",
        "event_finish": "Ende",
        "event_milestone": "Meilenstein",
        "event_deadline": "Frist",
        "planned_finish": "Geplantes Ende",
        "actual_finish": "Abgeschlossen am",
        "date_format": "dd.mm.yyyy",
    },
    "en": {
        "sheet_measures": "Measures",
        "sheet_schedule": "Schedule",
        "sheet_dependencies": "Dependencies",
        "sheet_deadlines": "Deadlines",
        "sheet_budget": "Budget",
        "id": "ID",
        "title": "Title",
        "field": "Field of action",
        "obligation": "Obligation",
        "priority": "Priority",
        "status": "Status",
        "progress": "Progress (%)",
        "owner": "Owner",
        "duration": "Duration (wd)",
        "start": "Start",
        "finish": "Finish",
        "late_start": "Latest start",
        "late_finish": "Latest finish",
        "slack": "Slack (wd)",
        "critical": "critical",
        "deadline": "Deadline",
        "verdict": "Verdict",
        "source": "Source",
        "slip": "Slip (wd)",
        "depends_on": "Prerequisites",
        "measure": "Measure",
        "prerequisite": "Prerequisite",
        "prerequisite_title": "Prerequisite title",
        "year": "Year",
        "one_off": "One-off cost (EUR)",
        "running": "Running cost (EUR)",
        "funded": "Funding (EUR)",
        "own": "Own share (EUR)",
        "effort": "Staff effort (person-days)",
        "yes": "yes",
        "no": "no",
        "own_deadline": "own deadline",
        "period_end": "end of the planned period",
        "event_finish": "Finish",
        "event_milestone": "Milestone",
        "event_deadline": "Deadline",
        "planned_finish": "Planned finish",
        "actual_finish": "Finished on",
        "date_format": "yyyy-mm-dd",
    },
}


def labels(locale: Locale) -> dict[str, str]:
    return LABELS[locale.language]


def verdict_label(locale: Locale, verdict: str | None) -> str:
    return locale.labels[f"verdict_{verdict}"] if verdict else ""


def source_label(ws: Workspace, locale: Locale, source: str | None) -> str:
    """What sets a deadline, for a reader: own deadline, end of period, or the law's title."""
    words = labels(locale)
    if source is None:
        return ""
    if source == "measure":
        return words["own_deadline"]
    if source == "period":
        return words["period_end"]
    basis = ws.legal_by_id.get(source)
    return f"{basis.title} ({source})" if basis is not None else source


def slug(text: str) -> str:
    """``Kreisstadt Mettmann`` → ``kreisstadt-mettmann`` (ASCII letters, digits, hyphens)."""
    text = text.replace("ß", "ss").replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    text = text.replace("Ä", "Ae").replace("Ö", "Oe").replace("Ü", "Ue")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "strategy"
