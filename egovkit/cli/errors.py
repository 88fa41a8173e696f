"""Usage errors found while reading options (exit code 2, one line on stderr)."""

from __future__ import annotations

from egovkit.errors import UserError


def fail(message: str) -> UserError:
    """The error to raise for a bad option value; the CLI prints it and exits 2."""
    return UserError(message)
