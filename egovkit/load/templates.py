"""Templates of a strategy repository: a sandboxed Jinja environment and a contained loader.

A repository's ``templates/`` folder is untrusted input (docs/security.md). Every template,
egovkit's own included, lives in one kind of environment:

- Jinja's :class:`~jinja2.sandbox.ImmutableSandboxedEnvironment`: no Python internals
  (``__class__``, ``__globals__`` …), no calls that change data, ``range`` capped;
  ``*`` and ``**`` refuse results that would exhaust memory;
- a loader that reads through :func:`egovkit.load.reader.read_file`, refuses symbolic links
  anywhere in ``templates/`` and any name that leaves the folder.

Problems a repository template causes are :class:`TemplateFailure` with file and line;
``check_syntax`` finds syntax errors before a build, :mod:`egovkit.render.sandbox` renders
within bounds.
"""

from __future__ import annotations

import math
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
from jinja2.loaders import split_template_path
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from egovkit.load.reader import Refused, read_file

#: Folder of a strategy repository whose files override egovkit's templates.
REPO_TEMPLATES = "templates"
#: How egovkit's own templates are named in tracebacks (never a repository path).
BUILTIN_LABEL = "<egovkit>/templates"
#: Longest string or list that ``*`` in a template may produce.
MAX_REPEAT = 10_000_000


class TemplateFailure(Exception):
    """A repository template cannot be used: ``path`` is repo-relative, ``line`` 1-based."""

    def __init__(self, path: str, line: int | None, message: str) -> None:
        super().__init__(message)
        self.path = path
        self.line = line
        self.message = message


class Sandbox(ImmutableSandboxedEnvironment):
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
    return Sandbox(
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
        Sandbox().parse(source, name, f"{REPO_TEMPLATES}/{name}")
    except jinja2.TemplateSyntaxError as exc:
        return TemplateFailure(
            f"{REPO_TEMPLATES}/{name}", exc.lineno, f"template syntax error: {exc.message}"
        )
    except RecursionError:
        return TemplateFailure(f"{REPO_TEMPLATES}/{name}", None, "template nested too deeply")
    return None
