"""A disposable cache of parsed repository files, in the user's cache folder.

Parsing YAML is most of the time of loading a large repository, and between two runs most
files are unchanged. The cache keeps, per repository, each file's :class:`Parsed` result
(plain data, source positions, the YAML finding that stopped it, what it charged the YAML
budget), keyed by the file's repository-relative path and the SHA-256 of its bytes. The
bytes are read anyway (through :mod:`egovkit.load.reader`, which applies every rule of
docs/security.md), so a file that changed in any way, whatever its size or time stamp, is
parsed again. Validation against the models is not cached: it runs on every load, so a
cached file yields the same findings as a parsed one and no value reaches a model unchecked.

The cache is never a source of truth:

- it lives outside the repository (``$XDG_CACHE_HOME/egovkit``, by default
  ``~/.cache/egovkit``), one file per repository named after a hash of its resolved path,
  in a folder only the user may enter (0700); a repository may be read-only or a CI
  checkout, and it is untrusted input;
- a file records egovkit's version, the Python and ruamel.yaml versions and a fingerprint of
  the parsing code; another version's file is ignored, and so is one that is corrupt,
  truncated or changed: every file carries a keyed BLAKE2 MAC whose key (``key`` in the same
  folder, 0600) only this user can read. Only a file that passes it is unpickled, and the
  unpickler accepts no class but ``datetime`` values;
- it is written atomically (a temporary file, then a rename) and only when something
  changed; at most :data:`MAX_REPOSITORIES` files are kept, the least recently used go;
- ``--no-cache`` or ``EGOVKIT_NO_CACHE=1`` bypasses it; deleting the folder is always safe.
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
import sys
import time
from pathlib import Path
from typing import Any

from egovkit.load.parsed import Parsed

#: Bump when the layout of a cache file or of :class:`Parsed` changes.
FORMAT = 2
MAGIC = b"egovkit parse cache\n"
#: Cache files (one per repository) kept in the folder; the least recently used go first.
MAX_REPOSITORIES = 200
#: A cache file larger than this is ignored (10,000 measures take about 5 MB).
MAX_CACHE_BYTES = 512 * 1024 * 1024
_MAC_BYTES = 32
_KEY_FILE = "key"
_SUFFIX = ".cache"
_TEMP_PREFIX = ".tmp-"


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


def content_digest(raw: bytes) -> bytes:
    return hashlib.sha256(raw).digest()


class Cache:
    """The cached files of one repository for one run; :meth:`open` never fails.

    :meth:`get` returns a file's result if its bytes are unchanged, :meth:`put` records a new
    one, and :meth:`save` writes what this run used (nothing else: entries of deleted files
    drop out) if anything changed.
    """

    def __init__(self, path: Path | None = None, key: bytes = b"", root: str = "") -> None:
        self.path = path  # None: no cache (disabled, or the folder is not private)
        self._key = key
        self._root = root
        self._old: dict[str, tuple] = {}
        self._new: dict[str, tuple] = {}
        self._changed = False

    @classmethod
    def open(cls, root: Path) -> Cache:
        """The cache of ``root``: empty if there is none or it is unusable, disabled (nothing
        is read or written) if the cache folder cannot be made private to the user."""
        try:
            folder = cache_folder()
            key = _mac_key(folder) if _private_folder(folder) else None
            if key is None:
                return cls()
            real = os.path.realpath(root)
            name = hashlib.sha256(os.fsencode(real)).hexdigest()[:32] + _SUFFIX
            cache = cls(folder / name, key, real)
            cache._old = cache._read()
            return cache
        except (OSError, ValueError):  # e.g. no home folder: run without a cache
            return cls()

    def get(self, rel: str, profile: bool, digest: bytes) -> Parsed | None:
        entry = self._old.get(rel)
        if not isinstance(entry, tuple) or len(entry) != 3:
            return None
        if entry[0] is not profile or entry[1] != digest or not isinstance(entry[2], bytes):
            return None
        try:
            parsed = _parsed(_Unpickler(entry[2]).load())
        except Exception:  # anything a damaged pickle raises: parse the file instead
            return None
        if parsed is not None:
            self._new[rel] = entry
        return parsed

    def put(
        self, rel: str, profile: bool, digest: bytes, parsed: Parsed, blob: bytes | None = None
    ) -> None:
        """Record ``parsed`` (``blob``: it pickled already) unless it depends on the files
        parsed before it."""
        if self.path is None or parsed.exhausted:
            return
        try:  # each file on its own: a run that changes a few files pickles only those
            blob = blob or pickle.dumps(tuple(parsed), protocol=5)
        except (pickle.PicklingError, RecursionError, TypeError):
            return
        self._new[rel] = (profile, digest, blob)
        self._changed = True

    def save(self) -> None:
        """Write the entries this run used, if they differ from the file's; never fails."""
        if self.path is None or (not self._changed and len(self._new) == len(self._old)):
            return
        # a cache that cannot be written is no cache: the next run parses again
        with contextlib.suppress(OSError, pickle.PicklingError, RecursionError):
            self._write()

    def _read(self) -> dict[str, tuple]:
        assert self.path is not None
        try:
            fd = os.open(self.path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except OSError:  # none yet, or a link: start afresh
            return {}
        try:
            info = os.fstat(fd)
            if not _owned_regular(info) or info.st_size > MAX_CACHE_BYTES:
                return {}
            with os.fdopen(fd, "rb", closefd=False) as handle:
                blob = handle.read()
        finally:
            os.close(fd)
        head = len(MAGIC) + _MAC_BYTES
        if blob[: len(MAGIC)] != MAGIC or len(blob) < head:
            return {}
        payload = memoryview(blob)[head:]
        if not hmac.compare_digest(blob[len(MAGIC) : head], self._mac(payload)):
            return {}  # truncated, corrupt, changed, or written with another key
        try:
            stored = _Unpickler(payload, allow=frozenset()).load()
        except Exception:  # anything a damaged pickle raises: it is only a cache
            return {}
        if (
            not isinstance(stored, tuple)
            or len(stored) != 3
            or stored[0] != _environment()
            or stored[1] != self._root
            or not isinstance(stored[2], dict)
        ):
            return {}  # another egovkit, Python or ruamel.yaml wrote it: rebuild
        if time.time() - info.st_mtime > 86_400:  # in use: keep it from being pruned
            _touch(self.path)
        return stored[2]

    def _write(self) -> None:
        import tempfile  # only a run that writes needs it

        assert self.path is not None
        payload = pickle.dumps((_environment(), self._root, self._new), protocol=5)
        existed = self.path.exists()
        fd, temp = tempfile.mkstemp(prefix=_TEMP_PREFIX, suffix=_SUFFIX, dir=self.path.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(MAGIC)
                handle.write(self._mac(payload))
                handle.write(payload)
            os.replace(temp, self.path)
        except BaseException:
            _remove(temp)
            raise
        if not existed:
            _prune(self.path.parent)

    def _mac(self, payload: bytes | memoryview) -> bytes:
        return hashlib.blake2b(payload, key=self._key, digest_size=_MAC_BYTES).digest()


def _parsed(entry: Any) -> Parsed | None:
    """The cached tuple as :class:`Parsed`, or None if it does not look like one."""
    if not isinstance(entry, tuple) or len(entry) != len(Parsed._fields):
        return None
    parsed = Parsed(*entry)
    problem, _, values, keys, body, bound, cost, exhausted = parsed
    if (
        exhausted is not False
        or type(bound) is not int
        or not (isinstance(cost, tuple) and len(cost) == 3)
        or not all(type(c) is int for c in cost)
        or not (body is None or isinstance(body, str))
    ):
        return None
    if problem is None:
        return parsed if isinstance(values, dict) and isinstance(keys, dict) else None
    ok = isinstance(problem, tuple) and len(problem) == 4
    return parsed if ok and isinstance(problem[0], str) and isinstance(problem[1], str) else None


_DATETIME = frozenset({"date", "datetime", "time", "timedelta", "timezone"})


class _Unpickler(pickle.Unpickler):
    """Plain data only: containers, strings, numbers and (if allowed) ``datetime`` values."""

    def __init__(self, payload: bytes | memoryview, allow: frozenset[str] = _DATETIME) -> None:
        super().__init__(io.BytesIO(payload))
        self._allow = allow

    def find_class(self, module: str, name: str) -> Any:
        if module == "datetime" and name in self._allow:
            return getattr(datetime, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in egovkit's cache")


_ENVIRONMENT: tuple | None = None


def _environment() -> tuple:
    """What a cached result depends on besides the file: egovkit's version, the versions of
    Python and ruamel.yaml, and the source of the modules that parse."""
    global _ENVIRONMENT
    if _ENVIRONMENT is None:
        import ruamel.yaml

        from egovkit import __version__
        from egovkit.load import compose, parsed, sourcemap, yaml

        code = hashlib.sha256()
        for module in (compose, yaml, parsed, sourcemap):
            try:
                code.update(Path(module.__file__ or "").read_bytes())
            except OSError:  # no source beside the bytecode: the version has to do
                code.update(module.__name__.encode())
        _ENVIRONMENT = (FORMAT, __version__, sys.version, ruamel.yaml.__version__, code.digest())
    return _ENVIRONMENT


def _owned_regular(info: os.stat_result) -> bool:
    uid = getattr(os, "getuid", None)
    return stat.S_ISREG(info.st_mode) and (uid is None or info.st_uid == uid())


def _private_folder(folder: Path) -> bool:
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


def _mac_key(folder: Path) -> bytes | None:
    """The user's random key for the MACs of cache files, made on first use."""
    path = folder / _KEY_FILE
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | flags, 0o600)
        except FileExistsError:  # another run made it just now
            return _mac_key(folder) if path.exists() else None
        with os.fdopen(fd, "wb") as handle:
            key = os.urandom(_MAC_BYTES)
            handle.write(key)
        return key
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not _owned_regular(info) or info.st_mode & 0o077:
            return None
        key = handle.read(_MAC_BYTES + 1)
    return key if len(key) == _MAC_BYTES else None


def _touch(path: Path) -> None:
    with contextlib.suppress(OSError):
        os.utime(path)


def _remove(path: str | Path) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


def _prune(folder: Path) -> None:
    """Keep the :data:`MAX_REPOSITORIES` most recently used cache files; drop temporary files
    that runs killed while writing left behind."""
    now = time.time()
    caches = []
    try:
        with os.scandir(folder) as scan:
            for entry in scan:
                if not entry.is_file(follow_symlinks=False):
                    continue
                mtime = entry.stat(follow_symlinks=False).st_mtime
                if entry.name.startswith(_TEMP_PREFIX):
                    if now - mtime > 3600:
                        _remove(entry.path)
                elif entry.name.endswith(_SUFFIX):
                    caches.append((mtime, entry.path))
    except OSError:
        return
    caches.sort(reverse=True)
    for _, path in caches[MAX_REPOSITORIES:]:
        _remove(path)
