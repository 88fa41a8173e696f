"""Render a template within bounds and blame a failing repository template by file and line.

Rendering with repository templates is bounded: at most :data:`MAX_OUTPUT_CHARS` per file,
:data:`RENDER_SECONDS` of time and :data:`MEMORY_HEADROOM` more memory (Linux). Errors a
repository template causes (undefined values, sandbox violations, limits, recursion …)
become :class:`~egovkit.load.templates.TemplateFailure` with the template's file and line;
errors with no repository template on the stack are egovkit bugs and propagate unchanged.
"""

from __future__ import annotations

import os
import signal
import threading
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import jinja2
from jinja2.sandbox import SecurityError

from egovkit.load.templates import REPO_TEMPLATES, TemplateFailure

#: No generated page comes close (index.html of 10,000 measures is about 30 MB).
MAX_OUTPUT_CHARS = 256 * 1024 * 1024
#: Wall-clock time one file rendered with repository templates may take.
RENDER_SECONDS = 120.0
#: Memory a rendering with repository templates may allocate beyond what egovkit holds.
MEMORY_HEADROOM = 2 * 1024**3


class _Limit(Exception):
    """A rendering limit was reached (time, size, memory)."""


#: Chunks joined into one piece while rendering.
_BATCH = 8192
#: A chunk longer than this is not joined with others.
_LARGE = 65_536


def render(env: jinja2.Environment, name: str, **context: Any) -> str:
    """Render template ``name`` as text; see :func:`render_utf8`."""
    return render_utf8(env, name, **context).decode("utf-8", "surrogatepass")


def render_utf8(env: jinja2.Environment, name: str, **context: Any) -> bytearray:
    """Render template ``name`` as UTF-8, the form in which it is written; a failure
    caused by a repository template raises :class:`TemplateFailure`, anything else
    propagates."""
    untrusted = any(label == REPO_TEMPLATES for _, label in env.loader.folders)
    try:
        template = env.get_template(name)
        # Jinja yields many short strings; gathered in batches as UTF-8 (a plan of 10,000
        # measures renders 30 million characters, twice that as str pieces), the output
        # costs its size in bytes until it is decoded once
        out = bytearray()
        batch: list[str] = []
        size = 0
        with _bounded(untrusted):
            for chunk in template.generate(**context):
                size += len(chunk)
                if size > MAX_OUTPUT_CHARS:
                    raise TemplateFailure(
                        template.filename or name,
                        None,
                        f"template rendering stopped: output larger than "
                        f"{MAX_OUTPUT_CHARS:,} characters",
                    )
                if len(chunk) > _LARGE:  # a drawing: encoded on its own, never copied
                    out += "".join(batch).encode("utf-8", "surrogatepass")
                    batch.clear()
                    out += chunk.encode("utf-8", "surrogatepass")
                    continue
                batch.append(chunk)
                if len(batch) == _BATCH:
                    out += "".join(batch).encode("utf-8", "surrogatepass")
                    batch.clear()
        out += "".join(batch).encode("utf-8", "surrogatepass")
        return out
    except TemplateFailure:
        raise
    except Exception as exc:  # decided below: a repository template's fault, or ours
        failure = _blame(exc) if untrusted else None
        if failure is None:
            raise
        raise failure from None


def _blame(exc: BaseException) -> TemplateFailure | None:
    """The innermost repository template on the stack of ``exc``, with its line."""
    if isinstance(exc, jinja2.TemplateSyntaxError) and _is_repo(exc.filename):
        return TemplateFailure(exc.filename, exc.lineno, _describe(exc))
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if _is_repo(f.filename)]
    if not frames:
        return None
    return TemplateFailure(frames[-1].filename, frames[-1].lineno, _describe(exc))


def _is_repo(filename: str | None) -> bool:
    return bool(filename) and filename.startswith(f"{REPO_TEMPLATES}/")


def _describe(exc: BaseException) -> str:
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return f"template syntax error: {exc.message}"
    if isinstance(exc, jinja2.TemplateNotFound):
        return (
            f"template '{exc.name}' not found: a template may include only files of "
            "templates/ or egovkit's own templates, by a relative name without '..'"
        )
    if isinstance(exc, SecurityError):
        return f"refused by the template sandbox: {exc}"
    if isinstance(exc, jinja2.UndefinedError):
        return f"undefined value in template: {exc.message}"
    if isinstance(exc, RecursionError):
        return "template recursion too deep (a macro or include that calls itself?)"
    if isinstance(exc, MemoryError):
        return f"template needs more than {MEMORY_HEADROOM // 1024**3} GiB of memory"
    if isinstance(exc, _Limit):
        return f"template rendering stopped: {exc}"
    return f"template error: {type(exc).__name__}: {exc}"


@contextmanager
def _bounded(untrusted: bool) -> Iterator[None]:
    """Time and memory limits around rendering repository templates (where the OS allows)."""
    if not untrusted:
        yield
        return
    with _time_limit(RENDER_SECONDS), _memory_limit(MEMORY_HEADROOM):
        yield


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    if (
        not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
    ):
        yield
        return

    def expired(signum: int, frame: Any) -> None:
        raise _Limit(f"took longer than {seconds:g} seconds")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def _memory_limit(headroom: int) -> Iterator[None]:
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        with open("/proc/self/statm", "rb") as handle:
            used = int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (ImportError, OSError, ValueError):  # not Linux: no memory limit
        yield
        return
    limit = used + headroom
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    if soft != resource.RLIM_INFINITY and soft <= limit:
        yield
        return
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
