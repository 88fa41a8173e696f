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
    "-c", "i18n.logOutputEncoding=UTF-8",
)  # fmt: skip
_SHA = re.compile(r"^[0-9a-f]{40}(?:[0-9a-f]{24})?$")
#: Bytes of one git answer egovkit reads at most (a listing, a log, one blob).
MAX_OUTPUT = 256 * 1024 * 1024
MAX_BLOB = 2 * 1024 * 1024


class HistoryError(UserError):
    """No git, not a git repository, an unknown revision, a shallow clone (exit 2)."""


def _own_repository(root: Path, top: str, git_dir: str) -> None:
    """The repository must be the one whose folder holds the strategy: ``<top>/.git`` a real
    folder, the strategy inside ``<top>``. A ``.git`` file (``gitdir: …``) or ``GIT_DIR``
    tricks could otherwise point egovkit at another repository on the machine."""
    real_root = os.path.realpath(root)
    dot_git = os.path.join(top, ".git")
    inside = real_root == top or real_root.startswith(top + os.sep)
    if not inside or git_dir != dot_git or os.path.islink(dot_git) or not os.path.isdir(dot_git):
        raise HistoryError(
            f"{root}: the history needs the strategy in an ordinary git repository (a .git "
            "folder at its top); worktrees, submodules and .git files pointing elsewhere are "
            "not read"
        )


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
        self._pinned: dict[str, str] = {}
        try:
            answer = self._run("rev-parse", "--show-toplevel", "--absolute-git-dir")
        except FileNotFoundError:
            raise HistoryError("git is not installed; the history needs the git command") from None
        top, git_dir = (
            os.path.realpath(x) for x in answer.decode("utf-8", "replace").splitlines()[:2]
        )
        _own_repository(self.root, top, git_dir)
        # every later call names this repository explicitly, so nothing can redirect it
        self._pinned = {"GIT_DIR": git_dir, "GIT_WORK_TREE": top}
        prefix = os.path.relpath(os.path.realpath(self.root), top)
        self.prefix = "" if prefix == "." else prefix.replace(os.sep, "/") + "/"
        self.shallow = self._run("rev-parse", "--is-shallow-repository").strip() == b"true"

    def _run(self, *args: str, stdin: bytes | None = None) -> bytes:
        try:
            done = subprocess.run(
                ["git", *_SAFE, "--no-pager", "--no-replace-objects", *args],
                cwd=self.root,
                input=stdin,
                capture_output=True,
                env={**_env(), **self._pinned},
                timeout=120,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise HistoryError(f"git {args[0]} took longer than 120 s") from None
        if done.returncode != 0:
            message = [m.strip() for m in done.stderr.decode("utf-8", "replace").splitlines()]
            message = [m for m in message if m and not m.startswith("git config --global")]
            text = " ".join(message[:3])[:500] if message else f"exit {done.returncode}"
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
        head = self._run(
            "log", "--reverse", "-z", "--no-color", "--format=%H%x00%cI%x00%an%x00%s",
            span, "--", self._path(),
        )  # fmt: skip
        fields = head.split(b"\x00")
        commits = []
        for i in range(0, len(fields) - 3, 4):
            sha, date, author, subject = (f.decode("utf-8", "replace") for f in fields[i : i + 4])
            sha = sha.strip()
            if not _SHA.match(sha):
                raise HistoryError("git log: an answer egovkit cannot read")
            commits.append((sha, _day(date), author, subject))
        changes = self._changes(span)
        return [Commit(sha, d, a, s, tuple(changes.get(sha, ()))) for sha, d, a, s in commits]

    def _changes(self, span: str) -> dict[str, list[Change]]:
        """sha → the files it changed below the strategy root (``git log --raw -z``)."""
        out = self._run(
            "log", "--reverse", "--no-renames", "--raw", "--no-abbrev", "-z", "--no-color",
            "--format=%H", span, "--", self._path(),
        )  # fmt: skip
        tokens = [t for t in out.split(b"\x00") if t.strip(b"\n")]
        changes: dict[str, list[Change]] = {}
        current, i = None, 0
        while i < len(tokens):
            token = tokens[i].strip(b"\n").decode("utf-8", "surrogateescape")
            if token.startswith(":") and current is not None and i + 1 < len(tokens):
                bits = token.split()
                rel = tokens[i + 1].decode("utf-8", "surrogateescape")
                i += 2
                if len(bits) >= 5 and rel.startswith(self.prefix):
                    old, new = bits[2], bits[3]
                    changes[current].append(
                        Change(
                            rel[len(self.prefix) :],
                            None if set(old) == {"0"} else old,
                            None if set(new) == {"0"} else new,
                        )
                    )
                continue
            if _SHA.match(token):
                current = token
                changes.setdefault(current, [])
            i += 1
        return changes

    def blobs(self, shas: Iterable[str]) -> dict[str, bytes]:
        """The contents of blobs by sha, through one ``git cat-file --batch``."""
        wanted = list(dict.fromkeys(s for s in shas if s and _SHA.match(s)))
        if not wanted:
            return {}
        sizes = self._run(
            "cat-file", "--batch-check", stdin="".join(f"{s}\n" for s in wanted).encode()
        )
        small, total = [], 0
        for line in sizes.decode("ascii", "replace").splitlines():
            bits = line.split()
            if len(bits) == 3 and bits[1] == "blob" and int(bits[2]) <= MAX_BLOB:
                total += int(bits[2])
                small.append(bits[0])
        if total > MAX_OUTPUT:
            raise HistoryError(f"the files egovkit reads add up to more than {MAX_OUTPUT:,} bytes")
        if not small:
            return {}
        out = self._run("cat-file", "--batch", stdin="".join(f"{s}\n" for s in small).encode())
        return _parse_batch(out, small)

    def files(self, rev: str, wanted=lambda rel: True) -> dict[str, bytes]:
        """The files of the strategy root at ``rev`` that ``wanted(path)`` accepts: path
        (relative to it) → bytes. Only those are fetched; links and submodules are left out,
        like files egovkit would refuse to read, and so are files over 2 MiB."""
        listing = self._run("ls-tree", "-r", "-z", "--full-tree", rev, "--", self.prefix or ".")
        entries = []
        for item in listing.split(b"\x00"):
            if not item:
                continue
            meta, _, path = item.partition(b"\t")
            mode, kind, sha = meta.decode("ascii").split()
            rel = path.decode("utf-8", "surrogateescape")
            inside = rel.startswith(self.prefix) and wanted(rel[len(self.prefix) :])
            if kind == "blob" and mode in ("100644", "100755") and inside:
                entries.append((rel[len(self.prefix) :], sha))
        contents = self.blobs(sha for _, sha in entries)
        return {rel: contents[sha] for rel, sha in entries if sha in contents}


def _day(text: str) -> dt.date:
    try:
        return dt.datetime.fromisoformat(text.strip()).date()
    except ValueError:
        raise HistoryError(f"git log: '{text[:40]}' is not a date") from None


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
