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
import hashlib
import pickle
import sys
from pathlib import Path
from typing import Any

from egovkit.load import store
from egovkit.load.parsed import Parsed
from egovkit.load.store import cache_folder, disabled_by_environment

__all__ = ["Cache", "cache_folder", "content_digest", "disabled_by_environment"]

#: Bump when the layout of a cache file or of :class:`Parsed` changes.
FORMAT = 3
MAGIC = b"egovkit parse cache\n"
#: Cache files (one per repository) kept in the folder; the least recently used go first.
MAX_REPOSITORIES = 200
#: A cache file larger than this is ignored (10,000 measures take about 5 MB).
MAX_CACHE_BYTES = 512 * 1024 * 1024
_SUFFIX = ".cache"


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
        found = store.repository_file(root, _SUFFIX)
        if found is None:
            return cls()
        cache = cls(*found)
        cache._old = cache._read()
        return cache

    def get(self, rel: str, profile: bool, digest: bytes) -> Parsed | None:
        entry = self._old.get(rel)
        if not isinstance(entry, tuple) or len(entry) != 3:
            return None
        if entry[0] is not profile or entry[1] != digest or not isinstance(entry[2], bytes):
            return None
        try:
            parsed = _parsed(store.PlainUnpickler(entry[2]).load())
        except Exception:  # anything a damaged pickle raises: parse the file instead
            return None
        if parsed is not None:
            self._new[rel] = entry
        return parsed

    def put(
        self, rel: str, profile: bool, digest: bytes, parsed: Parsed, blob: bytes | None = None
    ) -> bytes | None:
        """Record ``parsed`` (``blob``: it pickled already) unless it depends on the files
        parsed before it; the pickled result, if recorded."""
        if self.path is None or parsed.exhausted:
            return None
        try:  # each file on its own: a run that changes a few files pickles only those
            blob = blob or pickle.dumps(tuple(parsed), protocol=5)
        except (pickle.PicklingError, RecursionError, TypeError):
            return None
        self._new[rel] = (profile, digest, blob)
        self._changed = True
        return blob

    def blob(self, rel: str) -> bytes | None:
        """The pickled result :meth:`get` found for ``rel`` in this run."""
        entry = self._new.get(rel)
        return entry[2] if entry is not None else None

    def save(self) -> None:
        """Write the entries this run used, if they differ from the file's; never fails."""
        if self.path is None or (not self._changed and len(self._new) == len(self._old)):
            return
        # a cache that cannot be written is no cache: the next run parses again
        with contextlib.suppress(OSError, pickle.PicklingError, RecursionError):
            self._write()

    def _read(self) -> dict[str, tuple]:
        assert self.path is not None
        return store.read_table(self.path, self._key, MAGIC, MAX_CACHE_BYTES, self._head())

    def _write(self) -> None:
        assert self.path is not None
        store.write_table(
            self.path,
            self._key,
            MAGIC,
            self._head(),
            self._new,
            MAX_REPOSITORIES,
            MAX_CACHE_BYTES,
        )

    def _head(self) -> tuple:
        """What the entries depend on besides their files: egovkit, Python, ruamel.yaml,
        the parsing code, and the repository."""
        return (_environment(), self._root)


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
