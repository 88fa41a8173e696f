"""Which commit a strategy repository is at, read from ``.git`` as data.

egovkit never runs ``git`` in a repository it was handed: a repository's own git
configuration can name programs git would run (``core.fsmonitor``, hooks). The commit of
``HEAD`` is read from the files instead, through the one reader of repository files, so
links out of the repository are refused like everywhere else.
"""

from __future__ import annotations

import re
from pathlib import Path

from egovkit.load.reader import Reader, Refused

_SHA = re.compile(rb"^[0-9a-f]{40}(?:[0-9a-f]{24})?$")
_REF = re.compile(rb"^refs/[A-Za-z0-9._/-]{1,200}$")
MAX_PACKED_REFS = 4 * 1024 * 1024


def head_commit(root: Path) -> str | None:
    """The full hash of the commit ``HEAD`` names, or None (no git, detached oddities, a
    worktree or submodule whose ``.git`` is a file, anything unreadable)."""
    reader = Reader(root)
    head = reader.read(".git/HEAD", 4096)
    if isinstance(head, Refused):
        return None
    head = head.strip()
    if _SHA.match(head):
        return head.decode("ascii")
    if not head.startswith(b"ref: "):
        return None
    ref = head[5:].strip()
    if not _REF.match(ref) or b".." in ref:
        return None
    loose = reader.read(".git/" + ref.decode("ascii"), 4096)
    if not isinstance(loose, Refused) and _SHA.match(loose.strip()):
        return loose.strip().decode("ascii")
    packed = reader.read(".git/packed-refs", MAX_PACKED_REFS)
    if isinstance(packed, Refused):
        return None
    for line in packed.splitlines():
        sha, _, name = line.partition(b" ")
        if name.strip() == ref and _SHA.match(sha):
            return sha.decode("ascii")
    return None


def version(root: Path) -> str:
    """``"a1b2c3d"``: the short commit of HEAD, or "" outside git."""
    commit = head_commit(root)
    return commit[:7] if commit else ""
