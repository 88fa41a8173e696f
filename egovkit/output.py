"""The only place that writes files: contained, atomic per file, deleting only its own files.

``write_tree(out, files, replace=True, protect=repo)`` (``egovkit plan build``) works so:

1. Refuse with :class:`OutputError`, before touching anything, when a name is not a plain
   relative path, a content is not ``str``/``bytes``, ``out`` is a file or a dangling link,
   ``out`` holds a ``strategy.yaml``, or ``out`` is, contains or is inside ``protect``
   (compared after resolving links). A symlinked ``out`` is followed: the files go to the
   link's target and the link stays a link.
2. Create ``out`` if needed and lock it: a second build into the same folder fails at once
   with :class:`OutputError`. The lock (``flock`` on the folder) ends with its process, so a
   killed build never blocks later ones. Without ``fcntl`` (Windows) there is no lock.
3. Refuse a non-empty folder without the marker ``.egovkit-output``: it is not egovkit's.
   Remove ``.egovkit-tmp-*`` folders of earlier killed builds, and the ``.NAME.tmp-*`` and
   ``.NAME.old-*`` folders that older egovkit versions left beside ``out``.
4. Write every file into a temporary folder inside ``out``; files given as a generator
   are staged one by one as it makes them, each name and target checked as in step 1. A
   failure up to here, including one of the generator, leaves ``out`` as it was (a folder
   this call created is removed again).
5. Record old and new names in the marker, move each file into place with ``os.replace``,
   delete the files the old marker lists that this build does not write, and finally record
   exactly the new names in the marker.

So a reader sees each file either old or new, never half-written. Only during step 5 (a kill,
a full disk) can some files be new and others old; the marker then lists every file egovkit
may have written, and the next build cleans up. ``out`` itself is never renamed, so it may be
a mount point or ``.``; folders and files get the usual modes under the umask.

A rebuild deletes nothing but files its marker lists, and of those only entries that are plain
relative paths without hidden parts (never ``.git``), are regular files (not links or folders),
are reached without passing a link and lie in no folder holding a ``strategy.yaml``. Folders
emptied by a deletion are removed. Everything else in ``out`` (a ``CNAME``, a README, a
``.git`` folder) is kept; a file at a name that egovkit generates is overwritten.

``replace=False`` (``egovkit schema``) does steps 1, 2 and 4 and moves the files into place:
no marker, no deletions, any existing folder. Single files (a strategy file the editing
commands change, an export) are written by :mod:`egovkit.output_file`.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Collection, Iterable, Iterator, Mapping
from contextlib import contextmanager, suppress
from pathlib import Path, PurePosixPath

from egovkit.errors import UserError

try:
    import fcntl
except ImportError:  # Windows: no advisory locks, concurrent builds go undetected
    fcntl = None  # type: ignore[assignment]

#: Marks a folder as egovkit output; holds the manifest of the files the last build wrote.
MARKER = ".egovkit-output"
#: Names starting with this belong to egovkit itself and are never generated output.
RESERVED_PREFIX = ".egovkit-"
#: Temporary folders of a running (or killed) build, inside the output folder.
TMP_PREFIX = ".egovkit-tmp-"
#: A folder holding this file is a strategy repository.
STRATEGY_FILE = "strategy.yaml"
#: Version of the manifest format in the marker.
MANIFEST_VERSION = 1
#: Staging folders older egovkit versions made beside the output folder (``mkdtemp`` names).
LEGACY_LEFTOVER = r"\.{name}\.(?:tmp|old)-[a-z0-9_]{{8}}"


#: A file's content: text (written as UTF-8) or bytes.
Content = str | bytes | bytearray
Files = Mapping[str, Content] | Iterable[tuple[str, Content]]


class OutputError(UserError):
    """Output cannot be written where it was asked to go (exit code 2)."""


def safe_relpath(name: str) -> PurePosixPath:
    """Reject absolute paths, '..', backslashes, empty parts and egovkit's reserved names."""
    path = PurePosixPath(name)
    if (
        not name
        or "\\" in name
        or "\x00" in name
        or path.is_absolute()
        or any(part in {"", ".", ".."} for part in name.split("/"))
    ):
        raise OutputError(f"refusing to write '{name}': not a plain relative path")
    if any(part.startswith(RESERVED_PREFIX) for part in path.parts):
        raise OutputError(
            f"refusing to write '{name}': names starting with {RESERVED_PREFIX} are egovkit's own"
        )
    return path


def write_tree(out: Path, files: Files, replace: bool, protect: Path | None = None) -> list[str]:
    """Write ``files`` into ``out`` as the module docstring describes; the names written.

    ``files`` maps relative names to contents, or yields (name, content) pairs: each is
    staged as it comes, so a large build never holds all its files at once, and an
    exception while producing them (a template that fails) leaves ``out`` as it was.
    ``replace`` makes this a rebuild of egovkit's output folder: files the previous build
    wrote and this one does not are deleted, nothing else. ``protect`` is the strategy
    repository; ``out`` must neither be, contain nor lie inside it. Raises
    :class:`OutputError` when the output cannot go there, ``TypeError`` for a content that
    is not text or bytes (for a mapping: before anything is written) and ``OSError`` when
    writing fails.
    """
    if isinstance(files, Mapping):
        _validated(files)
        items: Iterable[tuple[str, Content]] = files.items()
    else:
        items = files
    real = _resolved(out)
    if protect is not None:
        _refuse_overlap(out, real, protect)
    if replace and os.path.lexists(real / STRATEGY_FILE):
        raise OutputError(
            f"{out}: is a strategy repository (holds {STRATEGY_FILE}); choose another output folder"
        )
    created = not real.exists()
    real.mkdir(parents=True, exist_ok=True)
    with _locked(out, real):
        try:
            if replace:
                _refuse_foreign(out, real)
            _remove_stale_temps(real)
            _remove_legacy_leftovers(out, real)
            return _build(out, real, items, _read_manifest(real) if replace else None)
        except BaseException:
            if created:
                with suppress(OSError):
                    real.rmdir()
            raise


def _validated(files: Mapping[str, Content]) -> dict[str, PurePosixPath]:
    """Every name as a safe relative path; every content checked to be text or bytes."""
    rels = {}
    for name, content in files.items():
        rels[name] = safe_relpath(name)
        if not isinstance(content, str | bytes | bytearray):
            raise TypeError(f"{name}: content must be str or bytes, not {type(content).__name__}")
    return rels


def _resolved(out: Path) -> Path:
    """``out`` with all links resolved; refuses a dangling link and a non-folder."""
    if out.is_symlink() and not out.exists():
        raise OutputError(f"{out}: is a symbolic link to nothing; point -o at a folder")
    real = out.resolve()
    if real.exists() and not real.is_dir():
        raise OutputError(f"{out}: exists and is not a folder")
    return real


def _refuse_overlap(out: Path, real: Path, protect: Path) -> None:
    """Refuse when the output folder is, contains or lies inside the strategy repository."""
    repo = protect.resolve()
    if real.is_relative_to(repo) or repo.is_relative_to(real):
        raise OutputError(
            f"{out}: the output folder must not be, contain or lie inside the strategy "
            f"repository {protect}; choose a folder outside it"
        )


@contextmanager
def _locked(out: Path, real: Path) -> Iterator[None]:
    """Hold an exclusive lock on the folder ``real``, or fail at once if another build has it."""
    if fcntl is None:
        yield
        return
    fd = os.open(real, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OutputError(
                f"{out}: another egovkit build is writing to this folder; try again when it has finished"
            ) from None
        yield
    finally:
        os.close(fd)


def _refuse_foreign(out: Path, real: Path) -> None:
    """Refuse a folder that has content but no marker (temporary folders of egovkit aside)."""
    if (real / MARKER).is_file():
        return
    if any(not entry.name.startswith(TMP_PREFIX) for entry in real.iterdir()):
        raise OutputError(
            f"{out}: folder exists, is not empty and was not made by egovkit; "
            "choose another output folder or empty it"
        )


def _remove_stale_temps(real: Path) -> None:
    """Remove temporary folders of killed builds (the caller holds the lock, so none is live)."""
    for entry in real.iterdir():
        if entry.name.startswith(TMP_PREFIX) and entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)


def _remove_legacy_leftovers(out: Path, real: Path) -> None:
    """Remove the staging folders that older egovkit versions left beside ``out``."""
    pattern = re.compile(LEGACY_LEFTOVER.format(name=re.escape(out.name)))
    with suppress(OSError):
        for entry in real.parent.iterdir():
            if pattern.fullmatch(entry.name) and entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)


def _check_targets(out: Path, real: Path, rels: Collection[PurePosixPath]) -> None:
    """Refuse to write through a link or a file, or over something that is not a file."""
    for folder in sorted({rel.parent for rel in rels}):
        bad = _obstacle(real, folder)
        if bad is not None:
            raise OutputError(
                f"{out / bad.relative_to(real)}: is a symbolic link or not a folder; "
                "egovkit writes only into plain folders"
            )
    for rel in rels:
        with suppress(FileNotFoundError):
            if not stat.S_ISREG(os.lstat(real / rel).st_mode):
                raise OutputError(f"{out / rel}: exists and is not a plain file; move it away")


def _obstacle(real: Path, folder: PurePosixPath) -> Path | None:
    """The first part of ``real/folder`` that exists but is a link or no folder, else None."""
    path = real
    for part in folder.parts:
        path = path / part
        try:
            mode = os.lstat(path).st_mode
        except FileNotFoundError:
            return None
        if not stat.S_ISDIR(mode):
            return path
    return None


def _read_manifest(real: Path) -> set[str]:
    """The names the marker lists that a rebuild may delete; empty if it lists none.

    The marker is untrusted: entries that are not plain relative paths or have a hidden
    part are dropped. A marker of an older egovkit (plain text) lists nothing.
    """
    try:
        names = json.loads((real / MARKER).read_text("utf-8"))["files"]
    except (OSError, ValueError, LookupError, TypeError, RecursionError):
        return set()
    if not isinstance(names, list):
        return set()
    return {name for name in names if isinstance(name, str) and _deletable(name)}


def _deletable(name: str) -> bool:
    """Whether a manifest entry is a plain relative path without hidden parts."""
    try:
        path = safe_relpath(name)
    except OutputError:
        return False
    return not any(part.startswith(".") for part in path.parts)


def _build(
    out: Path, real: Path, items: Iterable[tuple[str, Content]], old: set[str] | None
) -> list[str]:
    """Stage every file as it comes, then move them all into place; with ``old`` also update
    the marker and delete the files ``old`` lists that are no longer written."""
    staging = Path(tempfile.mkdtemp(prefix=TMP_PREFIX, dir=real))
    try:
        rels: dict[str, PurePosixPath] = {}
        for name, content in items:
            rel = _validated({name: content})[name]
            if name in rels:
                raise ValueError(f"{name}: produced twice")
            _check_targets(out, real, [rel])
            rels[name] = rel
            _write_new(staging / rel, content)
            del content  # a generator's file goes as soon as it is staged
        new = set(rels)
        if old is not None:
            _write_manifest(real, staging, old | new)
        for name in sorted(rels):
            _move(staging / rels[name], real / rels[name])
        if old is not None:
            _remove_stale(real, old - new)
            _write_manifest(real, staging, new)
        return list(rels)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _write_new(path: Path, content: Content) -> None:
    """Create ``path`` (and its folders) with ``content``; modes follow the umask."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "xb") as handle:
        handle.write(content.encode("utf-8") if isinstance(content, str) else content)


def _move(src: Path, dst: Path) -> None:
    """Atomically put the staged file ``src`` at ``dst``, creating its folders."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    os.replace(src, dst)


def _write_manifest(real: Path, staging: Path, names: set[str]) -> None:
    """Atomically replace the marker with a manifest listing ``names`` (sorted)."""
    manifest = {
        "about": "Made by egovkit. A rebuild deletes only the files listed here.",
        "version": MANIFEST_VERSION,
        "files": sorted(names),
    }
    _write_new(staging / MARKER, json.dumps(manifest, indent=1) + "\n")
    _move(staging / MARKER, real / MARKER)


def _remove_stale(real: Path, names: set[str]) -> None:
    """Delete the plain files among ``names`` and the folders this leaves empty."""
    for name in sorted(names):
        rel = PurePosixPath(name)
        if _obstacle(real, rel.parent) is not None or _in_strategy_repo(real, rel.parent):
            continue
        path = real / rel
        try:
            if not stat.S_ISREG(os.lstat(path).st_mode):
                continue
        except (FileNotFoundError, NotADirectoryError):
            continue
        path.unlink()
        _prune_empty(real, rel.parent)


def _in_strategy_repo(real: Path, folder: PurePosixPath) -> bool:
    """Whether ``real`` or any folder down to ``real/folder`` holds a ``strategy.yaml``."""
    path = real
    for part in ("", *folder.parts):
        path = path / part
        if os.path.lexists(path / STRATEGY_FILE):
            return True
    return False


def _prune_empty(real: Path, folder: PurePosixPath) -> None:
    """Remove ``real/folder`` and its parents below ``real`` while they are empty."""
    while folder.parts:
        try:
            (real / folder).rmdir()
        except OSError:
            return
        folder = folder.parent
