"""Rich consoles for the CLI: colour only on a terminal and never with NO_COLOR."""

from __future__ import annotations

import os
import sys

from rich.console import Console


def stdout_console() -> Console:
    return Console(
        file=sys.stdout, no_color="NO_COLOR" in os.environ, highlight=False, soft_wrap=True
    )


def stderr_console() -> Console:
    return Console(stderr=True, no_color="NO_COLOR" in os.environ, highlight=False, soft_wrap=True)
