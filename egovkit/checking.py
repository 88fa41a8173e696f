"""`egovkit check` as a library call: load, run every rule, filter, decide the exit code."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from egovkit.diagnostics import Diagnostic, Severity, sort_diagnostics
from egovkit.load import load_workspace
from egovkit.rules import run_checks
from egovkit.workspace import Workspace


@dataclass(frozen=True)
class CheckResult:
    workspace: Workspace
    diagnostics: list[Diagnostic]

    @property
    def files(self) -> int:
        return len(self.workspace.files)

    def failed(self, strict: bool = False) -> bool:
        failing = {Severity.error, Severity.warning} if strict else {Severity.error}
        return any(d.severity in failing for d in self.diagnostics)


def _selected(code: str, select: list[str], ignore: list[str]) -> bool:
    if select and not any(code.startswith(p) for p in select):
        return False
    return not any(code.startswith(p) for p in ignore)


def check(
    root: Path, select: list[str] | None = None, ignore: list[str] | None = None, today=None
) -> CheckResult:
    ws = load_workspace(root)
    found = run_checks(ws)
    from egovkit.rules.schedule import schedule_findings

    found.extend(schedule_findings(ws, found, today=today))
    kept = [d for d in found if _selected(d.code, select or [], ignore or [])]
    return CheckResult(ws, sort_diagnostics(kept))
