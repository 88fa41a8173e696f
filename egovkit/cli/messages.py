"""The CLI's own words in one language: English with ISO dates, German with ``--lang de``.

Only what the commands print themselves lives here (summaries, the schedule table's title,
headers and legend); finding messages come from the rules and are English with ISO dates.
Statuses and deadline verdicts use the words of the plan documents
(:mod:`egovkit.render.locale`, which the CLI does not import: it would load Jinja);
tests/test_plan_cli.py keeps the two tables in step.
"""

from __future__ import annotations

import datetime as dt

#: The language of CLI messages when no ``--lang`` is given.
DEFAULT = "en"

MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        "no_plan": "No plan built: fix the errors above (egovkit check shows them too).",
        "no_plan_template": "No plan built: fix the template above.",
        "problems": (
            "{count} problem(s) of the plan, listed with their codes; `egovkit check` reports "
            "them with the exit "
            "code your `checks:` settings ask for."
        ),
        "written": "Plan for {count} measures ({start} – {finish}, status date {status}) "
        "written to {output}: {files}",
        "late": "Deadlines: {overdue} overdue, {at_risk} at risk (see the plan).",
        "title": "Schedule of {count} measures, status date {status}",
        "col_measure": "measure",
        "col_status": "status",
        "col_start": "start",
        "col_finish": "finish",
        "col_slack": "slack",
        "col_deadline": "deadline",
        "own": "own",
        "more": "+{count} more",
        "working_days": "{days} wd",
        "thousands": ",",
        "unknown": "status unknown",
        "planned": "planned",
        "in_progress": "in progress",
        "done": "done",
        "on_hold": "on hold",
        "cancelled": "cancelled",
        "verdict_met": "met",
        "verdict_met_late": "met late",
        "verdict_on_time": "on time",
        "verdict_at_risk": "at risk",
        "verdict_overdue": "overdue",
        "none": "-",
        "critical": "* critical path (no slack): {path}",
        "no_critical": "* critical path: none",
        "not_scheduled": "not scheduled (cancelled): {ids}",
        "legend": (
            "slack and wd: working days. deadline: the verdict on the measure's worst "
            "deadline, its date and who set it (own, or a legal basis); +n more: the "
            "measure's other deadlines (the built plan lists each)."
        ),
    },
    "de": {
        "no_plan": "Kein Plan erstellt: Fehler oben beheben (egovkit check zeigt sie auch).",
        "no_plan_template": "Kein Plan erstellt: Vorlage oben korrigieren.",
        "problems": (
            "{count} Problem(e) des Plans, mit ihren Codes aufgeführt; `egovkit check` meldet "
            "sie mit dem Exit-Code, "
            "den die Einstellungen unter `checks:` verlangen."
        ),
        "written": "Plan mit {count} Maßnahmen ({start} – {finish}, Stand {status}) "
        "geschrieben nach {output}: {files}",
        "late": "Fristen: {overdue} überschritten, {at_risk} gefährdet (siehe Plan).",
        "title": "Zeitplan mit {count} Maßnahmen, Stand {status}",
        "col_measure": "Maßnahme",
        "col_status": "Status",
        "col_start": "Beginn",
        "col_finish": "Ende",
        "col_slack": "Puffer",
        "col_deadline": "Frist",
        "own": "eigene",
        "more": "+{count} weitere",
        "working_days": "{days} AT",
        "thousands": ".",
        "unknown": "Stand unbekannt",
        "planned": "geplant",
        "in_progress": "in Umsetzung",
        "done": "abgeschlossen",
        "on_hold": "pausiert",
        "cancelled": "abgebrochen",
        "verdict_met": "erfüllt",
        "verdict_met_late": "verspätet erfüllt",
        "verdict_on_time": "fristgerecht geplant",
        "verdict_at_risk": "gefährdet",
        "verdict_overdue": "überschritten",
        "none": "-",
        "critical": "* kritischer Pfad (ohne Puffer): {path}",
        "no_critical": "* kritischer Pfad: keiner",
        "not_scheduled": "nicht eingeplant (abgebrochen): {ids}",
        "legend": (
            "Puffer und AT: Arbeitstage. Frist: die Bewertung der schlechtesten Frist der "
            "Maßnahme, ihr Datum und wer sie setzt (eigene oder Rechtsgrundlage); "
            "+n weitere: die anderen Fristen der Maßnahme (der erstellte Plan nennt jede)."
        ),
    },
}


class Messages:
    """The CLI words and date format of one language (``en`` or ``de``)."""

    def __init__(self, language: str | None = None) -> None:
        self.language = language or DEFAULT
        self._words = MESSAGES[self.language]

    def __call__(self, key: str, **fields: object) -> str:
        text = self._words[key]
        return text.format(**fields) if fields else text

    def status(self, value: str) -> str:
        """The words of a measure's status (``in progress``), never its YAML value."""
        return self._words.get(value) or value.replace("_", " ")

    def working_days(self, days: int) -> str:
        """``1,234 wd`` / ``1.234 AT``."""
        return self("working_days", days=f"{days:,}".replace(",", self("thousands")))

    def date(self, day: dt.date) -> str:
        """``2024-06-30`` in English, ``30.06.2024`` in German."""
        return day.isoformat() if self.language == "en" else f"{day:%d.%m.%Y}"
