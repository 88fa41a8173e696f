"""The one error branch that means "tell the user and stop": the CLI prints it and exits.

Library code raises a :class:`UserError` (or a subclass) for anything the user can fix: a
folder that is not a strategy repository, an output folder egovkit may not write to. The
CLI turns it into one line on stderr and ``exit_code`` (2 by default); everything else that
escapes is a bug in egovkit (one line, traceback with ``--debug``).
"""

from __future__ import annotations


class UserError(Exception):
    """A problem the user can fix; ``str(error)`` is the message, without a prefix."""

    exit_code = 2
