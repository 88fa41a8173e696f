"""Find, parse and validate the files of a strategy repository.

Everything that can go wrong with a single file becomes a finding (Y/S codes); only a
directory that is not a strategy repository at all raises :class:`RepoError`.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from egovkit.diagnostics import Diagnostic, Location, Severity
from egovkit.model import LegalCatalog, Measure, Organization, Profile, ProfileMeta, Strategy
from egovkit.sourcemap import SourceMap
from egovkit.validate import validate
from egovkit.workspace import Loaded, Workspace
from egovkit.yamlload import YamlFailure, decode, parse

M = TypeVar("M", bound=BaseModel)

STRATEGY_FILE = "strategy.yaml"
ORGANIZATION_FILE = "organization.yaml"
MEASURES_DIR = "measures"
PROFILES_DIR = "profiles"


class RepoError(Exception):
    """The path is not a strategy repository (exit code 2)."""


def load_workspace(root: Path) -> Workspace:
    root = Path(root)
    if not root.exists():
        raise RepoError(f"{root}: no such directory")
    if not root.is_dir():
        raise RepoError(f"{root}: not a directory; pass the folder that contains {STRATEGY_FILE}")
    if not (root / STRATEGY_FILE).is_file():
        raise RepoError(
            f"{root}: not a strategy repository (no {STRATEGY_FILE}); "
            "pass the folder that contains it"
        )
    diagnostics: list[Diagnostic] = []
    files = [STRATEGY_FILE]
    strategy = _load_yaml(root, STRATEGY_FILE, Strategy, diagnostics)
    organization = None
    if (root / ORGANIZATION_FILE).is_file():
        files.append(ORGANIZATION_FILE)
        organization = _load_yaml(root, ORGANIZATION_FILE, Organization, diagnostics)
    measure_files = _files(root, MEASURES_DIR, ".yaml", diagnostics)
    profile_files = _files(root, PROFILES_DIR, ".md", diagnostics)
    files += measure_files + profile_files
    measures = [
        item
        for rel in measure_files
        if (item := _load_yaml(root, rel, Measure, diagnostics)) is not None
    ]
    profiles = [
        item for rel in profile_files if (item := _load_profile(root, rel, diagnostics)) is not None
    ]
    return Workspace(
        root=root,
        strategy=strategy,
        measures=measures,
        profiles=profiles,
        organization=organization,
        builtin_legal=builtin_legal(),
        diagnostics=diagnostics,
        files=tuple(files),
    )


def builtin_legal() -> list[Loaded]:
    """The legal catalog shipped with egovkit (``egovkit/data/legal.yaml``)."""
    text = resources.files("egovkit.data").joinpath("legal.yaml").read_text("utf-8")
    data, smap = parse(text, "egovkit/data/legal.yaml")
    catalog, problems = validate(LegalCatalog, data, smap)
    if catalog is None:  # a broken built-in catalog is a bug in egovkit, not user input
        raise RuntimeError(f"built-in legal catalog is invalid: {problems}")
    return [Loaded(basis, smap) for basis in catalog.legal]


def _files(root: Path, folder: str, suffix: str, diagnostics: list[Diagnostic]) -> list[str]:
    base = root / folder
    if not base.is_dir():
        return []
    out = []
    for path in sorted(base.iterdir()):
        name = printable_name(path.name)
        rel = f"{folder}/{name}"
        if path.name.startswith(".") or not path.is_file():
            continue
        if name != path.name:
            diagnostics.append(
                Diagnostic(
                    "Y003",
                    Severity.error,
                    "file name is not valid UTF-8; rename the file (ids use A-Z, a-z, 0-9, - and _)",
                    Location(rel),
                )
            )
        elif path.suffix == suffix:
            out.append(rel)
        elif path.suffix.lower() in {".yml", ".yaml", ".md", ".markdown"}:
            diagnostics.append(
                Diagnostic(
                    "Y005",
                    Severity.warning,
                    f"ignored: files in {folder}/ must end in '{suffix}' (rename it)",
                    Location(rel),
                )
            )
    return out


def printable_name(name: str) -> str:
    """A file name as text; bytes that are not UTF-8 (possible on Linux) become escapes."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _read(root: Path, rel: str, diagnostics: list[Diagnostic]) -> str | None:
    try:
        data = (root / rel).read_bytes()
    except OSError as exc:
        diagnostics.append(
            Diagnostic("Y003", Severity.error, f"cannot read file: {exc.strerror}", Location(rel))
        )
        return None
    try:
        return decode(data)
    except YamlFailure as failure:
        diagnostics.append(_finding(rel, failure))
        return None


def _finding(rel: str, failure: YamlFailure) -> Diagnostic:
    p = failure.problem
    return Diagnostic(p.code, Severity.error, p.message, Location(rel, p.line, p.column))


def _parse(text: str, rel: str, diagnostics: list, offset: int = 0) -> tuple[Any, SourceMap] | None:
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        diagnostics.append(
            Diagnostic(
                "Y004", Severity.error, "file is empty; fill it in or delete it", Location(rel)
            )
        )
        return None
    try:
        return parse(text, rel, offset)
    except YamlFailure as failure:
        diagnostics.append(_finding(rel, failure))
        return None


def _load_yaml(root: Path, rel: str, model: type[M], diagnostics: list) -> Loaded[M] | None:
    text = _read(root, rel, diagnostics)
    if text is None:
        return None
    parsed = _parse(text, rel, diagnostics)
    if parsed is None:
        return None
    data, smap = parsed
    value, problems = validate(model, data, smap)
    diagnostics.extend(problems)
    return Loaded(value, smap) if value is not None else None


def split_front_matter(text: str) -> tuple[str, str, int] | None:
    """(front matter, body, line where the body starts) or None if there is no front matter."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip() != "---":
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip() in {"---", "..."}:
            return "".join(lines[1:index]), "".join(lines[index + 1 :]), index + 2
    return None


def _load_profile(root: Path, rel: str, diagnostics: list) -> Loaded[Profile] | None:
    text = _read(root, rel, diagnostics)
    if text is None:
        return None
    split = split_front_matter(text)
    if split is None:
        diagnostics.append(
            Diagnostic(
                "Y006",
                Severity.error,
                "a profile must start with YAML front matter: a line '---', the keys "
                "(id, title, measures …), and a closing line '---'",
                Location(rel, 1, 1),
            )
        )
        return None
    front, body, _ = split
    parsed = _parse(front, rel, diagnostics, offset=1)
    if parsed is None:
        return None
    data, smap = parsed
    meta, problems = validate(ProfileMeta, data, smap)
    diagnostics.extend(problems)
    if meta is None:
        return None
    return Loaded(Profile(meta=meta, body=body), smap)
