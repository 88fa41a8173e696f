"""Results remembered while the files they came from stay unchanged: a warm run of
``egovkit check`` or ``plan show`` answers without loading, checking or scheduling.

A result (the findings of a check, the JSON of a schedule) is a function of the files the
run read, the folders it listed, the questions it asked (:mod:`egovkit.load.watch`), the
options, the date, the ``EGOVKIT_*`` environment and the code that computed it. The memo
keeps, per repository, up to :data:`MAX_ENTRIES` results with all of that, and hands one
back only when every part is as it was: the options and date are part of its key, egovkit's
files (code and data) and the libraries it computes with are fingerprinted by their status,
and :func:`~egovkit.load.watch.unchanged` checks the repository. Anything else, including a
memo that is missing, damaged or written by someone else, means "compute it".

The memo is a sealed file (:mod:`egovkit.load.store`) beside the parse cache, bypassed by
the same ``--no-cache`` and ``EGOVKIT_NO_CACHE=1``; deleting it is always safe.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import pickle
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from egovkit import __version__
from egovkit.load import store, watch
from egovkit.load.reader import file_inside

FORMAT = 2
MAGIC = b"egovkit result memo\n"
#: Results kept per repository (different options, dates or commands); the oldest go.
MAX_ENTRIES = 8
#: A result larger than this (pickled) is not kept; nor is a memo file read past this size.
MAX_RESULT_BYTES = 64 * 1024 * 1024
MAX_FILE_BYTES = 256 * 1024 * 1024
MAX_REPOSITORIES = 200
_SUFFIX = ".memo"
#: Libraries whose version changes what egovkit computes.
LIBRARIES = ("pydantic", "pydantic_core", "networkx", "holidays", "ruamel.yaml", "jinja2")

T = TypeVar("T")


def remembered(root: Path, key: tuple, compute: Callable[[], T], encode, decode) -> T:
    """``decode(payload)`` of the result remembered under ``key`` if it still holds, else
    ``compute()`` (its reads watched) remembered as ``encode(result)``.

    ``key`` says what was asked (command, options), in plain data; ``encode`` turns a result
    into plain data (strings, numbers, tuples, lists, dicts) and ``decode`` back."""
    found = store.repository_file(root, _SUFFIX)
    entries = _read(found) if found is not None else {}
    full_key = (key, environment())
    entry = entries.get(full_key)
    if entry is not None:
        state, payload = entry
        if watch.unchanged(state, _ask_again):
            with contextlib.suppress(Exception):  # a payload that does not decode: compute
                return decode(payload)
    with watch.watching() as seen:
        result = compute()
    if found is not None:
        _store(found, entries, full_key, (seen.state(), encode(result)))
    return result


def _ask_again(root: str, rel: str) -> bool:
    return file_inside(Path(root), rel)


def _read(found: tuple[Path, bytes, str]) -> dict:
    path, key, real = found
    return store.read_table(path, key, MAGIC, MAX_FILE_BYTES, (FORMAT, real))


def _store(found: tuple[Path, bytes, str], entries: dict, key: tuple, entry: tuple) -> None:
    """Keep ``entry`` under ``key`` with the newest others; never fails."""
    path, mac_key, real = found
    kept = {k: v for k, v in entries.items() if k != key and k[1] == key[1]}
    kept = dict(list(kept.items())[-(MAX_ENTRIES - 1) :]) if MAX_ENTRIES > 1 else {}
    kept[key] = entry
    with contextlib.suppress(OSError, pickle.PicklingError, RecursionError, TypeError):
        store.write_table(
            path, mac_key, MAGIC, (FORMAT, real), kept, MAX_REPOSITORIES, MAX_RESULT_BYTES
        )


_ENVIRONMENT: tuple | None = None


def environment() -> tuple:
    """What every result depends on besides the repository and the options: egovkit's
    version and files, Python, the libraries in :data:`LIBRARIES`, the ``EGOVKIT_*``
    variables (but ``EGOVKIT_QUIET``) and today's date (a plan's default status date)."""
    global _ENVIRONMENT
    if _ENVIRONMENT is None:
        _ENVIRONMENT = (FORMAT, __version__, sys.version, _code(), _libraries())
    variables = tuple(
        sorted(
            (name, value)
            for name, value in os.environ.items()
            if name.startswith("EGOVKIT_") and name != "EGOVKIT_QUIET"
        )
    )
    return (*_ENVIRONMENT, variables, dt.date.today().isoformat())


def _code() -> bytes:
    """A fingerprint of egovkit's own files (code, templates, data) by their status."""
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    digest = hashlib.sha256()
    for folder, dirs, files in os.walk(package):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            path = os.path.join(folder, name)
            digest.update(repr((os.path.relpath(path, package), watch.signature(path))).encode())
    return digest.digest()


def _libraries() -> tuple:
    """The status of each library's main file: a new version is a new file."""
    import importlib.util

    out = []
    for name in LIBRARIES:
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            spec = None
        origin = spec.origin if spec is not None else None
        out.append((name, watch.signature(origin) if origin else None))
    return tuple(out)
