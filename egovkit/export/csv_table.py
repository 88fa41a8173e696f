"""The measures as CSV, one row per measure (``egovkit export csv``).

RFC 4180 quoting by Python's csv module, CRLF line ends, UTF-8. ``--lang de`` (the
default for German strategies) writes what Excel in Germany opens directly: ``;`` between
fields, a byte order mark, German headers; ``--lang en`` writes ``,``, no BOM and English
headers. Dates are ISO (``2024-03-31``), ``critical`` is ``true``/``false``, codes
(obligation, status, verdict) are egovkit's own values, ``depends_on`` joins the ids by
spaces. A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets
a leading ``'``, so a spreadsheet shows it as text and never runs it as a formula.
"""

from __future__ import annotations

import csv
import io

from egovkit.export.labels import labels
from egovkit.load.workspace import Workspace
from egovkit.plan.result import Plan
from egovkit.render.locale import Locale

COLUMNS = ("id", "title", "field", "obligation", "status", "start", "finish", "deadline",
           "verdict", "slack", "critical", "owner", "depends_on")  # fmt: skip
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def cell_text(value: object) -> str:
    """A cell as text that no spreadsheet reads as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def rows(plan: Plan) -> list[list[str]]:
    out = []
    for m in plan.measures:
        values = [
            m.id, m.title, m.field, m.obligation.value, m.status.value, m.start.isoformat(),
            m.finish.isoformat(), m.deadline.isoformat() if m.deadline else "",
            m.verdict.value if m.verdict else "", m.slack, "true" if m.critical else "false",
            m.owner or "", " ".join(m.depends_on),
        ]  # fmt: skip
        out.append([cell_text(v) for v in values])
    return out


def render(plan: Plan, ws: Workspace, locale: Locale) -> str:
    german = locale.language == "de"
    words = labels(locale)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if german else ",", lineterminator="\r\n")
    writer.writerow([words[c] for c in COLUMNS])
    writer.writerows(rows(plan))
    return (BOM if german else "") + buffer.getvalue()
