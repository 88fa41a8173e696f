"""The history of a strategy repository, read with the ``git`` command line as data.

Why the command line: it is on every machine that has the repository, it reads every
object format and pack git writes (a library lags behind), and ``git cat-file --batch``
streams any number of blobs through one process, which keeps a 500-commit report fast.

A repository is untrusted input. git is run only with commands that never execute
configured programs (``rev-parse``, ``log`` without patches, ``ls-tree``, ``cat-file``;
no diff drivers, no pager, no hooks, no fsmonitor, no index refresh), with the user's and
the system's git configuration switched off, and with the repository's own settings that
could name a program overridden on the command line. Output sizes are bounded.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from egovkit.errors import UserError

#: Settings that could make git run a program or touch the work tree, pinned off.
_SAFE = (
    "-c", "core.fsmonitor=false", "-c", "core.hooksPath=/dev/null", "-c", "core.pager=cat",
    "-c", "diff.external=", "-c", "core.sshCommand=false", "-c", "protocol.allow=never",
    "-c", "core.untrackedCache=false", "-c", "log.showSignature=false",
)  # fmt: skip
_SHA = re.compile(r"^[0-9a-f]{40}(?:[0-9a-f]{24})?$")
#: Bytes of one git answer egovkit reads at most (a listing, a log, one blob).
MAX_OUTPUT = 256 * 1024 * 1024
MAX_BLOB = 2 * 1024 * 1024


class HistoryError(UserError):
    """No git, not a git repository, an unknown revision, a shallow clone (exit 2)."""


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(
        GIT_CONFIG_NOSYSTEM="1",
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_TERMINAL_PROMPT="0",
        GIT_OPTIONAL_LOCKS="0",  # never write the index while reading
        LC_ALL="C",
    )
    return env


@dataclass(frozen=True)
class Change:
    """One file a commit changed: its path (relative to the strategy root) and blobs."""

    path: str
    old: str | None  # blob sha before, None when added
    new: str | None  # blob sha after, None when deleted


@dataclass(frozen=True)
class Commit:
    sha: str
    date: dt.date  # committer date
    author: str
    subject: str
    changes: tuple[Change, ...] = field(default=())


class Git:
    """The git repository that holds the strategy repository at ``root``."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        try:
            top = self._run("rev-parse", "--show-prefix").decode("utf-8").strip()
        except FileNotFoundError:
            raise HistoryError("git is not installed; the history needs the git command") from None
        self.prefix = top  # the strategy root inside the git repository, "" or "sub/dir/"
        self.shallow = self._run("rev-parse", "--is-shallow-repository").strip() == b"true"

    def _run(self, *args: str, stdin: bytes | None = None) -> bytes:
        try:
            done = subprocess.run(
                ["git", *_SAFE, "--no-pager", "--no-replace-objects", *args],
                cwd=self.root,
                input=stdin,
                capture_output=True,
                env=_env(),
                timeout=120,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise HistoryError(f"git {args[0]} took longer than 120 s") from None
        if done.returncode != 0:
            message = done.stderr.decode("utf-8", "replace").strip().splitlines()
            text = message[-1] if message else f"exit {done.returncode}"
            if "not a git repository" in text:
                raise HistoryError(
                    f"{self.root}: not in a git repository; the history needs one "
                    "(git init, then commit the strategy)"
                )
            raise HistoryError(f"git {args[0]}: {text}")
        if len(done.stdout) > MAX_OUTPUT:
            raise HistoryError(f"git {args[0]}: answer larger than {MAX_OUTPUT:,} bytes")
        return done.stdout

    def resolve(self, rev: str) -> str:
        """The commit ``rev`` names (a tag, branch, sha, ``HEAD~3`` …)."""
        if rev.startswith("-") or "\0" in rev:
            raise HistoryError(f"'{rev}' is not a revision")
        try:
            out = self._run(
                "rev-parse", "--verify", "--quiet", "--end-of-options", rev + "^{commit}"
            )
        except HistoryError:
            out = b""
        sha = out.decode("ascii", "replace").strip()
        if not _SHA.match(sha):
            hint = " (the clone is shallow: git fetch --unshallow)" if self.shallow else ""
            raise HistoryError(f"unknown revision '{rev}'{hint}")
        return sha

    def date_of(self, sha: str) -> dt.date:
        out = self._run("log", "-1", "--format=%cI", sha, "--").decode("ascii").strip()
        return dt.datetime.fromisoformat(out).date()

    def before(self, day: dt.date, until: str = "HEAD") -> str | None:
        """The last commit at or before the end of ``day``, or None."""
        out = self._run("rev-list", "-1", f"--before={day.isoformat()} 23:59:59", until, "--")
        sha = out.decode("ascii").strip()
        return sha or None

    def first(self, until: str = "HEAD") -> str:
        """The first commit that touched the strategy root."""
        out = self._run("rev-list", "--reverse", until, "--", self._path())
        line = out.decode("ascii").split("\n", 1)[0].strip()
        if not line:
            raise HistoryError("no commit touches the strategy repository yet; commit it first")
        return line

    def _path(self) -> str:
        return f":(top){self.prefix}"

    def log(self, since: str | None, until: str) -> list[Commit]:
        """Commits after ``since`` up to ``until`` that touch the strategy, oldest first,
        with the files each changed (relative to the strategy root)."""
        span = f"{since}..{until}" if since else until
        out = self._run(
            "log", "--reverse", "--no-renames", "--raw", "--no-abbrev", "-z", "--no-color",
            "--format=%x01%H%x00%cI%x00%an%x00%s%x00", span, "--", self._path(),
        )  # fmt: skip
        return [c for part in out.split(b"\x01") if part and (c := self._commit(part))]

    def _commit(self, part: bytes) -> Commit | None:
        fields = part.split(b"\x00")
        if len(fields) < 4:
            return None
        sha, date, author, subject = (f.decode("utf-8", "replace") for f in fields[:4])
        changes = []
        rest = [f for f in fields[4:] if f.strip()]
        for meta, path in zip(rest[0::2], rest[1::2], strict=False):
            bits = meta.decode("ascii", "replace").split()
            if len(bits) < 5 or not path:
                continue
            rel = path.decode("utf-8", "surrogateescape")
            if self.prefix and not rel.startswith(self.prefix):
                continue
            old, new = bits[2], bits[3]
            changes.append(
                Change(
                    rel[len(self.prefix) :],
                    None if set(old) == {"0"} else old,
                    None if set(new) == {"0"} else new,
                )
            )
        day = dt.datetime.fromisoformat(date.strip()).date()
        return Commit(sha.strip(), day, author, subject, tuple(changes))

    def blobs(self, shas: Iterable[str]) -> dict[str, bytes]:
        """The contents of blobs by sha, through one ``git cat-file --batch``."""
        wanted = list(dict.fromkeys(s for s in shas if s and _SHA.match(s)))
        if not wanted:
            return {}
        out = self._run("cat-file", "--batch", stdin="".join(f"{s}\n" for s in wanted).encode())
        return _parse_batch(out, wanted)

    def files(self, rev: str) -> dict[str, bytes]:
        """Every file of the strategy root at ``rev``: path (relative to it) → bytes. Links
        and submodules are left out, like files egovkit would refuse to read."""
        listing = self._run("ls-tree", "-r", "-z", "--full-tree", rev, "--", self.prefix or ".")
        entries = []
        for item in listing.split(b"\x00"):
            if not item:
                continue
            meta, _, path = item.partition(b"\t")
            mode, kind, sha = meta.decode("ascii").split()
            rel = path.decode("utf-8", "surrogateescape")
            if kind == "blob" and mode in ("100644", "100755") and rel.startswith(self.prefix):
                entries.append((rel[len(self.prefix) :], sha))
        contents = self.blobs(sha for _, sha in entries)
        return {rel: contents[sha] for rel, sha in entries if sha in contents}


def _parse_batch(out: bytes, wanted: list[str]) -> dict[str, bytes]:
    result: dict[str, bytes] = {}
    pos = 0
    for _ in wanted:
        end = out.index(b"\n", pos)
        header = out[pos:end].decode("ascii", "replace").split()
        pos = end + 1
        if len(header) < 3 or header[1] == "missing":
            continue
        size = int(header[2])
        if header[1] == "blob" and size <= MAX_BLOB:
            result[header[0]] = out[pos : pos + size]
        pos += size + 1
    return result
