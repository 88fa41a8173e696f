"""What a run looked at in the repository, so a result computed from it can be reused.

While a :class:`Watch` is active (:func:`watching`), the one reader (:mod:`egovkit.load.
reader`) notes every file it reads (its status and the SHA-256 of its bytes), every folder it
lists (its status and the names in it) and every question "is this a file inside the
repository?" with its answer. :func:`unchanged` later says whether all of that still holds:

- a file or folder whose status (``lstat``, and for a link also the target's ``stat``:
  type, inode, device, size, modification and change time in nanoseconds) differs has
  changed. Writing a file changes its change time, which no program can set back, and
  adding, removing or renaming an entry changes its folder's;
- an entry whose times lie within :data:`RACY_NS` of the run's start (or after it) could
  have changed in the same tick of a coarse file-system clock: its bytes are hashed (a
  folder is listed) again and compared, as git does for "racily clean" index entries;
- a folder that holds links is listed again every time (a link's target can change kind
  without the folder changing);
- every recorded question is asked again.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import time
from collections.abc import Iterator
from contextvars import ContextVar

#: Entries changed this close to a run's start are compared by content, not by status.
RACY_NS = 3_000_000_000
#: A file larger than the reader reads is never hashed (it was refused, not read).
MAX_DIGEST_BYTES = 2 * 1024 * 1024 + 1

Signature = tuple | None
_current: ContextVar[Watch | None] = ContextVar("egovkit_watch", default=None)


class Watch:
    """The files, folders and questions of one run (absolute paths)."""

    def __init__(self) -> None:
        self.start_ns = time.time_ns()
        self.files: dict[str, tuple[Signature, bytes | None]] = {}
        self.folders: dict[str, tuple[Signature, bytes, bool]] = {}
        self.probes: dict[tuple[str, str], bool] = {}

    def state(self) -> tuple:
        """All of it as plain data (for the memo)."""
        return (self.start_ns, self.files, self.folders, self.probes)

    def mark(self) -> tuple[int, int, int]:
        """How much has been noted so far (see :meth:`since`)."""
        return (len(self.files), len(self.folders), len(self.probes))

    def since(self, mark: tuple[int, int, int]) -> tuple[list, list, list]:
        """What was noted after ``mark``: the notes of a forked child, to :meth:`add` to
        its parent's watch."""
        tables = (self.files, self.folders, self.probes)
        return tuple(list(t.items())[n:] for t, n in zip(tables, mark, strict=True))  # type: ignore[return-value]

    def add(self, notes: tuple[list, list, list]) -> None:
        for table, entries in zip((self.files, self.folders, self.probes), notes, strict=True):
            table.update(entries)


def active() -> Watch | None:
    """The watch of the run in progress, if any."""
    return _current.get()


@contextlib.contextmanager
def watching() -> Iterator[Watch]:
    """Record what the code inside the block reads through the reader."""
    watch = Watch()
    token = _current.set(watch)
    try:
        yield watch
    finally:
        _current.reset(token)


def note_file(path: str, raw: bytes | None, info: os.stat_result | None = None) -> None:
    """``path`` was read (``raw``: its bytes; None if it was refused; ``info``: its
    ``lstat`` taken before reading, if the reader has it). Its bytes are hashed only if it
    changed so recently that its status may not show a change (see :func:`unchanged`)."""
    watch = _current.get()
    if watch is None:
        return
    sig = signature(path, info)
    racy = raw is not None and _is_racy(sig, watch.start_ns - RACY_NS)
    watch.files[path] = (sig, hashlib.sha256(raw).digest() if racy else None)


def note_folder(path: str) -> None:
    """``path`` was listed (or found missing). A folder that is a link is known by its
    status and its target's, never listed here: the link may lead out of the repository."""
    watch = _current.get()
    if watch is not None and path not in watch.folders:
        sig = signature(path)
        names, links = (b"", False) if _is_link(sig) else _listing(path)
        watch.folders[path] = (sig, names, links)


def note_probe(root: str, rel: str, answer: bool) -> None:
    """:func:`egovkit.load.reader.file_inside` answered ``answer`` for ``root``/``rel``."""
    watch = _current.get()
    if watch is not None:
        watch.probes[(root, rel)] = answer


def signature(path: str, info: os.stat_result | None = None) -> Signature:
    """What changes when the file or folder at ``path`` (or a link's target) changes;
    ``info``: its ``lstat``, if known."""
    try:
        info = info or os.lstat(path)
    except OSError:
        return None
    own = _fields(info)
    if not stat.S_ISLNK(info.st_mode):
        return own
    try:  # a link: also where it leads (through every link on the way) and what is there
        return (*own, *_fields(os.stat(path)), os.path.realpath(path))
    except OSError:  # a broken link
        return (*own, None)


def _fields(info: os.stat_result) -> tuple:
    return (
        info.st_mode,
        info.st_ino,
        info.st_dev,
        info.st_size,
        info.st_mtime_ns,
        info.st_ctime_ns,
    )


def _listing(path: str) -> tuple[bytes, bool]:
    """A digest of the folder's names and their kinds, and whether it holds links."""
    try:
        with os.scandir(path) as scan:
            entries = sorted((e.name, _kind(e)) for e in scan)
    except OSError:
        return b"", False
    digest = hashlib.sha256(repr(entries).encode("utf-8", "surrogateescape")).digest()
    return digest, any(kind.startswith("link") for _, kind in entries)


def _kind(entry: os.DirEntry) -> str:
    try:
        if entry.is_symlink():
            return "link-dir" if entry.is_dir() else "link"
        return "dir" if entry.is_dir(follow_symlinks=False) else "file"
    except OSError:
        return "unknown"


def unchanged(state: object, probe) -> bool:
    """Whether everything recorded in ``state`` (from :meth:`Watch.state`) still holds;
    ``probe(root, rel)`` asks a recorded question again. False for anything malformed."""
    try:
        start_ns, files, folders, probes = state  # type: ignore[misc]
        racy = start_ns - RACY_NS
        for path, (sig, digest) in files.items():
            now = signature(path)
            if now != sig:
                return False
            if _is_racy(sig, racy) and digest is not None and _digest(path) != digest:
                return False  # a racy file that was read has its digest
        for path, (sig, names, links) in folders.items():
            if signature(path) != sig:
                return False
            if _is_link(sig):  # never listed through: its target's times stand for that,
                if _is_racy(sig, racy):  # unless they are too recent to tell
                    return False
                continue
            if (links or _is_racy(sig, racy)) and _listing(path) != (names, links):
                return False
        return all(probe(root, rel) is answer for (root, rel), answer in probes.items())
    except (TypeError, ValueError, AttributeError):
        return False


def _is_racy(sig: Signature, since_ns: int) -> bool:
    """Whether any time in ``sig`` is recent enough to hide a change in the same tick."""
    if sig is None:
        return False
    times = [t for t in (sig[4], sig[5], *(sig[10:12] if len(sig) > 6 else ())) if t]
    return any(t >= since_ns for t in times)


def _is_link(sig: Signature) -> bool:
    return sig is not None and stat.S_ISLNK(sig[0])


def _digest(path: str) -> bytes | None:
    """The SHA-256 of the regular file at ``path`` (not through a link, never blocking on a
    FIFO swapped in meanwhile, at most :data:`MAX_DIGEST_BYTES`); None otherwise."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_DIGEST_BYTES:
            return None
        with os.fdopen(os.dup(fd), "rb") as handle:
            return hashlib.file_digest(handle, "sha256").digest()
    except OSError:
        return None
    finally:
        os.close(fd)
