"""T-rules: the repository's own templates (``templates/``) parse in egovkit's sandbox.

Only syntax can be judged without a plan; errors while rendering (undefined values, sandbox
violations, limits) are reported by ``plan build`` with the same code, file and line.
"""

from __future__ import annotations

from collections.abc import Iterator

from egovkit.diagnostics.codes import finding
from egovkit.diagnostics.record import Diagnostic, Location
from egovkit.load.reader import Refused, list_folder, read_file
from egovkit.load.workspace import Workspace

#: The repository's own templates (:data:`egovkit.load.templates.REPO_TEMPLATES`; that
#: module loads Jinja, which only a repository with templates needs).
REPO_TEMPLATES = "templates"

#: Template folders deeper than this are not searched (egovkit's own go one level deep).
MAX_DEPTH = 8


def template_syntax(ws: Workspace) -> Iterator[Diagnostic]:
    yield from _folder(ws, REPO_TEMPLATES, 0)


def _folder(ws: Workspace, rel: str, depth: int) -> Iterator[Diagnostic]:
    listing = list_folder(ws.root, rel)
    if listing is None or depth > MAX_DEPTH:
        return
    if isinstance(listing, Refused):
        yield finding("T001", f"template folder {listing.message}", Location(rel))
        return
    for entry in listing:
        path = f"{rel}/{entry.name}"
        if (ws.root / path).is_symlink():
            yield finding(
                "T001",
                "refused: templates may not be symbolic links; copy the file into templates/",
                Location(path),
            )
        elif not entry.is_file and entry.name.endswith(".j2"):
            yield finding("T001", "a folder where a template file is expected", Location(path))
        elif not entry.is_file:
            yield from _folder(ws, path, depth + 1)
        elif entry.name.endswith(".j2"):
            yield from _file(ws, path)


def _file(ws: Workspace, path: str) -> Iterator[Diagnostic]:
    data = read_file(ws.root, path)
    if isinstance(data, Refused):
        yield finding("T001", f"template {data.message}", Location(path))
        return
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        yield finding("T001", "template is not UTF-8 text; save it as UTF-8", Location(path))
        return
    from egovkit.load.templates import check_syntax

    failure = check_syntax(path.removeprefix(f"{REPO_TEMPLATES}/"), text)
    if failure is not None:
        yield finding("T001", failure.message, Location(failure.path, failure.line))
