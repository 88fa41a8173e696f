"""Progress on work that takes longer than a second (portfolios, long histories, PDFs):
a Rich progress line on stderr, only when stderr is a terminal and not with ``--quiet``
(``egovkit --quiet …``, or ``EGOVKIT_QUIET=1``). Output files never depend on it."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")

#: Set by the root command's --quiet.
QUIET = False


def enabled() -> bool:
    return not QUIET and os.environ.get("EGOVKIT_QUIET") != "1" and sys.stderr.isatty()


def track(items: Iterable[T], label: str, total: int | None = None) -> Iterator[T]:
    """``items``, with a progress bar of ``total`` steps while they are consumed."""
    if not enabled():
        yield from items
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    from egovkit.cli.console import stderr_console

    columns = (BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=stderr_console(), transient=True) as bar:
        task = bar.add_task(label, total=total)
        for item in items:
            yield item
            bar.advance(task)


@contextmanager
def working(label: str) -> Iterator[None]:
    """A spinner with ``label`` while the block runs."""
    if not enabled():
        yield
        return
    from egovkit.cli.console import stderr_console

    with stderr_console().status(label):
        yield
