"""The language of a rendered plan: every user-visible string in German and English, date,
number and money formatting, month, weekday, obligation and status names, holiday names.

A :class:`Locale` is made once per rendering run (``Locale.for_language("de")``, at the CLI
edge or in :func:`egovkit.pipeline.render`) and handed down to every renderer; nothing below
it looks a language up again.

Dates: German ``31.12.2022`` (DIN 5008); English ``31 Dec 2022`` (day, abbreviated month,
year: unambiguous for readers on both sides of the Atlantic). Machine-readable places
(Mermaid, ``<time datetime>``) use ISO 8601 and do not come from here.

Templates reach the labels as ``t.<key>``; a missing key is an error (StrictUndefined), and a
test asserts both languages have the same keys.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from egovkit.plan.workdays import localized_holidays
from egovkit.render.labels_arbeitsplan import ARBEITSPLAN_LABELS
from egovkit.render.labels_assess import ASSESS_LABELS
from egovkit.render.labels_report import REPORT_LABELS

if TYPE_CHECKING:
    from egovkit.plan.schedule import CalendarInfo

LANGS = ("de", "en")

MONTHS = {
    "de": (
        "Januar", "Februar", "März", "April", "Mai", "Juni",
        "Juli", "August", "September", "Oktober", "November", "Dezember",
    ),
    "en": (
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ),
}  # fmt: skip

MONTHS_SHORT = {
    "de": ("Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dez"),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}

WEEKDAYS = {
    "de": {"mon": "Mo", "tue": "Di", "wed": "Mi", "thu": "Do", "fri": "Fr", "sat": "Sa", "sun": "So"},
    "en": {"mon": "Mon", "tue": "Tue", "wed": "Wed", "thu": "Thu", "fri": "Fri", "sat": "Sat", "sun": "Sun"},
}  # fmt: skip

OBLIGATION = {
    "de": {
        "required": "gesetzlich erforderlich",
        "standard": "Standard (künftig verpflichtend)",
        "voluntary": "freiwillig",
    },
    "en": {
        "required": "legally required",
        "standard": "standard (likely to become binding)",
        "voluntary": "voluntary",
    },
}

#: One letter per obligation class, shown beside the colour so colour is never the only cue.
OBLIGATION_LETTER = {
    "de": {"required": "G", "standard": "S", "voluntary": "F"},
    "en": {"required": "R", "standard": "S", "voluntary": "V"},
}

STATUS = {
    "de": {
        "unknown": "Stand unbekannt",
        "planned": "geplant",
        "in_progress": "in Umsetzung",
        "done": "abgeschlossen",
        "on_hold": "pausiert",
        "cancelled": "abgebrochen",
    },
    "en": {
        "unknown": "status unknown",
        "planned": "planned",
        "in_progress": "in progress",
        "done": "done",
        "on_hold": "on hold",
        "cancelled": "cancelled",
    },
}

PRIORITY = {
    "de": {"high": "hoch", "medium": "mittel", "low": "niedrig"},
    "en": {"high": "high", "medium": "medium", "low": "low"},
}

BODY_KIND = {
    "de": {
        "council": "Rat / Ausschuss",
        "executive": "Verwaltungsvorstand",
        "steering": "Lenkungskreis",
        "coordination": "Koordinierung / Stabsstelle",
        "project_team": "Projektteam",
        "advisory": "Beirat",
    },
    "en": {
        "council": "council / committee",
        "executive": "executive board",
        "steering": "steering committee",
        "coordination": "coordination office",
        "project_team": "project team",
        "advisory": "advisory board",
    },
}

UNIT_KIND = {
    "de": {"internal": "intern", "external": "extern"},
    "en": {"internal": "internal", "external": "external"},
}

LABELS: dict[str, dict[str, str]] = {
    "de": {
        "status_date": "Stand",
        "toc": "Inhalt",
        "overview": "Überblick",
        "key_figures": "Kennzahlen",
        "figure": "Kennzahl",
        "value": "Wert",
        "leitbild": "Leitbild",
        "goals": "Strategische Ziele",
        "timeline": "Zeitplan",
        "gantt_caption": "Zeitplan der Maßnahmen nach Handlungsfeld (Gantt-Diagramm)",
        "dependencies": "Abhängigkeiten",
        "depgraph_caption": "Abhängigkeiten der Maßnahmen, in Stufen von links nach rechts",
        "fields": "Maßnahmen nach Handlungsfeld",
        "field": "Handlungsfeld",
        "other_field": "Ohne bekanntes Handlungsfeld",
        "measures": "Maßnahmen",
        "measure": "Maßnahme",
        "order": "Nr.",
        "id": "Kennung",
        "title": "Titel",
        "obligation": "Verpflichtung",
        "owner": "Verantwortlich",
        "start": "Beginn",
        "finish": "Ende",
        "duration": "Dauer (AT)",
        "slack": "Puffer (AT)",
        "critical": "kritisch",
        "critical_col": "Krit.",
        "yes": "ja",
        "no": "nein",
        "none": "–",
        "deadline": "Frist",
        "status": "Status",
        "progress": "Fortschritt",
        "depends_on": "Voraussetzungen",
        "profile": "Steckbrief",
        "field_rollup": "{done} von {total} abgeschlossen, {active} in Umsetzung; Fortschritt {progress}",
        "no_measures": "Keine Maßnahmen.",
        "critical_path": "Kritischer Pfad",
        "critical_path_intro": "Diese Maßnahmen haben keinen Puffer: jede Verzögerung verschiebt das Planende ({finish}).",
        "critical_path_empty": "Kein kritischer Pfad (keine Maßnahmen geplant).",
        "legal": "Rechtliche Verpflichtungen und Fristen",
        "legal_intro": "Maßnahmen mit Rechtsgrundlage, Frist oder Verpflichtungsgrad, nach Verpflichtung geordnet; die Bewertung vergleicht das geplante Ende mit der maßgeblichen Frist.",
        "legal_bases": "Rechtsgrundlagen",
        "legal_basis": "Rechtsgrundlage",
        "requires": "Anforderung",
        "source": "Quelle",
        "as_of": "geprüft am",
        "planned_finish": "Geplantes Ende",
        "assessment": "Bewertung",
        "on_time": "fristgerecht",
        "late_by": "verspätet um {days} Arbeitstage",
        "late_by_one": "verspätet um 1 Arbeitstag",
        "late_short": "+{days} AT",
        "no_deadline": "keine Frist",
        "deadline_own": "eigene Frist",
        "legal_deadline": "Gesetzliche Frist",
        "no_legal_deadline": "keine gesetzliche Frist",
        "legally_late_by": "überschritten um {days} Arbeitstage",
        "deadline_from": "Frist aus {source}",
        "chain": "Ursache (treibende Kette)",
        "deadlines_at_risk": "Gefährdete Fristen",
        "deadlines_at_risk_empty": "Alle Fristen werden nach Plan eingehalten.",
        "progress_results": "{value} der Ergebnisse",
        "verdict_met": "erfüllt",
        "verdict_met_late": "verspätet erfüllt",
        "verdict_on_time": "fristgerecht geplant",
        "verdict_at_risk": "gefährdet",
        "verdict_overdue": "überschritten",
        "verdicts_legend": "Bewertung je Frist: erfüllt, verspätet erfüllt, fristgerecht geplant, gefährdet (geplantes Ende nach einer noch offenen Frist), überschritten (Frist verstrichen, Maßnahme nicht abgeschlossen). AT = Arbeitstage.",
        "deadlines_exceeded_h": "Überschrittene und gefährdete Fristen",
        "deadlines_none": "Keine Maßnahme hat eine Frist.",
        "deadlines_all_met": "Alle Fristen sind erfüllt oder werden nach Plan eingehalten.",
        "deadlines_none_exceeded": "Keine Frist ist überschritten oder gefährdet; {late} Fristen wurden verspätet erfüllt.",
        "deadlines_exceeded": "{overdue} Fristen sind überschritten, {at_risk} weitere gefährdet.",
        "fig_deadlines": "Fristen nach Bewertung",
        "actual_finish": "tatsächliches Ende",
        "deadline_set_by": "gesetzt durch",
        "findings": "Hinweise der Prüfung",
        "findings_intro": "Die Prüfung (egovkit check) hat diese Probleme und Hinweise zum Plan gefunden. Der Plan ist trotzdem vollständig erstellt; die Hinweise stehen auch bei den betroffenen Maßnahmen.",
        "findings_none": "Die Prüfung hat keine Probleme des Plans gefunden.",
        "finding_where": "Fundstelle",
        "finding_detail": "Meldung",
        "severity_error": "Fehler",
        "severity_warning": "Warnung",
        "severity_info": "Hinweis",
        "findings_mark": "Hinweise der Prüfung zu dieser Maßnahme",
        "no_legal": "Keine Maßnahme hat eine Rechtsgrundlage oder Frist.",
        "organization": "Umsetzungsorganisation",
        "organization_empty": "Keine Umsetzungsorganisation beschrieben (organization.yaml fehlt).",
        "bodies": "Gremien",
        "roles": "Rollen",
        "units": "Organisationseinheiten",
        "name": "Name",
        "kind": "Art",
        "tasks": "Aufgaben",
        "members": "Mitglieder",
        "meets": "Sitzungsrhythmus",
        "unit": "Einheit",
        "person": "Person",
        "capacity": "Kapazität (gleichzeitige Maßnahmen)",
        "unlimited": "unbegrenzt",
        "measures_owned": "Maßnahmen",
        "capacity_delays": "Verschiebungen durch Kapazitätsausgleich",
        "capacity_intro": "Diese Maßnahmen beginnen später, weil die verantwortliche Einheit ausgelastet ist.",
        "capacity_empty": "Keine Maßnahme wird durch Kapazitätsgrenzen verschoben.",
        "delay": "Verschiebung (AT)",
        "profiles": "Projektsteckbriefe",
        "profiles_empty": "Keine Projektsteckbriefe.",
        "steckbrief": "Steckbrief",
        "profile_of": "Projektsteckbrief",
        "covered_measures": "Umfasste Maßnahmen",
        "client": "Auftraggeber",
        "lead": "Projektleitung",
        "participants": "Beteiligte",
        "period": "Zeitraum",
        "phases": "Phasen",
        "phase": "Phase",
        "phase_timeline_caption": "Phasen und Meilensteine im Zeitverlauf",
        "milestones": "Meilensteine",
        "milestone": "Meilenstein",
        "date": "Datum",
        "budget": "Budget",
        "budget_total": "Gesamtbudget",
        "funding": "Fördermittel",
        "funding_source": "Förderprogramm",
        "risks": "Risiken",
        "kpis": "Kennzahlen (KPI)",
        "description": "Beschreibung",
        "back_to_overview": "Zurück zur Übersicht",
        "calendar": "Arbeitskalender",
        "workdays": "Arbeitstage",
        "holidays": "Feiertage im Planungszeitraum",
        "holidays_state": "Feiertage ({state})",
        "closures": "Schließtage",
        "cancelled": "Abgebrochene Maßnahmen",
        "cancelled_short": "abgebrochen",
        "item": "Angabe",
        "details": "Inhalt",
        "fig_measures": "Maßnahmen (ohne abgebrochene)",
        "fig_by_status": "Maßnahmen nach Status",
        "fig_by_obligation": "Maßnahmen nach Verpflichtung",
        "fig_start": "Planbeginn",
        "fig_finish": "Planende (voraussichtlich)",
        "fig_horizon": "Ende des Planungshorizonts",
        "fig_beyond_horizon": "Planende liegt {days} Kalendertage nach dem Horizont",
        "fig_critical": "Kritische Maßnahmen",
        "fig_at_risk": "Gefährdete Fristen",
        "fig_capacity": "Durch Kapazität verschoben",
        "fig_cost": "Geschätzte Kosten",
        "fig_progress": "Fortschritt (nach Dauer gewichtet)",
        "fig_progress_unknown": "ohne {count} Maßnahmen mit unbekanntem Stand oder Fortschritt",
        "fig_progress_unknown_one": "ohne eine Maßnahme mit unbekanntem Stand oder Fortschritt",
        "legend": "Legende",
        "legend_critical": "kritisch (kein Puffer)",
        "legend_progress": "Fortschritt",
        "legend_done": "abgeschlossen",
        "legend_deadline": "Frist eingehalten",
        "legend_deadline_missed": "Frist überschritten oder gefährdet",
        "legend_milestone": "Meilenstein",
        "legend_status_line": "Stand",
        "wave": "Stufe {n}",
        "gantt_desc": "{count} Maßnahmen in {fields} Handlungsfeldern von {start} bis {finish}; Stand {status}. Die Tabellen unten enthalten dieselben Angaben.",
        "depgraph_desc": "{count} Maßnahmen in {waves} Stufen mit {edges} Abhängigkeiten; kritische Abhängigkeiten sind dick schwarz. Die Tabellen unten enthalten dieselben Angaben.",
        "timeline_desc": "{phases} Phasen und {milestones} Meilensteine von {start} bis {finish}.",
        "tooltip_dates": "{start} bis {finish}",
        "tooltip_slack": "Puffer {slack} AT",
        "tooltip_deadline": "Frist {date}",
        "generated_by": "Erstellt mit egovkit aus den Dateien des Strategie-Repositorys.",
        "mermaid_too_large": "*Das Diagramm ist für Mermaid zu groß; die HTML-Fassung enthält es vollständig.*",
        "mermaid_gantt_note": "Die Diagramme werden von GitHub und GitLab dargestellt; die HTML-Fassung enthält dieselben Angaben als Grafik und Tabelle.",
        "working_days": "{days} AT",
        "percent": "{value}\u00a0%",
        "currency": "{value}\u00a0€",
        "legend_progress_part": "Fortschritt (dunkler Teil)",
        "legend_done_hatched": "abgeschlossen (schraffiert)",
        "legend_on_hold": "pausiert (gestrichelt)",
        "legend_late_sample": "+N AT",
        "legend_late": "geplantes Ende N Arbeitstage (AT) nach der Frist",
        "legend_phase": "Phase",
        "critical_path_no_links": "Die Maßnahmen sind nicht durch Abhängigkeiten (Ende–Anfang) verknüpft; einen kritischen Pfad gibt es daher nicht.",
        "critical_path_no_critical": "Die Maßnahmen sind durch Abhängigkeiten verknüpft, aber keine ist kritisch: jede hat Puffer, ist abgeschlossen oder an ihren Zeitraum gebunden.",
        "critical_path_not_through": "Keine Kette kritischer Maßnahmen reicht bis zum Planende; kritische Maßnahmen sind in den Tabellen markiert (Spalte „Krit.“).",
        "field_rollup_focus": "Mit Schwerpunkten: {done} von {total} abgeschlossen, {active} in Umsetzung; Fortschritt {progress}",
        "progress_unknown": "unbekannt",
        "field_goals": "Ziele des Handlungsfeldes",
        "as_of_label": "Stand vom {date}",
        "stale": "veraltet",
        "planned_period": "Geplanter Zeitraum",
        "deadline_period": "Ende des geplanten Zeitraums",
        "legend_window": "geplanter Zeitraum (Rahmen), Balken darin = Prognose nach Dauer",
        "legend_unknown": "Stand unbekannt (gepunktet, ?)",
        "tooltip_window": "geplanter Zeitraum {start} bis {finish}",
        "role_lead": "federführend",
        "role_partner": "beteiligt",
        "role_external": "extern",
        "principles": "Maßnahmen nach Prinzipien",
        "principles_intro": "Welche Maßnahme welchem Prinzip der Strategie dient (✓ = dient dem Prinzip).",
        "principles_count": "Anzahl Maßnahmen",
        "references": "Bezüge und Beschlüsse",
        "references_intro": "Ratsbeschlüsse, Programme und Strategien, auf die sich Maßnahmen beziehen.",
        "references_short": "Bezüge",
        "ref_group_council_paper": "Ratsbeschlüsse und Vorlagen",
        "ref_group_programme": "Programme",
        "ref_group_strategy": "Strategien",
        "ref_group_other": "Weitere Dokumente",
        "ref_council_paper": "Vorlage",
        "ref_programme": "Programm",
        "ref_strategy": "Strategie",
        "ref_other": "Dokument",
        "number": "Nummer",
        "externals": "Externe Abhängigkeiten",
        "externals_intro": "Leistungen Dritter, auf die Maßnahmen angewiesen sind. Sie verschieben keine Termine des Plans; die Tabelle zeigt, ob sie geliefert sind.",
        "externals_short": "Externe Zulieferung",
        "external_deliverable": "Leistung",
        "external_by": "Liefert",
        "expected": "Erwartet",
        "delivery": "Lieferstand",
        "external_delivered": "geliefert",
        "external_pending": "ausstehend",
        "external_late": "ausstehend, erwarteter Termin verstrichen",
        "expected_unknown": "unbekannt",
        "expected_short": "erwartet {when}",
        "related": "Verwandte Maßnahmen",
        "indicators": "Indikatoren",
        "indicator": "Indikator",
        "baseline": "Ausgangswert",
        "latest_value": "Letzter Messwert",
        "target": "Zielwert",
        "no_values": "noch keine Messwerte",
        "value_at": "{value} ({date})",
        "indicator_desc": "{title}, in {unit}. Ausgangswert: {baseline}. Messwerte: {values}. Zielwert: {target}.",
        "indicator_caption": "Verlauf des Indikators {title}",
        "legend_values": "Messwert",
        "legend_baseline": "Ausgangswert",
        "legend_target": "Ziel",
    },
    "en": {
        "status_date": "Status date",
        "toc": "Contents",
        "overview": "Overview",
        "key_figures": "Key figures",
        "figure": "Figure",
        "value": "Value",
        "leitbild": "Vision (Leitbild)",
        "goals": "Strategic goals",
        "timeline": "Schedule",
        "gantt_caption": "Schedule of the measures by field of action (Gantt chart)",
        "dependencies": "Dependencies",
        "depgraph_caption": "Dependencies between measures, in waves from left to right",
        "fields": "Measures by field of action",
        "field": "Field of action",
        "other_field": "Unknown field of action",
        "measures": "Measures",
        "measure": "Measure",
        "order": "No.",
        "id": "Id",
        "title": "Title",
        "obligation": "Obligation",
        "owner": "Owner",
        "start": "Start",
        "finish": "Finish",
        "duration": "Duration (wd)",
        "slack": "Slack (wd)",
        "critical": "critical",
        "critical_col": "Crit.",
        "yes": "yes",
        "no": "no",
        "none": "–",
        "deadline": "Deadline",
        "status": "Status",
        "progress": "Progress",
        "depends_on": "Depends on",
        "profile": "Profile",
        "field_rollup": "{done} of {total} done, {active} in progress; progress {progress}",
        "no_measures": "No measures.",
        "critical_path": "Critical path",
        "critical_path_intro": "These measures have no slack: any delay moves the end of the plan ({finish}).",
        "critical_path_empty": "No critical path (no measures scheduled).",
        "legal": "Legal obligations and deadlines",
        "legal_intro": "Measures with a legal basis, a deadline or an obligation class, ordered by obligation; the assessment compares the scheduled finish with the deadline that applies.",
        "legal_bases": "Legal bases",
        "legal_basis": "Legal basis",
        "requires": "Requirement",
        "source": "Source",
        "as_of": "checked on",
        "planned_finish": "Scheduled finish",
        "assessment": "Assessment",
        "on_time": "on time",
        "late_by": "late by {days} working days",
        "late_by_one": "late by 1 working day",
        "late_short": "+{days} wd",
        "no_deadline": "no deadline",
        "deadline_own": "own deadline",
        "legal_deadline": "Legal deadline",
        "no_legal_deadline": "no legal deadline",
        "legally_late_by": "exceeded by {days} working days",
        "deadline_from": "deadline from {source}",
        "chain": "Cause (driving chain)",
        "deadlines_at_risk": "Deadlines at risk",
        "deadlines_at_risk_empty": "All deadlines are met as planned.",
        "progress_results": "{value} of results",
        "verdict_met": "met",
        "verdict_met_late": "met late",
        "verdict_on_time": "on time",
        "verdict_at_risk": "at risk",
        "verdict_overdue": "overdue",
        "verdicts_legend": "Verdict per deadline: met, met late, on time (as planned), at risk (planned to finish after a deadline still ahead), overdue (deadline passed, measure not done). wd = working days.",
        "deadlines_exceeded_h": "Overdue deadlines and deadlines at risk",
        "deadlines_none": "No measure has a deadline.",
        "deadlines_all_met": "All deadlines are met or will be met as planned.",
        "deadlines_none_exceeded": "No deadline is overdue or at risk; {late} deadlines were met late.",
        "deadlines_exceeded": "{overdue} deadlines are overdue, {at_risk} more at risk.",
        "fig_deadlines": "Deadlines by verdict",
        "actual_finish": "actual finish",
        "deadline_set_by": "set by",
        "findings": "Findings of the check",
        "findings_intro": "The check (egovkit check) found these problems and notes about the plan. The plan is built all the same; the findings are also marked at the measures concerned.",
        "findings_none": "The check found no problems of the plan.",
        "finding_where": "Location",
        "finding_detail": "Message",
        "severity_error": "error",
        "severity_warning": "warning",
        "severity_info": "note",
        "findings_mark": "findings of the check for this measure",
        "no_legal": "No measure has a legal basis or deadline.",
        "organization": "Implementation organisation",
        "organization_empty": "No implementation organisation described (organization.yaml is missing).",
        "bodies": "Bodies",
        "roles": "Roles",
        "units": "Units",
        "name": "Name",
        "kind": "Kind",
        "tasks": "Tasks",
        "members": "Members",
        "meets": "Meets",
        "unit": "Unit",
        "person": "Person",
        "capacity": "Capacity (measures at once)",
        "unlimited": "unlimited",
        "measures_owned": "Measures",
        "capacity_delays": "Delays from capacity levelling",
        "capacity_intro": "These measures start later because the responsible unit is fully loaded.",
        "capacity_empty": "No measure is delayed by capacity limits.",
        "delay": "Delay (wd)",
        "profiles": "Project profiles",
        "profiles_empty": "No project profiles.",
        "steckbrief": "Profile",
        "profile_of": "Project profile",
        "covered_measures": "Measures covered",
        "client": "Client",
        "lead": "Project lead",
        "participants": "Participants",
        "period": "Period",
        "phases": "Phases",
        "phase": "Phase",
        "phase_timeline_caption": "Phases and milestones over time",
        "milestones": "Milestones",
        "milestone": "Milestone",
        "date": "Date",
        "budget": "Budget",
        "budget_total": "Total budget",
        "funding": "Funding",
        "funding_source": "Funding programme",
        "risks": "Risks",
        "kpis": "Key performance indicators",
        "description": "Description",
        "back_to_overview": "Back to the overview",
        "calendar": "Working calendar",
        "workdays": "Working days",
        "holidays": "Public holidays in the plan period",
        "holidays_state": "Public holidays ({state})",
        "closures": "Closures",
        "cancelled": "Cancelled measures",
        "cancelled_short": "cancelled",
        "item": "Item",
        "details": "Details",
        "fig_measures": "Measures (not cancelled)",
        "fig_by_status": "Measures by status",
        "fig_by_obligation": "Measures by obligation",
        "fig_start": "Plan start",
        "fig_finish": "Plan finish (expected)",
        "fig_horizon": "End of the planning horizon",
        "fig_beyond_horizon": "the plan ends {days} calendar days after the horizon",
        "fig_critical": "Critical measures",
        "fig_at_risk": "Deadlines at risk",
        "fig_capacity": "Delayed by capacity",
        "fig_cost": "Estimated cost",
        "fig_progress": "Progress (weighted by duration)",
        "fig_progress_unknown": "leaving out {count} measures whose status or progress is unknown",
        "fig_progress_unknown_one": "leaving out one measure whose status or progress is unknown",
        "legend": "Legend",
        "legend_critical": "critical (no slack)",
        "legend_progress": "progress",
        "legend_done": "done",
        "legend_deadline": "deadline met",
        "legend_deadline_missed": "deadline overdue or at risk",
        "legend_milestone": "milestone",
        "legend_status_line": "status date",
        "wave": "Wave {n}",
        "gantt_desc": "{count} measures in {fields} fields of action from {start} to {finish}; status date {status}. The tables below hold the same data.",
        "depgraph_desc": "{count} measures in {waves} waves with {edges} dependencies; critical dependencies are thick and black. The tables below hold the same data.",
        "timeline_desc": "{phases} phases and {milestones} milestones from {start} to {finish}.",
        "tooltip_dates": "{start} to {finish}",
        "tooltip_slack": "slack {slack} wd",
        "tooltip_deadline": "deadline {date}",
        "generated_by": "Generated by egovkit from the files of the strategy repository.",
        "mermaid_too_large": "*The diagram is too large for Mermaid; the HTML edition contains it in full.*",
        "mermaid_gantt_note": "GitHub and GitLab draw the diagrams; the HTML edition holds the same data as a chart and as tables.",
        "working_days": "{days} wd",
        "percent": "{value}\u00a0%",
        "currency": "€{value}",
        "legend_progress_part": "progress (dark part)",
        "legend_done_hatched": "done (hatched)",
        "legend_on_hold": "on hold (dashed)",
        "legend_late_sample": "+N wd",
        "legend_late": "planned finish N working days (wd) after the deadline",
        "legend_phase": "phase",
        "critical_path_no_links": "The measures are not linked by finish-to-start dependencies, so there is no critical path.",
        "critical_path_no_critical": "The measures are linked by dependencies, but none is critical: each has slack, is done or is bound to its period.",
        "critical_path_not_through": "No chain of critical measures reaches the end of the plan; critical measures are marked in the tables (column “Crit.”).",
        "field_rollup_focus": "Including focus areas: {done} of {total} done, {active} in progress; progress {progress}",
        "progress_unknown": "unknown",
        "field_goals": "Goals of this field of action",
        "as_of_label": "status as of {date}",
        "stale": "out of date",
        "planned_period": "Planned period",
        "deadline_period": "end of the planned period",
        "legend_window": "planned period (frame), bar inside = forecast by duration",
        "legend_unknown": "status unknown (dotted, ?)",
        "tooltip_window": "planned period {start} to {finish}",
        "role_lead": "lead",
        "role_partner": "partner",
        "role_external": "external",
        "principles": "Measures by principle",
        "principles_intro": "Which measure serves which principle of the strategy (✓ = serves the principle).",
        "principles_count": "Number of measures",
        "references": "References and decisions",
        "references_intro": "Council decisions, programmes and strategies the measures refer to.",
        "references_short": "References",
        "ref_group_council_paper": "Council decisions and papers",
        "ref_group_programme": "Programmes",
        "ref_group_strategy": "Strategies",
        "ref_group_other": "Other documents",
        "ref_council_paper": "council paper",
        "ref_programme": "programme",
        "ref_strategy": "strategy",
        "ref_other": "document",
        "number": "Number",
        "externals": "External dependencies",
        "externals_intro": "Deliverables from outside the administration that measures rely on. They move no dates of the plan; the table shows whether they have been delivered.",
        "externals_short": "External deliverables",
        "external_deliverable": "Deliverable",
        "external_by": "Delivered by",
        "expected": "Expected",
        "delivery": "Delivery",
        "external_delivered": "delivered",
        "external_pending": "pending",
        "external_late": "pending, expected date passed",
        "expected_unknown": "unknown",
        "expected_short": "expected {when}",
        "related": "Related measures",
        "indicators": "Indicators",
        "indicator": "Indicator",
        "baseline": "Baseline",
        "latest_value": "Latest value",
        "target": "Target",
        "no_values": "no values yet",
        "value_at": "{value} ({date})",
        "indicator_desc": "{title}, in {unit}. Baseline: {baseline}. Values: {values}. Target: {target}.",
        "indicator_caption": "Course of the indicator {title}",
        "legend_values": "value",
        "legend_baseline": "baseline",
        "legend_target": "target",
    },
}

#: How a date is written: ``d`` day, ``m`` month number, ``mon`` abbreviated month, ``y`` year.
DATE_PATTERN = {"de": "{d:02d}.{m:02d}.{y}", "en": "{d} {mon} {y}"}
THOUSANDS_SEPARATOR = {"de": ".", "en": ","}
#: Mermaid gantt axis labels (d3 time format).
MERMAID_AXIS = {"de": "%m.%Y", "en": "%b %Y"}


@dataclass(frozen=True, eq=False)
class Locale:
    """Labels and formatting of one language; get one with :meth:`for_language`."""

    language: str  # "de" or "en", also the HTML ``lang`` attribute
    labels: Mapping[str, str]  # the templates' ``t``
    months: tuple[str, ...]
    months_short: tuple[str, ...]
    weekdays: Mapping[str, str]  # "mon" … "sun" → abbreviation
    obligations: Mapping[str, str]
    obligation_letters: Mapping[str, str]
    statuses: Mapping[str, str]
    priorities: Mapping[str, str]
    body_kinds: Mapping[str, str]
    unit_kinds: Mapping[str, str]
    date_pattern: str
    thousands_separator: str
    mermaid_axis: str
    rule_titles: Mapping[str, str]  # finding code → short title
    _dates: dict[dt.date, str] = field(default_factory=dict, init=False, repr=False)

    @staticmethod
    def for_language(language: str) -> Locale:
        """The locale of ``de`` or ``en``; ValueError for any other language."""
        if language not in LANGS:
            raise ValueError(f"unknown language '{language}': use one of {', '.join(LANGS)}")
        return _locale(language)

    # --- labels ---------------------------------------------------------------------------
    def text(self, key: str, **fields: object) -> str:
        """The label ``key``, with ``{placeholders}`` filled in when ``fields`` are given."""
        label = self.labels[key]
        return label.format(**fields) if fields else label

    def obligation(self, key: str) -> str:
        return self.obligations[key]

    def obligation_letter(self, key: str) -> str:
        return self.obligation_letters[key]

    def status(self, key: str) -> str:
        return self.statuses[key]

    def priority(self, key: str) -> str:
        return self.priorities.get(key, key)

    def body_kind(self, key: str) -> str:
        return self.body_kinds[key]

    def unit_kind(self, key: str) -> str:
        return self.unit_kinds[key]

    def weekday(self, key: str) -> str:
        return self.weekdays.get(key, key)

    def rule_title(self, code: str) -> str:
        """A short title of finding ``code`` in this language (the code if none is set)."""
        return self.rule_titles.get(code, code)

    # --- dates and numbers ----------------------------------------------------------------
    def date(self, day: dt.date | None) -> str:
        """``31.12.2022`` (de) or ``31 Dec 2022`` (en); the dash label for no date. Each
        day's text is made once and shared (a large plan shows the same days thousands of
        times)."""
        if day is None:
            return self.labels["none"]
        text = self._dates.get(day)
        if text is None:
            mon = self.months_short[day.month - 1]
            text = self.date_pattern.format(d=day.day, m=day.month, mon=mon, y=day.year)
            self._dates[day] = text
        return text

    def month_year(self, day: dt.date) -> str:
        return f"{self.months[day.month - 1]} {day.year}"

    def month_short(self, month: int) -> str:
        """Abbreviated name of ``month`` (1 … 12)."""
        return self.months_short[month - 1]

    def number(self, value: int) -> str:
        """Thousands separated: ``1.234.567`` (de), ``1,234,567`` (en)."""
        return f"{value:,}".replace(",", self.thousands_separator)

    def money(self, value: int) -> str:
        return self.labels["currency"].format(value=self.number(value))

    def percent(self, value: int) -> str:
        return self.labels["percent"].format(value=value)

    def decimal(self, value: float) -> str:
        """A measured value: whole numbers as :meth:`number`, else up to two decimals
        (``61,5`` in German, ``61.5`` in English)."""
        if float(value).is_integer():
            return self.number(int(value))
        whole, _, frac = f"{abs(value):.2f}".rstrip("0").partition(".")
        sign = "-" if value < 0 else ""
        point = "," if self.thousands_separator == "." else "."
        return f"{sign}{self.number(int(whole))}" + (f"{point}{frac}" if frac else "")

    def quantity(self, value: float, unit: str) -> str:
        """``61,5 %`` / ``12 Dienste``: the value and its unit, never broken apart."""
        return f"{self.decimal(value)}\u00a0{unit}"

    def span(self, first: dt.date, last: dt.date, precision: str) -> str:
        """A date as written in the strategy: a day, ``März 2024``, ``Q2 2024`` or ``2024``."""
        if precision == "year":
            return str(first.year)
        if precision == "quarter":
            return f"Q{(first.month - 1) // 3 + 1} {first.year}"
        if precision == "month":
            return self.month_year(first)
        return self.date(first if first == last else last)

    def role(self, key: str) -> str:
        """An owner's role: lead, partner or external."""
        return self.labels[f"role_{key}"]

    def working_days(self, days: int) -> str:
        return self.labels["working_days"].format(days=self.number(days))

    def late(self, days: int) -> str:
        """``verspätet um 3 Arbeitstage`` / ``late by 3 working days``."""
        if days == 1:
            return self.labels["late_by_one"]
        return self.labels["late_by"].format(days=self.number(days))

    # --- holidays -------------------------------------------------------------------------
    def holidays(self, calendar: CalendarInfo) -> tuple[tuple[dt.date, str], ...]:
        """The holidays of a plan's calendar, named in this language."""
        return localized_holidays(calendar.holidays, calendar.state, self.language)


#: Short titles of the finding codes a plan shows (problems of the plan, not input errors).
RULE_TITLES = {
    "de": {
        "L001": "Pflichtmaßnahme ohne Rechtsgrundlage",
        "L002": "Pflichtmaßnahme ohne Frist",
        "L003": "eigene Frist nach der gesetzlichen",
        "C001": "abgeschlossen vor einer Voraussetzung",
        "C002": "begonnen vor einer Voraussetzung",
        "C003": "Ziel ohne Maßnahme",
        "C004": "Handlungsfeld ohne Maßnahme",
        "C005": "Status und Daten widersprechen sich",
        "P001": "Steckbrief ohne Maßnahme",
        "D001": "Frist gefährdet",
        "D002": "Ende nach dem Planungshorizont",
        "D004": "Frist überschritten",
        "D005": "Zeitraum beginnt vor einer Voraussetzung",
        "C006": "Maßnahme ohne Status",
        "C007": "Stand veraltet",
        "C008": "Voraussetzung aus dem Maßnahmenkatalog fehlt",
        "R014": "unbekannte Katalog-Maßnahme",
        "I001": "Zieldatum außerhalb des Horizonts",
        "I002": "Messwert außerhalb des Wertebereichs",
        "P002": "Phase endet vor ihren Maßnahmen",
        "P003": "Meilenstein vor Beginn seiner Maßnahme",
        "A001": "Maßnahme ohne rechenschaftspflichtige Rolle",
        "A002": "Personalaufwand über Kapazität",
        "A003": "Förderung höher als Kosten",
        "Q001": "unbekannte Frage",
        "Q002": "Antwort außerhalb der Skala",
        "Q003": "Pflichtfrage ohne Antwort",
        "Q004": "Beleg nach der Bewertung datiert",
        "Q005": "Belegdatei fehlt",
    },
    "en": {
        "L001": "required measure without legal basis",
        "L002": "required measure without deadline",
        "L003": "own deadline after the legal one",
        "C001": "done before a prerequisite",
        "C002": "started before a prerequisite",
        "C003": "goal without measure",
        "C004": "field of action without measure",
        "C005": "status and dates contradict",
        "P001": "profile without measure",
        "D001": "deadline at risk",
        "D002": "finish after the planning horizon",
        "D004": "deadline overdue",
        "D005": "period starts before a prerequisite",
        "C006": "measure without status",
        "C007": "status out of date",
        "C008": "catalog prerequisite missing",
        "R014": "unknown catalog measure",
        "I001": "target date outside the horizon",
        "I002": "value outside its range",
        "P002": "phase ends before its measures",
        "P003": "milestone before its measure starts",
        "A001": "measure without an accountable role",
        "A002": "staff effort over capacity",
        "A003": "funding above cost",
        "Q001": "unknown question",
        "Q002": "answer off the scale",
        "Q003": "required answer missing",
        "Q004": "evidence dated after the assessment",
        "Q005": "evidence file missing",
    },
}


@lru_cache(maxsize=len(LANGS))
def _locale(lang: str) -> Locale:
    return Locale(
        language=lang,
        labels={
            **LABELS[lang],
            **ARBEITSPLAN_LABELS[lang],
            **REPORT_LABELS[lang],
            **ASSESS_LABELS[lang],
        },
        months=MONTHS[lang],
        months_short=MONTHS_SHORT[lang],
        weekdays=WEEKDAYS[lang],
        obligations=OBLIGATION[lang],
        obligation_letters=OBLIGATION_LETTER[lang],
        statuses=STATUS[lang],
        priorities=PRIORITY[lang],
        body_kinds=BODY_KIND[lang],
        unit_kinds=UNIT_KIND[lang],
        date_pattern=DATE_PATTERN[lang],
        thousands_separator=THOUSANDS_SEPARATOR[lang],
        mermaid_axis=MERMAID_AXIS[lang],
        rule_titles=RULE_TITLES[lang],
    )
