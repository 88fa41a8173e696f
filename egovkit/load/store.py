"""Sealed files in the user's cache folder: what the parse cache and the result memo share.

A sealed file lives in ``$XDG_CACHE_HOME/egovkit`` (by default ``~/.cache/egovkit``), a
folder only the user may enter (0700). It starts with a magic line and a keyed BLAKE2 MAC
of its payload; the key (``key`` in the same folder, 0600) only this user can read. Only a
file whose MAC matches is unpickled, and then with an unpickler that accepts no class but
``datetime`` values. A file that is missing, foreign, corrupt, truncated or written with
another key reads as nothing, so a cache is never a source of truth. Files are written
atomically (a temporary file, then a rename). Light on purpose: a run answered from the
memo imports this and little else.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import hmac
import io
import os
import pickle
import stat
import time
from pathlib import Path
from typing import Any

MAC_BYTES = 32
KEY_FILE = "key"
TEMP_PREFIX = ".tmp-"
_DATETIME = frozenset({"date", "datetime", "time", "timedelta", "timezone"})
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)


def disabled_by_environment() -> bool:
    """``EGOVKIT_NO_CACHE`` set to anything but empty or ``0``."""
    return os.environ.get("EGOVKIT_NO_CACHE", "") not in ("", "0")


def cache_folder() -> Path:
    """``$XDG_CACHE_HOME/egovkit``, by default ``~/.cache/egovkit`` (on Windows under
    ``%LOCALAPPDATA%``); ValueError if there is no home folder to put it in."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):  # the XDG rule: a relative value is ignored
        local = os.environ.get("LOCALAPPDATA", "") if os.name == "nt" else ""
        base = local if os.path.isabs(local) else os.path.join(os.path.expanduser("~"), ".cache")
    if not os.path.isabs(base):  # no home folder: never a folder relative to where we run
        raise ValueError("no folder for the cache")
    return Path(base, "egovkit")


def repository_file(root: Path, suffix: str) -> tuple[Path, bytes, str] | None:
    """(path of the sealed file for ``root`` with ``suffix``, MAC key, resolved root), or
    None when there is no private cache folder (nothing is then read or written)."""
    try:
        folder = cache_folder()
        key = mac_key(folder) if private_folder(folder) else None
    except (OSError, ValueError):  # e.g. no home folder: run without a cache
        return None
    if key is None:
        return None
    real = os.path.realpath(root)
    name = hashlib.sha256(os.fsencode(real)).hexdigest()[:32] + suffix
    return folder / name, key, real


def read_sealed(path: Path, key: bytes, magic: bytes, max_bytes: int, allow=_DATETIME) -> Any:
    """The payload of the sealed file at ``path``, or None if it is missing, not the user's
    own regular file, larger than ``max_bytes``, or fails its MAC or unpickling."""
    try:  # never blocking on a FIFO planted in its place
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | _NONBLOCK)
    except OSError:  # none yet, or a link: start afresh
        return None
    try:
        info = os.fstat(fd)
        if not owned_regular(info) or info.st_size > max_bytes:
            return None
        with os.fdopen(fd, "rb", closefd=False) as handle:
            blob = handle.read()
    except OSError:
        return None
    finally:
        os.close(fd)
    head = len(magic) + MAC_BYTES
    if blob[: len(magic)] != magic or len(blob) < head:
        return None
    payload = memoryview(blob)[head:]
    if not hmac.compare_digest(blob[len(magic) : head], mac(key, payload)):
        return None  # truncated, corrupt, changed, or written with another key
    try:
        stored = PlainUnpickler(payload, allow).load()
    except Exception:  # anything a damaged pickle raises: it is only a cache
        return None
    if time.time() - info.st_mtime > 86_400:  # in use: keep it from being pruned
        touch(path)
    return stored


def write_sealed(path: Path, key: bytes, magic: bytes, payload: bytes) -> None:
    """Write ``payload`` (pickled already) sealed to ``path``, atomically; OSError if not."""
    import tempfile  # only a run that writes needs it

    fd, temp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=path.suffix, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(magic)
            handle.write(mac(key, payload))
            handle.write(payload)
        os.replace(temp, path)
    except BaseException:
        remove(temp)
        raise


def read_table(path: Path, key: bytes, magic: bytes, max_bytes: int, head: tuple) -> dict:
    """The table of the sealed file written by :func:`write_table` with the same ``head``
    (what the table depends on: versions, the repository), or an empty one."""
    stored = read_sealed(path, key, magic, max_bytes, allow=frozenset())
    if (
        not isinstance(stored, tuple)
        or len(stored) != 2
        or stored[0] != head
        or not isinstance(stored[1], dict)
    ):
        return {}  # none, damaged, or written for another version or repository
    return stored[1]


def write_table(
    path: Path, key: bytes, magic: bytes, head: tuple, table: dict, keep: int, max_bytes: int
) -> None:
    """Seal ``(head, table)`` at ``path`` unless it pickles larger than ``max_bytes``; on a
    new file keep the ``keep`` most recently used of its kind. OSError if it cannot."""
    payload = pickle.dumps((head, table), protocol=5)
    if len(payload) > max_bytes:
        return
    existed = path.exists()
    write_sealed(path, key, magic, payload)
    if not existed:
        prune(path.parent, path.suffix, keep)


def mac(key: bytes, payload: bytes | memoryview) -> bytes:
    return hashlib.blake2b(payload, key=key, digest_size=MAC_BYTES).digest()


class PlainUnpickler(pickle.Unpickler):
    """Plain data only: containers, strings, numbers and (if allowed) ``datetime`` values."""

    def __init__(self, payload: bytes | memoryview, allow: frozenset[str] = _DATETIME) -> None:
        super().__init__(io.BytesIO(payload))
        self._allow = allow

    def find_class(self, module: str, name: str) -> Any:
        if module == "datetime" and name in self._allow:
            return getattr(datetime, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in egovkit's cache")


def owned_regular(info: os.stat_result) -> bool:
    uid = getattr(os, "getuid", None)
    return stat.S_ISREG(info.st_mode) and (uid is None or info.st_uid == uid())


def private_folder(folder: Path) -> bool:
    """Make ``folder`` (mode 0700) if needed; True if it is the user's and private."""
    os.makedirs(folder, mode=0o700, exist_ok=True)
    info = os.stat(folder)
    uid = getattr(os, "getuid", None)
    if uid is None:  # Windows: the per-user LOCALAPPDATA is private already
        return stat.S_ISDIR(info.st_mode)
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != uid():
        return False
    if info.st_mode & 0o077:
        os.chmod(folder, 0o700)
    return True


def mac_key(folder: Path) -> bytes | None:
    """The user's random key for the MACs of cache files, made on first use."""
    path = folder / KEY_FILE
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | _NONBLOCK
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | flags, 0o600)
        except FileExistsError:  # another run made it just now
            return mac_key(folder) if path.exists() else None
        with os.fdopen(fd, "wb") as handle:
            key = os.urandom(MAC_BYTES)
            handle.write(key)
        return key
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not owned_regular(info) or info.st_mode & 0o077:
            return None
        key = handle.read(MAC_BYTES + 1)
    return key if len(key) == MAC_BYTES else None


def touch(path: Path) -> None:
    with contextlib.suppress(OSError):
        os.utime(path)


def remove(path: str | Path) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


def prune(folder: Path, suffix: str, keep: int) -> None:
    """Keep the ``keep`` most recently used files ending in ``suffix``; drop temporary files
    that runs killed while writing left behind."""
    now = time.time()
    found = []
    try:
        with os.scandir(folder) as scan:
            for entry in scan:
                if not entry.is_file(follow_symlinks=False):
                    continue
                mtime = entry.stat(follow_symlinks=False).st_mtime
                if entry.name.startswith(TEMP_PREFIX):
                    if now - mtime > 3600:
                        remove(entry.path)
                elif entry.name.endswith(suffix):
                    found.append((mtime, entry.path))
    except OSError:
        return
    found.sort(reverse=True)
    for _, path in found[keep:]:
        remove(path)
