"""Parsing many new files in worker processes while this one settles and validates them.

Used by :mod:`egovkit.load.repo` for a repository with at least
:data:`PARALLEL_MIN_FILES` files that the parse cache does not hold. Each worker parses as
if the run's YAML budget were untouched (:func:`egovkit.load.parsed.parse_detached`); the
loader charges every result to the run's budget in file order, so the findings are those of
a serial run.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

#: Parse in worker processes when at least this many files are not in the cache and there
#: is more than one CPU; for fewer, starting the workers costs more than they save.
PARALLEL_MIN_FILES = 2_000
#: At most this many worker processes.
MAX_WORKERS = 8


def _workers(files: int) -> int:
    """Worker processes worth starting for ``files`` files to parse (0 or 1: none)."""
    if files < PARALLEL_MIN_FILES:
        return 0
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not Linux
        cpus = os.cpu_count() or 1
    return min(cpus, MAX_WORKERS)


class Parsing:
    """New files parsed in worker processes, each as if the budget were untouched, as
    pickled :class:`Parsed` tuples (which go to the cache as they are), handed over in file
    order as the workers finish them, so this process settles and validates the first files
    while the workers parse the last. :meth:`pop` gives None (parse here instead) for every
    file when workers are not worth it or cannot start, and for the rest when one fails.

    While the workers parse, ``while_waiting`` (if given) runs here once: work of later
    stages that needs no parsed file, such as loading their modules.
    """

    def __init__(
        self, items: list[tuple[int, Any, bytes]], while_waiting: Callable[[], None] | None
    ) -> None:
        self._items = items
        self._while_waiting = while_waiting
        self._arrived: dict[int, bytes] = {}
        self._pending: Iterator[tuple[list, list[bytes]]] | None = None
        self._pool: Any = None

    def __enter__(self) -> Parsing:
        workers = _workers(len(self._items))
        if workers < 2:
            return self
        import concurrent.futures
        import multiprocessing
        import threading

        from egovkit.load.parsed import parse_detached, start_worker

        items = self._items
        size = -(-len(items) // (workers * 4))  # a few chunks per worker to even out the load
        chunks = [items[start : start + size] for start in range(0, len(items), size)]
        # fork starts a worker in milliseconds with everything imported; it is unsafe only
        # in a process with threads (egovkit used as a library), which spawns fresh ones
        fork = "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1
        context = multiprocessing.get_context("fork" if fork else "spawn")
        try:
            self._pool = concurrent.futures.ProcessPoolExecutor(
                workers, mp_context=context, initializer=start_worker
            )
            work = [[(job.rel, raw, job.profile) for _, job, raw in chunk] for chunk in chunks]
            self._pending = zip(chunks, self._pool.map(parse_detached, work), strict=True)
        except Exception:  # no processes here (a sandbox, a limit): parse in this process
            self._close()
            return self
        if self._while_waiting is not None:
            self._while_waiting()
        return self

    def pop(self, index: int) -> bytes | None:
        while index not in self._arrived and self._pending is not None:
            try:
                chunk, parsed = next(self._pending)
            except StopIteration:
                self._pending = None
            except Exception:  # a worker failed: this process parses the rest, meeting any
                self._close()  # problem the same way
            else:
                self._arrived.update((i, p) for (i, _, _), p in zip(chunk, parsed, strict=True))
        return self._arrived.pop(index, None)

    def __exit__(self, *exc: object) -> None:
        self._close()

    def _close(self) -> None:
        self._pending = None
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
