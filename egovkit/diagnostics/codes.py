"""Every finding code egovkit can produce: name, default severity and one-line summary.

Codes are a family letter plus three digits and are never reused once retired:
Y YAML/files, S schema, R references/ids, G dependency graph, L legal obligations,
C status and coverage consistency, P profiles, D dates and deadlines (scheduling),
T templates of the repository, A the Arbeitsplan (responsibilities, money, effort),
Q assessments (questionnaire answers and their evidence).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from egovkit.diagnostics.record import Diagnostic, Location, Related, Severity

E, W, INFO = Severity.error, Severity.warning, Severity.info


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    summary: str
    enabled: bool = True  # False: reported only when strategy.yaml's checks: names it


_TABLE = [
    ("Y001", "yaml-syntax", E, "The file is not valid YAML."),
    ("Y002", "duplicate-key", E, "A key appears twice in one mapping."),
    ("Y003", "unreadable-file", E, "The file cannot be read or is not UTF-8 text."),
    ("Y004", "empty-file", E, "The file (or a profile's front matter) is empty."),
    ("Y005", "ignored-file", W, "A file in measures/ or profiles/ has the wrong extension."),
    ("Y006", "missing-front-matter", E, "A profile does not start with YAML front matter."),
    (
        "Y007",
        "refused-file",
        E,
        "A symlink out of the repository, a device or FIFO, or a file over the size limit.",
    ),
    ("Y008", "yaml-budget", E, "A file or the repository exceeds egovkit's YAML budgets."),
    ("S001", "missing-key", E, "A required key is missing."),
    ("S002", "unknown-key", E, "A key is not part of the format (often a typo)."),
    ("S003", "invalid-value", E, "A value has the wrong type or is out of range."),
    (
        "R001",
        "duplicate-id",
        E,
        "Two measures, profiles, goals, fields or org entries share an id.",
    ),
    ("R002", "id-file-mismatch", E, "A measure's or profile's id differs from its file name."),
    ("R003", "unknown-field", E, "A measure names a field of action that does not exist."),
    ("R004", "unknown-goal", E, "A measure names a strategic goal that does not exist."),
    ("R005", "unknown-dependency", E, "depends_on names a measure that does not exist."),
    ("R006", "unknown-owner", E, "A measure's owner is not a unit in organization.yaml."),
    ("R007", "unknown-legal-basis", E, "A legal basis id is neither built in nor local."),
    ("R008", "unknown-profile-measure", E, "A profile names a measure that does not exist."),
    ("R009", "unknown-org-reference", E, "A role, body or unit reference does not exist."),
    (
        "R010",
        "unknown-check-code",
        E,
        "A key of checks: in strategy.yaml names no code, or a code that cannot be changed.",
    ),
    (
        "R011",
        "unknown-principle",
        E,
        "A measure names a principle (tag) that strategy.yaml does not declare.",
    ),
    (
        "R012",
        "unknown-related-measure",
        E,
        "related names a measure that does not exist.",
    ),
    (
        "R013",
        "unknown-measure-reference",
        E,
        "A risk, phase or sub-project names a measure that does not exist.",
    ),
    (
        "R014",
        "unknown-catalog-id",
        E,
        "A measure's from_catalog names no entry of egovkit's catalog of standard measures.",
    ),
    ("G001", "self-dependency", E, "A measure depends on itself."),
    ("G002", "dependency-cycle", E, "Measures depend on each other in a cycle."),
    ("L001", "required-without-legal-basis", E, "A required measure cites no legal basis."),
    ("L002", "required-without-deadline", E, "A required measure has no deadline, own or legal."),
    (
        "L003",
        "deadline-after-legal-deadline",
        INFO,
        "A measure's own deadline is after its legal one.",
    ),
    ("C001", "done-before-prerequisite", E, "A measure is done while a prerequisite is not."),
    ("C002", "started-before-prerequisite", W, "A measure is in progress, a prerequisite planned."),
    ("C003", "goal-without-measure", W, "No measure serves a strategic goal."),
    ("C004", "field-without-measure", W, "A field of action has no measure."),
    ("C005", "status-dates-inconsistent", E, "Status, progress and actual dates contradict."),
    (
        "C006",
        "status-missing",
        W,
        "A measure publishes no status (off unless checks: switches it on).",
    ),
    (
        "C007",
        "status-stale",
        INFO,
        "A measure's status (as_of) is older than planning.stale_after_days.",
    ),
    (
        "C008",
        "catalog-prerequisite-missing",
        W,
        "A catalog measure usually needs another one first, and no measure comes from it.",
    ),
    (
        "I001",
        "indicator-target-outside-horizon",
        W,
        "An indicator's target date lies outside the strategy horizon.",
    ),
    (
        "I002",
        "indicator-value-out-of-range",
        E,
        "An indicator value lies outside its declared min and max.",
    ),
    ("P001", "profile-without-measure", E, "A profile covers no existing measure."),
    (
        "P002",
        "phase-before-measures",
        W,
        "A phase ends before a measure it lists is scheduled to finish.",
    ),
    (
        "P003",
        "milestone-before-measure",
        W,
        "A milestone's date is before its measure is scheduled to start.",
    ),
    (
        "A001",
        "no-accountable",
        W,
        "A measure has no accountable role (RACI), given or derived, in a plan that uses RACI.",
    ),
    (
        "A002",
        "effort-over-capacity",
        W,
        "A unit's planned effort in a budget year exceeds its effort_capacity.",
    ),
    (
        "A003",
        "funding-exceeds-cost",
        E,
        "A measure's funding exceeds its one-off cost, or funds a measure without a cost.",
    ),
    (
        "D001",
        "deadline-missed",
        E,
        "A measure is planned to finish after a deadline that is still ahead (at risk).",
    ),
    ("D002", "beyond-horizon", W, "A measure's scheduled finish is after the strategy horizon."),
    (
        "D003",
        "schedule-out-of-range",
        E,
        "The schedule runs past 2100-12-31, the last day egovkit plans with.",
    ),
    (
        "D005",
        "period-before-prerequisite",
        W,
        "A measure's period starts before a prerequisite finishes.",
    ),
    (
        "D004",
        "deadline-passed",
        W,
        "A deadline has passed and the measure is not done (overdue).",
    ),
    (
        "Q001",
        "unknown-question",
        E,
        "An assessment names a question or questionnaire that does not exist.",
    ),
    ("Q002", "answer-off-scale", E, "An answer is not on its question's scale."),
    (
        "Q003",
        "required-answer-missing",
        W,
        "A required question of the assessment's view has no answer.",
    ),
    ("Q004", "evidence-after-assessment", E, "Evidence is dated after the assessment it supports."),
    ("Q005", "evidence-file-missing", W, "An evidence file is not in the repository."),
    ("T001", "template-error", E, "A template of the repository cannot be used safely."),
]

#: Rules a repository must switch on (``checks: {C006: warning}``).
OFF_BY_DEFAULT = frozenset({"C006"})

RULES: dict[str, Rule] = {
    code: Rule(code, name, sev, text, code not in OFF_BY_DEFAULT)
    for code, name, sev, text in _TABLE
}

#: Findings of these families (and codes) mean the input is unusable: no schedule can be
#: computed or rendered, so `plan build` refuses and their severity cannot be configured.
#: Every other finding is a problem *of* the plan: shown in it, severity configurable.
BLOCKING_FAMILIES = ("Y", "S", "R", "G", "T")
BLOCKING_CODES = frozenset({"D003"})


def blocks(code: str) -> bool:
    """Whether a finding with ``code`` makes the input unusable for a plan."""
    return code.startswith(BLOCKING_FAMILIES) or code in BLOCKING_CODES


def configured_level(code: str, levels: Mapping[str, object]) -> str | None:
    """The level ("error", "warning", "info" or "off") the most specific key of a
    repository's ``checks:`` section sets for ``code``; None if no key covers it or the
    code means unusable input (whose severity no key changes)."""
    if blocks(code):
        return None
    keys = [k for k in levels if code.startswith(k)]
    if not keys:
        return None
    level = levels[max(keys, key=len)]
    return str(getattr(level, "value", level))


def switched_on(code: str, levels: Mapping[str, object]) -> bool:
    """Whether findings with ``code`` are reported under ``checks:`` ``levels``; a check
    may skip its work when they are not."""
    level = configured_level(code, levels)
    return (RULES[code].enabled or blocks(code)) if level is None else level != "off"


def configurable(key: str) -> bool:
    """Whether ``checks:`` may set the severity of ``key`` (a code or a code prefix)."""
    matching = [code for code in RULES if code.startswith(key)]
    return bool(matching) and not any(blocks(code) for code in matching)


def finding(
    code: str,
    message: str,
    location: Location,
    related: tuple[Related, ...] = (),
    severity: Severity | None = None,
) -> Diagnostic:
    """A diagnostic with the rule's default severity unless one is given."""
    return Diagnostic(code, severity or RULES[code].severity, message, location, related)
