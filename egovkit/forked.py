"""Run a computation on data already in memory in a forked child process, beside this one.

``beside(fn)`` forks; the child computes ``fn()`` on its copy of the memory (nothing is
pickled on the way in) and sends the result back pickled through a pipe. Calling the
returned function waits for that result. Where a fork is impossible or unsafe (no ``fork``
on this system, threads running in this process, a process limit) or the child fails in
any way, the returned function computes ``fn()`` here instead, so the result, and any
exception it raises, is the same as without a child.
"""

from __future__ import annotations

import os
import pickle
import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def beside(fn: Callable[[], T]) -> Callable[[], T]:
    """Start ``fn()`` in a forked child; the function that returns its result."""
    if not hasattr(os, "fork") or threading.active_count() != 1:
        return fn
    try:
        read_end, write_end = os.pipe()
        pid = os.fork()
    except OSError:
        return fn
    if pid == 0:  # the child: compute, send, and leave without running any exit handler
        os.close(read_end)
        code = 1
        try:
            with os.fdopen(write_end, "wb") as out:
                pickle.dump(fn(), out, protocol=pickle.HIGHEST_PROTOCOL)
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)

    def result() -> T:
        with os.fdopen(read_end, "rb") as incoming:
            try:
                value = pickle.load(incoming)
            except Exception:  # the child failed or died: compute it here
                value = _failed
        _, status = os.waitpid(pid, 0)
        if value is _failed or os.waitstatus_to_exitcode(status) != 0:
            return fn()
        return value

    return result


_failed = object()
