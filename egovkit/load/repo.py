"""Find, parse and validate the files of a strategy repository.

Everything that can go wrong with a single file becomes a finding (Y/S codes); only a
directory that is not a strategy repository at all raises :class:`RepoError`.

Parsing (YAML to plain data) comes from the cache (:mod:`egovkit.load.cache`) when a file's
bytes are unchanged, from worker processes when many files are new, or is done here; all
three give the same data, positions and findings (see :mod:`egovkit.load.parsed`).
Validation against the models always runs here, in file order.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from egovkit.diagnostics.codes import finding
from egovkit.diagnostics.record import Diagnostic, Location
from egovkit.errors import UserError
from egovkit.load import watch
from egovkit.load.cache import Cache, content_digest, disabled_by_environment
from egovkit.load.parallel import Parsing
from egovkit.load.parsed import Parsed, parse_file, settle, split_front_matter
from egovkit.load.reader import Reader, Refused, list_folder
from egovkit.load.sourcemap import SourceMap
from egovkit.load.workspace import Loaded, Workspace
from egovkit.load.yaml import Budget, parse

__all__ = ["RepoError", "builtin_legal", "load_workspace", "split_front_matter"]

STRATEGY_FILE = "strategy.yaml"
ORGANIZATION_FILE = "organization.yaml"
MEASURES_DIR = "measures"
PROFILES_DIR = "profiles"
ASSESSMENTS_DIR = "assessments"

#: Bytes of files held between reading (to look them up in the cache) and parsing them; a
#: file beyond it is read again when its turn comes, so memory stays bounded.
MAX_HELD_BYTES = 256 * 1024 * 1024


class RepoError(UserError):
    """The path is not a strategy repository (exit code 2)."""


def load_workspace(
    root: Path,
    cache: bool = True,
    overrides: Mapping[str, bytes] | None = None,
    while_parsing: Callable[[], None] | None = None,
) -> Workspace:
    """Load the repository at ``root``; ``cache=False`` neither reads nor writes the cache
    (nor does the environment variable ``EGOVKIT_NO_CACHE=1``).

    ``overrides`` (repo-relative path → bytes) are read instead of the files at those paths,
    and files of ``measures/`` and ``profiles/`` among them are loaded even where no such
    file exists: the repository as an edit would leave it, checked before it is written.
    ``while_parsing`` runs once while worker processes parse new files, if they do.
    """
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
    watch.note_folder(os.path.realpath(root))  # strategy.yaml, organization.yaml come or go
    run = _Run(root, overrides, while_parsing)
    jobs = [_Job(STRATEGY_FILE, "Strategy")]
    if os.path.lexists(root / ORGANIZATION_FILE):
        jobs.append(_Job(ORGANIZATION_FILE, "Organization"))
    head = len(jobs)
    measure_files = run.files(MEASURES_DIR, ".yaml")
    profile_files = run.files(PROFILES_DIR, ".md")
    assessment_files = run.files(ASSESSMENTS_DIR, ".yaml")
    jobs += [_Job(rel, "Measure") for rel in measure_files]
    jobs += [_Job(rel, "ProfileMeta", profile=True) for rel in profile_files]
    jobs += [_Job(rel, "Assessment") for rel in assessment_files]
    results = run.load(jobs, cache)
    # findings in the order of loading: strategy.yaml, organization.yaml, the listings of
    # measures/ and profiles/, then each measure and profile
    diagnostics = [d for _, found in results[:head] for d in found]
    diagnostics += run.diagnostics
    diagnostics += [d for _, found in results[head:] for d in found]
    loaded = [item for item, _ in results]
    tail = head + len(measure_files)
    rest = tail + len(profile_files)
    return Workspace(
        root=root,
        strategy=loaded[0],
        measures=[item for item in loaded[head:tail] if item is not None],
        profiles=[item for item in loaded[tail:rest] if item is not None],
        assessments=[item for item in loaded[rest:] if item is not None],
        organization=loaded[1] if head == 2 else None,
        builtin_legal=builtin_legal(),
        diagnostics=diagnostics,
        files=tuple(job.rel for job in jobs),
    )


def builtin_legal() -> list[Loaded]:
    """The legal catalog shipped with egovkit (``egovkit/data/legal.yaml``)."""
    text = resources.files("egovkit.data").joinpath("legal.yaml").read_text("utf-8")
    data, smap = parse(text, "egovkit/data/legal.yaml")
    from egovkit.load.validate import validate
    from egovkit.model import LegalCatalog

    catalog, problems = validate(LegalCatalog, data, smap)
    if catalog is None:  # a broken built-in catalog is a bug in egovkit, not user input
        raise RuntimeError(f"built-in legal catalog is invalid: {problems}")
    return [Loaded(basis, smap) for basis in catalog.legal]


def printable_name(name: str) -> str:
    """A file name as text; bytes that are not UTF-8 (possible on Linux) become escapes."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


@dataclass(frozen=True)
class _File:
    """A file as read: its bytes (if held), their digest and its cached result, or why it
    was refused."""

    raw: bytes | None = None
    digest: bytes = b""
    parsed: Parsed | None = None
    refused: Refused | None = None


_NOTHING = _File()


@dataclass(frozen=True)
class _Job:
    """A file to load: its path, the model it must match, and whether it is a profile
    (Markdown with YAML front matter, validated as ProfileMeta)."""

    rel: str
    model: str  # the name of its model class (see _model_class)
    profile: bool = False


def _model_class(name: str) -> type:
    """The model a file must match, by name: pydantic and the models load when the first
    file is validated, so reading (and starting the parse workers) need not wait for them."""
    from egovkit import model
    from egovkit.model.assessment import Assessment

    return Assessment if name == "Assessment" else getattr(model, name)


class _Run:
    """One loading run: the repository root, the findings so far and the shared YAML budget.

    Every file is read through one :class:`egovkit.load.reader.Reader`, so symlinks out of
    the repository, devices, FIFOs and oversized files are refused with a finding.
    """

    def __init__(
        self,
        root: Path,
        overrides: Mapping[str, bytes] | None = None,
        while_parsing: Callable[[], None] | None = None,
    ) -> None:
        self.root = root
        self.while_parsing = while_parsing
        self.reader = Reader(root)
        self.overrides = dict(overrides or {})
        self.diagnostics: list[Diagnostic] = []
        self.budget = Budget()

    def read(self, rel: str) -> bytes | Refused:
        override = self.overrides.get(rel)
        return override if override is not None else self.reader.read(rel)

    def report(self, code: str, message: str, location: Location) -> None:
        self.diagnostics.append(finding(code, message, location))

    def files(self, folder: str, suffix: str) -> list[str]:
        listed = self._listed(folder, suffix)
        added = [
            rel
            for rel in self.overrides
            if rel.startswith(f"{folder}/") and rel.endswith(suffix) and rel not in listed
        ]
        return sorted(listed + added) if added else listed

    def _listed(self, folder: str, suffix: str) -> list[str]:
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
            elif entry.refused is not None and _suffix(name).lower() in _KNOWN_SUFFIXES:
                self.report(entry.refused.code, entry.refused.message, Location(rel))
            elif entry.refused is not None:
                continue
            elif _suffix(name) == suffix:
                out.append(rel)
            elif _suffix(name).lower() in _KNOWN_SUFFIXES:
                self.report(
                    "Y005",
                    f"ignored: files in {folder}/ must end in '{suffix}' (rename it)",
                    Location(rel),
                )
        return out

    def load(self, jobs: list[_Job], use_cache: bool) -> list[tuple[Any, list[Diagnostic]]]:
        """Each job's loaded model (or None) and findings, in order.

        Every file is read (and refused, or hashed) first; unchanged files come from the
        cache, and if many are new they are parsed in worker processes. Then, in file order,
        each result is charged to the run's budget (:func:`settle`) or, if it could have
        spent it, parsed again here with the budget; and validated.
        """
        cache = Cache.open(self.root) if use_cache and not disabled_by_environment() else Cache()
        files = self._read(jobs, cache)
        fresh = [(i, jobs[i], f.raw) for i, f in enumerate(files) if f.parsed is None and f.raw]
        with Parsing(fresh, self.while_parsing) as blobs:
            results = self._settled(jobs, files, blobs, cache)
        cache.save()
        return results

    def _settled(
        self, jobs: list[_Job], files: list[_File], blobs: Parsing, cache: Cache
    ) -> list[tuple[Any, list[Diagnostic]]]:
        """Each file charged to the budget and validated, in file order (as the workers'
        results arrive)."""
        results = []
        for index, (job, file) in enumerate(zip(jobs, files, strict=True)):
            files[index] = _NOTHING  # let go of the bytes
            if isinstance(file.refused, Refused):
                found = finding(file.refused.code, file.refused.message, Location(job.rel))
                results.append((None, [found]))
                continue
            parsed = file.parsed
            if parsed is not None:  # from the cache; the entry stays valid even if re-parsed
                blob = cache.blob(job.rel)
                if not settle(parsed, self.budget):
                    parsed, blob = self._parse_here(job, file), None
            else:
                blob = blobs.pop(index)
                parsed = Parsed(*pickle.loads(blob)) if blob is not None else None
                if parsed is not None and settle(parsed, self.budget):
                    cache.put(job.rel, job.profile, file.digest, parsed, blob)
                else:
                    parsed = self._parse_here(job, file)
                    blob = cache.put(job.rel, job.profile, file.digest, parsed)
            results.append(self._validated(job, parsed, blob))
        return results

    def _read(self, jobs: list[_Job], cache: Cache) -> list[_File]:
        """Read, hash and look up every file; keep the bytes of new files (up to
        :data:`MAX_HELD_BYTES`) for parsing."""
        files, held = [], 0
        for job in jobs:
            raw = self.read(job.rel)
            if isinstance(raw, Refused):
                files.append(_File(refused=raw))
                continue
            digest = content_digest(raw)
            parsed = cache.get(job.rel, job.profile, digest)
            keep = parsed is None and held + len(raw) <= MAX_HELD_BYTES
            held += len(raw) if keep else 0
            files.append(_File(raw if keep else None, digest, parsed))
        return files

    def _parse_here(self, job: _Job, file: _File) -> Parsed:
        """Parse with the run's budget, reading the file again if its bytes were let go (a
        file that changed since is marked ``exhausted``: not to be cached under the old
        digest)."""
        raw = file.raw
        if raw is None:
            again = self.read(job.rel)
            if isinstance(again, Refused):
                return Parsed((again.code, again.message, None, None), exhausted=True)
            raw = again
            if content_digest(raw) != file.digest:  # changed since: do not cache it
                return parse_file(job.rel, raw, job.profile, self.budget)._replace(exhausted=True)
        return parse_file(job.rel, raw, job.profile, self.budget)

    def _validated(
        self, job: _Job, parsed: Parsed, blob: bytes | None
    ) -> tuple[Any, list[Diagnostic]]:
        """The file's model (or None) and findings; ``blob``, the pickled ``parsed``, if
        there is one, keeps its positions until a finding needs them."""
        if parsed.problem is not None:
            code, message, line, column = parsed.problem
            return None, [finding(code, message, Location(job.rel, line, column))]
        from egovkit.load.validate import validate
        from egovkit.model import Profile

        smap = SourceMap(job.rel, parsed.values, parsed.keys)
        value, problems = validate(_model_class(job.model), parsed.data, smap)
        if value is None:
            return None, problems
        if blob is not None:
            smap = SourceMap.packed(job.rel, blob)
        if job.profile:
            return Loaded(Profile(meta=value, body=parsed.body or ""), smap), problems
        return Loaded(value, smap), problems


_KNOWN_SUFFIXES = {".yml", ".yaml", ".md", ".markdown"}


def _suffix(name: str) -> str:
    """``PurePath(name).suffix`` without building a path (a folder may hold 100,000 names)."""
    dot = name.rfind(".")
    return name[dot:] if 0 < dot < len(name) - 1 else ""
