"""Jinja for templates a strategy repository may override: sandboxed, contained, bounded.

A repository's ``templates/`` folder is untrusted input (docs/security.md). Every template,
egovkit's own included, renders in one kind of environment:

- Jinja's :class:`~jinja2.sandbox.ImmutableSandboxedEnvironment`: no Python internals
  (``__class__``, ``__globals__`` …), no calls that change data, ``range`` capped;
  ``*`` and ``**`` refuse results that would exhaust memory;
- a loader that reads through :func:`egovkit.reader.read_file`, refuses symbolic links
  anywhere in ``templates/`` and any name that leaves the folder;
- bounded rendering: at most :data:`MAX_OUTPUT_CHARS` per file, and for repository
  templates :data:`RENDER_SECONDS` of time and :data:`MEMORY_HEADROOM` more memory.

Errors a repository template causes (syntax, undefined values, sandbox violations, limits,
recursion …) become :class:`TemplateFailure` with the template's file and line; errors with
no repository template on the stack are egovkit bugs and propagate unchanged.
"""

from __future__ import annotations

import math
import os
import signal
import stat
import threading
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import jinja2
from jinja2.loaders import split_template_path
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from egovkit.reader import Refused, read_file

#: Folder of a strategy repository whose files override egovkit's templates.
REPO_TEMPLATES = "templates"
#: How egovkit's own templates are named in tracebacks (never a repository path).
BUILTIN_LABEL = "<egovkit>/templates"
#: No generated page comes close (index.html of 10,000 measures is about 30 MB).
MAX_OUTPUT_CHARS = 256 * 1024 * 1024
#: Wall-clock time one file rendered with repository templates may take.
RENDER_SECONDS = 120.0
#: Memory a rendering with repository templates may allocate beyond what egovkit holds.
MEMORY_HEADROOM = 2 * 1024**3
#: Longest string or list that ``*`` in a template may produce.
MAX_REPEAT = 10_000_000


class TemplateFailure(Exception):
    """A repository template cannot be used: ``path`` is repo-relative, ``line`` 1-based."""

    def __init__(self, path: str, line: int | None, message: str) -> None:
        super().__init__(message)
        self.path = path
        self.line = line
        self.message = message


class _Limit(Exception):
    """A rendering limit was reached (time, size, memory)."""


class _Sandbox(ImmutableSandboxedEnvironment):
    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and _huge_power(left, right):
            raise SecurityError("'**' would produce a number too large to handle")
        if operator == "*" and _repeat_length(left, right) > MAX_REPEAT:
            raise SecurityError(f"'*' would produce more than {MAX_REPEAT:,} items")
        return super().call_binop(context, operator, left, right)


def _huge_power(base: Any, exponent: Any) -> bool:
    if not (isinstance(base, int) and isinstance(exponent, int)) or abs(base) < 2:
        return False
    return exponent * math.log2(abs(base)) > 100_000


def _repeat_length(left: Any, right: Any) -> int:
    for seq, times in ((left, right), (right, left)):
        if isinstance(seq, str | list | tuple) and isinstance(times, int):
            return len(seq) * max(times, 0)
    return 0


class ContainedLoader(jinja2.BaseLoader):
    """Loads ``name`` from the first folder that has it; refuses links and escapes.

    ``folders`` are (folder, label) pairs; ``label`` names the folder in findings and
    tracebacks (``templates`` for the repository's, :data:`BUILTIN_LABEL` for egovkit's).
    """

    def __init__(self, folders: tuple[tuple[Path, str], ...]) -> None:
        self.folders = folders

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        pieces = split_template_path(template)  # refuses '..'
        rel = "/".join(pieces)
        for folder, label in self.folders:
            found = _read_template(folder, pieces)
            if found is None:
                continue
            if isinstance(found, Refused):
                raise TemplateFailure(f"{label}/{rel}", None, found.message)
            text, mtime = found
            path = folder / rel
            return text, f"{label}/{rel}", lambda p=path, m=mtime: _unchanged(p, m)
        raise jinja2.TemplateNotFound(template)


def _unchanged(path: Path, mtime: int) -> bool:
    try:
        return os.lstat(path).st_mtime_ns == mtime
    except OSError:
        return False


def _read_template(folder: Path, pieces: list[str]) -> tuple[str, int] | Refused | None:
    """Text and mtime of ``folder/pieces``, None if absent, Refused if it may not be read."""
    path = folder
    for piece in ["", *pieces]:
        path = path / piece if piece else path
        try:
            info = os.lstat(path)
        except FileNotFoundError:
            return None
        except OSError as exc:
            return Refused("T001", f"cannot read template: {exc.strerror}")
        if stat.S_ISLNK(info.st_mode):
            return Refused(
                "T001",
                "refused: templates may not be symbolic links (nor lie in a linked folder); "
                "copy the file into templates/",
            )
    data = read_file(folder, "/".join(pieces))
    if isinstance(data, Refused):
        return Refused("T001", f"template {data.message}")
    try:
        return data.decode("utf-8-sig"), info.st_mtime_ns
    except UnicodeDecodeError:
        return Refused("T001", "template is not UTF-8 text; save it as UTF-8")


def environment(
    kind: str, override: Path | None, builtin: Path, finalize: Callable | None = None
) -> jinja2.Environment:
    """A sandboxed environment for ``kind`` "html" (autoescaped) or "md" (``finalize``)."""
    folders = ((override, REPO_TEMPLATES),) if override else ()
    return _Sandbox(
        loader=ContainedLoader((*folders, (builtin, BUILTIN_LABEL))),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        auto_reload=True,
        autoescape=kind == "html",
        finalize=None if kind == "html" else finalize,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def check_syntax(name: str, source: str) -> TemplateFailure | None:
    """A syntax error in a repository template ``templates/<name>``, or None."""
    try:
        _Sandbox().parse(source, name, f"{REPO_TEMPLATES}/{name}")
    except jinja2.TemplateSyntaxError as exc:
        return TemplateFailure(f"{REPO_TEMPLATES}/{name}", exc.lineno, _describe(exc))
    except RecursionError:
        return TemplateFailure(f"{REPO_TEMPLATES}/{name}", None, "template nested too deeply")
    return None


def render(env: jinja2.Environment, name: str, **context: Any) -> str:
    """Render template ``name``; a failure caused by a repository template raises
    :class:`TemplateFailure`, anything else propagates."""
    untrusted = any(label == REPO_TEMPLATES for _, label in env.loader.folders)
    try:
        template = env.get_template(name)
        chunks: list[str] = []
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
                chunks.append(chunk)
        return "".join(chunks)
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
