"""The one way egovkit reads a file of a strategy repository (which is untrusted input).

``read_file`` refuses, as a :class:`Refused` value naming a finding code, everything that is
not a plain file inside the repository: a symlink that resolves outside the repository root,
a FIFO, socket or device, a folder, and a file larger than :data:`MAX_FILE_BYTES`. It never
returns (or reports) a byte of a refused file. ``list_folder`` lists a folder of the
repository under the same rules. See docs/security.md.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from egovkit.load import watch

#: No strategy file, profile or template comes close; a larger file is refused unread.
MAX_FILE_BYTES = 2 * 1024 * 1024
#: A folder of the repository with more entries than this is refused (``measures/`` of the
#: largest real strategy holds a few hundred files).
MAX_FOLDER_ENTRIES = 100_000


@dataclass(frozen=True)
class Refused:
    """Why a file was not read: a finding code (``Y003`` unreadable, ``Y007`` refused)."""

    code: str
    message: str


def _inside(path: Path, root: Path) -> bool:
    try:
        return path.resolve(strict=True).is_relative_to(root.resolve(strict=True))
    except (OSError, RuntimeError):  # missing, a symlink loop, no permission
        return False


def _real(path: str) -> str | None:
    try:
        return os.path.realpath(path, strict=True)
    except (OSError, RuntimeError, ValueError):  # missing, a symlink loop, no permission
        return None


class Reader:
    """Reads files of one repository under the rules of :func:`read_file`.

    Resolving the root and a file's folder (every link on the way) is most of the cost of
    reading a small file; a reader resolves each once, so use one per run of the loader.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self._root_real = _real(os.fspath(root))
        self._folders: dict[str, bool] = {}

    def _inside(self, path: str) -> bool:
        real, root = _real(path), self._root_real
        if real is None or root is None:
            return False
        return real == root or real.startswith(root if root.endswith(os.sep) else root + os.sep)

    def _folder_inside(self, folder: str) -> bool:
        known = self._folders.get(folder)
        if known is None:
            known = self._folders[folder] = self._inside(folder)
        return known

    def read(self, rel: str, max_bytes: int = MAX_FILE_BYTES) -> bytes | Refused:
        """The bytes of ``root/rel``, or why egovkit refuses to read it."""
        path = os.path.join(self.root, rel)
        try:
            info = os.lstat(path)
        except OSError as exc:
            watch.note_file(self._noted(rel), None)
            return Refused("Y003", f"cannot read file: {exc.strerror}")
        data = self._read(path, info, max_bytes)
        # the status from before the read: a change while reading shows as a new status
        watch.note_file(self._noted(rel), data if isinstance(data, bytes) else None, info)
        return data

    def _noted(self, rel: str) -> str:
        """``rel`` under the resolved root: the memo is keyed by the resolved root, so the
        same question later is asked of the same place, from whatever folder it is run."""
        return os.path.join(self._root_real or os.path.abspath(self.root), rel)

    def _read(self, path: str, info: os.stat_result, max_bytes: int) -> bytes | Refused:
        if stat.S_ISLNK(info.st_mode) and not self._inside(path):
            return Refused(
                "Y007",
                "refused: the file is a symbolic link to a place outside the strategy "
                "repository (or a broken link); copy the file into the repository instead",
            )
        if not self._folder_inside(os.path.dirname(path)):
            return Refused("Y007", "refused: the folder lies outside the strategy repository")
        return _read_open(path, max_bytes)


def read_file(root: Path, rel: str, max_bytes: int = MAX_FILE_BYTES) -> bytes | Refused:
    """The bytes of ``root/rel``, or why egovkit refuses to read it."""
    return Reader(root).read(rel, max_bytes)


def _read_open(path: str, max_bytes: int) -> bytes | Refused:
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        return Refused("Y003", f"cannot read file: {exc.strerror}")
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = "a folder" if stat.S_ISDIR(info.st_mode) else "a device, FIFO or socket"
            return Refused("Y007", f"refused: this is {kind}, not a regular file")
        if info.st_size > max_bytes:
            return _too_large(max_bytes)
        data = _read_all(fd, info.st_size, max_bytes + 1)
    except OSError as exc:
        return Refused("Y003", f"cannot read file: {exc.strerror}")
    finally:
        os.close(fd)
    if len(data) > max_bytes:  # grew while we read it
        return _too_large(max_bytes)
    return data


def _read_all(fd: int, size: int, limit: int) -> bytes:
    """At most ``limit`` bytes of ``fd``; asks for the size ``fstat`` gave plus one, so a
    small file takes one read (a short read that brought all ``fstat`` promised is the end
    of a regular file) and no buffer of ``limit`` bytes."""
    parts, total = [], 0
    while total < limit:
        wanted = min(limit - total, max(size + 1 - total, 65_536))
        chunk = os.read(fd, wanted)
        if not chunk:
            break
        parts.append(chunk)
        total += len(chunk)
        if len(chunk) < wanted and total >= size:
            break
    return b"".join(parts)


def _too_large(max_bytes: int) -> Refused:
    return Refused(
        "Y007",
        f"refused: the file is larger than {max_bytes // 1024:,} KiB, which no strategy file "
        "needs; split it or remove what does not belong there",
    )


def file_inside(root: Path, rel: str) -> bool:
    """Whether ``root/rel`` is a file (or a link to one) inside the repository."""
    real_root = os.path.realpath(root)
    path = os.path.realpath(os.path.join(real_root, rel))
    answer = path.startswith(real_root + os.sep) and os.path.isfile(path)
    watch.note_probe(real_root, rel, answer)
    return answer


@dataclass(frozen=True)
class Entry:
    """One entry of a repository folder: its name and whether it is a plain file to read."""

    name: str
    is_file: bool
    refused: Refused | None = None


def list_folder(root: Path, rel: str) -> list[Entry] | Refused | None:
    """Entries of ``root/rel`` sorted by name; None if it does not exist.

    Symlinks are listed as files (``read_file`` decides whether they may be read); FIFOs,
    sockets and devices are listed with a :class:`Refused` reason.
    """
    folder = root / rel
    watch.note_folder(os.path.join(os.path.realpath(root), rel))
    try:
        info = os.lstat(folder)
    except FileNotFoundError:
        return None
    except OSError as exc:
        return Refused("Y003", f"cannot read folder: {exc.strerror}")
    if stat.S_ISLNK(info.st_mode) and not _inside(folder, root):
        return Refused("Y007", "refused: the folder is a symbolic link out of the repository")
    if not folder.is_dir():
        return None
    entries = []
    try:
        with os.scandir(folder) as scan:
            for item in scan:
                if len(entries) >= MAX_FOLDER_ENTRIES:
                    return Refused(
                        "Y007", f"refused: more than {MAX_FOLDER_ENTRIES:,} entries in one folder"
                    )
                entries.append(_entry(item))
    except OSError as exc:
        return Refused("Y003", f"cannot read folder: {exc.strerror}")
    return sorted(entries, key=lambda e: e.name)


def _entry(item: os.DirEntry) -> Entry:
    try:
        if item.is_symlink():
            target_is_dir = item.is_dir()  # follows the link
            return Entry(item.name, not target_is_dir)
        # the kind the folder listing gave (no system call where it knows it); otherwise
        # DirEntry takes it from lstat
        if item.is_file(follow_symlinks=False):
            return Entry(item.name, True)
        if item.is_dir(follow_symlinks=False):
            return Entry(item.name, False)
    except OSError as exc:
        return Entry(item.name, True, Refused("Y003", f"cannot read file: {exc.strerror}"))
    return Entry(
        item.name, True, Refused("Y007", "refused: a device, FIFO or socket, not a regular file")
    )
