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


def read_file(root: Path, rel: str, max_bytes: int = MAX_FILE_BYTES) -> bytes | Refused:
    """The bytes of ``root/rel``, or why egovkit refuses to read it."""
    path = root / rel
    try:
        info = os.lstat(path)
    except OSError as exc:
        return Refused("Y003", f"cannot read file: {exc.strerror}")
    if stat.S_ISLNK(info.st_mode) and not _inside(path, root):
        return Refused(
            "Y007",
            "refused: the file is a symbolic link to a place outside the strategy repository "
            "(or a broken link); copy the file into the repository instead",
        )
    if not _inside(path.parent, root):
        return Refused("Y007", "refused: the folder lies outside the strategy repository")
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
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        return Refused("Y003", f"cannot read file: {exc.strerror}")
    finally:
        os.close(fd)
    if len(data) > max_bytes:  # grew while we read it
        return _too_large(max_bytes)
    return data


def _too_large(max_bytes: int) -> Refused:
    return Refused(
        "Y007",
        f"refused: the file is larger than {max_bytes // 1024:,} KiB, which no strategy file "
        "needs; split it or remove what does not belong there",
    )


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
        mode = item.stat(follow_symlinks=False).st_mode
    except OSError as exc:
        return Entry(item.name, True, Refused("Y003", f"cannot read file: {exc.strerror}"))
    if stat.S_ISREG(mode):
        return Entry(item.name, True)
    if stat.S_ISDIR(mode):
        return Entry(item.name, False)
    return Entry(
        item.name, True, Refused("Y007", "refused: a device, FIFO or socket, not a regular file")
    )
