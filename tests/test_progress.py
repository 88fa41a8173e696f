"""Progress on long work: shown on a terminal, never with --quiet or when piped, and it
never changes what a command computes."""

from __future__ import annotations

import io
import sys

import pytest

from egovkit.cli import progress


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_only_on_a_terminal_and_not_quiet(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(progress, "QUIET", False)
    monkeypatch.delenv("EGOVKIT_QUIET", raising=False)
    piped = io.StringIO()
    monkeypatch.setattr(sys, "stderr", piped)
    assert not progress.enabled()
    assert list(progress.track([1, 2, 3], "x", 3)) == [1, 2, 3]
    monkeypatch.setattr(sys, "stderr", _Tty())
    assert progress.enabled()
    monkeypatch.setattr(progress, "QUIET", True)
    assert not progress.enabled()
    monkeypatch.setattr(progress, "QUIET", False)
    monkeypatch.setenv("EGOVKIT_QUIET", "1")
    assert not progress.enabled()


def test_progress_on_a_terminal_yields_every_item(monkeypatch: pytest.MonkeyPatch) -> None:
    from egovkit.cli import console

    terminal = _Tty()
    monkeypatch.setattr(progress, "QUIET", False)
    monkeypatch.delenv("EGOVKIT_QUIET", raising=False)
    monkeypatch.setattr(sys, "stderr", terminal)
    if hasattr(console.stderr_console, "cache_clear"):
        console.stderr_console.cache_clear()
    assert list(progress.track(range(5), "check", 5)) == [0, 1, 2, 3, 4]
    with progress.working("rendering"):
        pass
    if hasattr(console.stderr_console, "cache_clear"):
        console.stderr_console.cache_clear()
