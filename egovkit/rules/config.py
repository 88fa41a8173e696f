"""R010: the ``checks:`` section of strategy.yaml names codes that exist and may be changed."""

from __future__ import annotations

from collections.abc import Iterator

from egovkit.diagnostics.codes import RULES, configurable, finding
from egovkit.diagnostics.record import Diagnostic
from egovkit.load.workspace import Workspace


def check_keys(ws: Workspace) -> Iterator[Diagnostic]:
    if ws.strategy is None:
        return
    for key in ws.strategy.model.checks:
        location = ws.strategy.source.key("checks", key)
        if not any(code.startswith(key) for code in RULES):
            yield finding(
                "R010",
                f"'{key}' names no finding code; use a code such as D001 or a family letter "
                "such as C (docs/rules.md lists them)",
                location,
            )
        elif not configurable(key):
            yield finding(
                "R010",
                f"'{key}' covers codes of unusable input (Y, S, R, G, T, D003), whose severity "
                "cannot be changed; name the codes of plan problems instead (e.g. D001, C003)",
                location,
            )
