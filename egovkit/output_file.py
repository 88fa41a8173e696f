"""One file written atomically: a file of a strategy repository that ``egovkit status set``
and the other editing commands change, or a file ``egovkit export -o`` writes.

A temporary file in the same folder is written, synced and renamed over the target, so a
reader sees the old or the new file, never a half-written one. Folders of files
(``plan build``, ``report``) are :mod:`egovkit.output`'s.
"""

from __future__ import annotations

import os
import stat
import tempfile
from contextlib import suppress
from pathlib import Path

from egovkit.output import OutputError

__all__ = ["OutputError", "replace_file", "write_file"]


def replace_file(path: Path, content: bytes, create: bool = False) -> None:
    """Write one file atomically (``egovkit status set`` and the other editing commands): a
    temporary file in the same folder, then a rename, so a reader sees the old or the new
    file. An existing file keeps its permission bits; a new one (``create=True``, which
    refuses an existing path) gets the umask's. A link at ``path`` is refused, never followed.
    """
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and (create or not stat.S_ISREG(mode)):
        raise OutputError(f"{path}: {'exists' if create else 'is not a plain file'}; not written")
    if mode is None and not create:
        raise OutputError(f"{path}: no longer exists; not written")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".egovkit-tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, stat.S_IMODE(mode) if mode is not None else 0o666 & ~_umask())
        if create:
            _link_new(Path(tmp), path)
        else:
            os.replace(tmp, path)
    finally:
        with suppress(FileNotFoundError):
            os.unlink(tmp)


def write_file(path: Path, content: str | bytes, protect: Path | None = None) -> None:
    """One file, atomically (``export -o``); never inside ``protect``, as written or resolved."""
    real = path.resolve()
    repos = (protect.resolve(), Path(os.path.abspath(protect))) if protect else ()
    if any(p.is_relative_to(r) for p in (real, Path(os.path.abspath(path))) for r in repos):
        raise OutputError(f"{path}: lies inside the strategy repository {protect}; not written")
    real.parent.mkdir(parents=True, exist_ok=True)
    data = content.encode("utf-8") if isinstance(content, str) else content
    replace_file(real, data, create=not os.path.lexists(real))


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _link_new(tmp: Path, path: Path) -> None:
    """Put ``tmp`` at ``path`` unless something is there (a hard link never replaces)."""
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise OutputError(f"{path}: exists; not written") from None
    except OSError:  # a file system without hard links
        if os.path.lexists(path):
            raise OutputError(f"{path}: exists; not written") from None
        os.replace(tmp, path)
