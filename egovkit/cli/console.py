"""Rich consoles for the CLI: colour only on a terminal and never with NO_COLOR.

Data is never decoration: ``:x:`` stays ``:x:`` (no emoji codes), and every string the
consoles render has its control characters made visible (line breaks stay), so a title with
``ESC [2J`` cannot clear the screen even where a caller forgot
:func:`egovkit.textsafe.terminal_text`. Rich markup in data must still be escaped by the
caller (``rich.markup.escape``), since markup is how egovkit styles its own output.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from rich.console import Console
from rich.text import Text

from egovkit.textsafe import terminal_lines


class SafeConsole(Console):
    """A Console whose strings (printed, or in table cells and titles) carry no controls."""

    def render_str(self, text: str, **kwargs: Any) -> Text:
        return super().render_str(terminal_lines(text), **kwargs)


def _console(**kwargs: Any) -> Console:
    return SafeConsole(
        no_color="NO_COLOR" in os.environ,
        highlight=False,
        soft_wrap=True,
        emoji=False,
        **kwargs,
    )


def stdout_console() -> Console:
    return _console(file=sys.stdout)


def stderr_console() -> Console:
    return _console(stderr=True)
