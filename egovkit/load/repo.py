"""Find, parse and validate the files of a strategy repository.

Everything that can go wrong with a single file becomes a finding (Y/S codes); only a
directory that is not a strategy repository at all raises :class:`RepoError`.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from egovkit.diagnostics.codes import finding
from egovkit.diagnostics.record import Diagnostic, Location
from egovkit.errors import UserError
from egovkit.load.reader import Refused, list_folder, read_file
from egovkit.load.sourcemap import SourceMap
from egovkit.load.validate import validate
from egovkit.load.workspace import Loaded, Workspace
from egovkit.load.yaml import Budget, YamlFailure, decode, parse
from egovkit.model import LegalCatalog, Measure, Organization, Profile, ProfileMeta, Strategy

M = TypeVar("M", bound=BaseModel)

STRATEGY_FILE = "strategy.yaml"
ORGANIZATION_FILE = "organization.yaml"
MEASURES_DIR = "measures"
PROFILES_DIR = "profiles"


class RepoError(UserError):
    """The path is not a strategy repository (exit code 2)."""


def load_workspace(root: Path) -> Workspace:
    root = Path(root)
    if not root.exists():
        raise RepoError(f"{root}: no such directory")
    if not root.is_dir():
        raise RepoError(f"{root}: not a directory; pass the folder that contains {STRATEGY_FILE}")
    if not os.path.lexists(root / STRATEGY_FILE) or (root / STRATEGY_FILE).is_dir():
        raise RepoError(
            f"{root}: not a strategy repository (no {STRATEGY_FILE}); "
            "pass the folder that contains it"
        )
    run = _Run(root)
    files = [STRATEGY_FILE]
    strategy = run.load_yaml(STRATEGY_FILE, Strategy)
    organization = None
    if os.path.lexists(root / ORGANIZATION_FILE):
        files.append(ORGANIZATION_FILE)
        organization = run.load_yaml(ORGANIZATION_FILE, Organization)
    measure_files = run.files(MEASURES_DIR, ".yaml")
    profile_files = run.files(PROFILES_DIR, ".md")
    files += measure_files + profile_files
    measures = [item for rel in measure_files if (item := run.load_yaml(rel, Measure)) is not None]
    profiles = [item for rel in profile_files if (item := run.load_profile(rel)) is not None]
    diagnostics = run.diagnostics
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


def printable_name(name: str) -> str:
    """A file name as text; bytes that are not UTF-8 (possible on Linux) become escapes."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


class _Run:
    """One loading run: the repository root, the findings so far and the shared YAML budget.

    Every file is read through :func:`egovkit.load.reader.read_file`, so symlinks out of the
    repository, devices, FIFOs and oversized files are refused with a finding.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self.diagnostics: list[Diagnostic] = []
        self.budget = Budget()

    def report(self, code: str, message: str, location: Location) -> None:
        self.diagnostics.append(finding(code, message, location))

    def files(self, folder: str, suffix: str) -> list[str]:
        listing = list_folder(self.root, folder)
        if listing is None:
            return []
        if isinstance(listing, Refused):
            self.report(listing.code, listing.message, Location(folder))
            return []
        out = []
        for entry in listing:
            name = printable_name(entry.name)
            rel = f"{folder}/{name}"
            if entry.name.startswith(".") or not entry.is_file:
                continue
            if name != entry.name:
                self.report(
                    "Y003",
                    "file name is not valid UTF-8; rename the file "
                    "(ids use A-Z, a-z, 0-9, - and _)",
                    Location(rel),
                )
            elif entry.refused is not None and Path(name).suffix.lower() in _KNOWN_SUFFIXES:
                self.report(entry.refused.code, entry.refused.message, Location(rel))
            elif entry.refused is not None:
                continue
            elif Path(name).suffix == suffix:
                out.append(rel)
            elif Path(name).suffix.lower() in _KNOWN_SUFFIXES:
                self.report(
                    "Y005",
                    f"ignored: files in {folder}/ must end in '{suffix}' (rename it)",
                    Location(rel),
                )
        return out

    def read(self, rel: str) -> str | None:
        data = read_file(self.root, rel)
        if isinstance(data, Refused):
            self.report(data.code, data.message, Location(rel))
            return None
        try:
            return decode(data)
        except YamlFailure as failure:
            self._failed(rel, failure)
            return None

    def _failed(self, rel: str, failure: YamlFailure) -> None:
        p = failure.problem
        self.report(p.code, p.message, Location(rel, p.line, p.column))

    def parse(self, text: str, rel: str, offset: int = 0) -> tuple[Any, SourceMap] | None:
        if not text.strip() or all(
            not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
        ):
            self.report("Y004", "file is empty; fill it in or delete it", Location(rel))
            return None
        try:
            return parse(text, rel, offset, self.budget)
        except YamlFailure as failure:
            self._failed(rel, failure)
            return None

    def load_yaml(self, rel: str, model: type[M]) -> Loaded[M] | None:
        text = self.read(rel)
        parsed = self.parse(text, rel) if text is not None else None
        if parsed is None:
            return None
        data, smap = parsed
        value, problems = validate(model, data, smap)
        self.diagnostics.extend(problems)
        return Loaded(value, smap) if value is not None else None

    def load_profile(self, rel: str) -> Loaded[Profile] | None:
        text = self.read(rel)
        if text is None:
            return None
        split = split_front_matter(text)
        if split is None:
            self.report(
                "Y006",
                "a profile must start with YAML front matter: a line '---', the keys "
                "(id, title, measures …), and a closing line '---'",
                Location(rel, 1, 1),
            )
            return None
        front, body, _ = split
        parsed = self.parse(front, rel, offset=1)
        if parsed is None:
            return None
        data, smap = parsed
        meta, problems = validate(ProfileMeta, data, smap)
        self.diagnostics.extend(problems)
        if meta is None:
            return None
        return Loaded(Profile(meta=meta, body=body), smap)


_KNOWN_SUFFIXES = {".yml", ".yaml", ".md", ".markdown"}


def split_front_matter(text: str) -> tuple[str, str, int] | None:
    """(front matter, body, line where the body starts) or None if there is no front matter."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip() != "---":
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip() in {"---", "..."}:
            return "".join(lines[1:index]), "".join(lines[index + 1 :]), index + 2
    return None
