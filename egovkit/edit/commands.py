"""``status set``, ``log add`` and ``measure new`` as library calls: each returns an
:class:`Edit` (the new bytes of each file and what checking the edited repository found),
and :func:`save` writes it.

The repository is untrusted input (docs/security.md): an id must be a valid id, never a
path; a measure file is read through egovkit's reader and refused when it is a link; the
edited repository is checked in memory (the loader reads the new bytes instead of the file)
before anything is written, and findings the edit adds are reported; those that were there
before do not count against it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from egovkit.diagnostics.record import Diagnostic, Severity
from egovkit.edit import roundtrip, textual
from egovkit.edit.changes import AddLog, Change, SetKey, expected, log_index
from egovkit.edit.newfiles import NewMeasure, measure_text, profile_text, schema_modeline
from egovkit.edit.source import CannotEdit, Layout, Source, parsed_mapping
from egovkit.edit.verify import problem, spans
from egovkit.errors import UserError
from egovkit.load.reader import Reader, Refused
from egovkit.model.types import ID_PATTERN, Status
from egovkit.output_file import replace_file
from egovkit.pipeline import CheckResult, check

MEASURES, PROFILES = "measures", "profiles"


@dataclass(frozen=True)
class Edit:
    """What an editing command would write, and what the edited repository's check adds."""

    root: Path
    files: dict[str, bytes]
    originals: dict[str, bytes | None]  # None: a new file
    changes: list[str]
    method: str  # "round-trip", "textual" or "new"
    blocking: list[Diagnostic] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what the command decided, to tell


def valid_id(ident: str, what: str = "measure id") -> str:
    if not re.match(ID_PATTERN, ident):
        raise UserError(
            f"'{ident}' is not a valid {what}: use 1-64 letters, digits, '-' or '_', starting "
            "with a letter or digit (ids become file names, never paths)"
        )
    return ident


def repository(root: Path) -> None:
    """Refuse a folder that is not a strategy repository, as the loader would."""
    if not os.path.isfile(root / "strategy.yaml"):
        raise UserError(
            f"{root}: not a strategy repository (no strategy.yaml); pass the folder that "
            "contains it"
        )


def _inside(root: Path, folder: str) -> None:
    """Refuse a folder of the repository that is a link out of it."""
    path = root / folder
    if os.path.lexists(path) and not os.path.realpath(path).startswith(
        os.path.join(os.path.realpath(root), "")
    ):
        raise UserError(f"{folder}/: lies outside the strategy repository; not edited")


def measure_file(root: Path, ident: str) -> tuple[str, bytes]:
    """The repo-relative path and bytes of measure ``ident``'s file, or a usage error."""
    valid_id(ident)
    repository(root)
    name, rel = f"{ident}.yaml", f"{MEASURES}/{ident}.yaml"
    try:
        names = os.listdir(root / MEASURES)
    except OSError:
        names = []
    if name not in names:  # exact, also where the file system ignores case
        raise UserError(f"no measure '{ident}' in {root}: {rel} does not exist")
    _inside(root, MEASURES)
    if os.path.islink(root / rel):
        raise UserError(
            f"{rel}: is a symbolic link; egovkit edits only plain files of the repository"
        )
    raw = Reader(root).read(rel)
    if isinstance(raw, Refused):
        raise UserError(f"{rel}: {raw.message}")
    return rel, raw


def rewrite(source: Source, changes: list[Change]) -> tuple[str, str]:
    """The text with ``changes`` made and how (round-trip, else textual); a
    :class:`CannotEdit` usage error when neither keeps the other lines as they were."""
    data = source.data()
    want = expected(data, changes)
    try:
        layout = Layout(source.text)
    except CannotEdit as error:
        raise CannotEdit(f"{source.rel}: {error}; edit the file by hand") from None
    owned = spans(layout, changes)
    reasons = []
    for method, editor in (("round-trip", roundtrip.apply), ("textual", textual.apply)):
        try:
            candidate = editor(source, changes)
        except CannotEdit as error:
            reasons.append(str(error))
            continue
        except Exception as error:  # ruamel.yaml refusing the file: the textual edit decides
            reasons.append(f"{type(error).__name__}: {error}")
            continue
        reason = problem(layout, candidate, owned, want, source.rel)
        if reason is None:
            return candidate, method
        reasons.append(reason)
    raise CannotEdit(
        f"{source.rel}: cannot make this change without altering other lines "
        f"({reasons[-1]}); edit the file by hand"
    )


def _edit_measure(root: Path, ident: str, build: Callable[[dict], list[Change]]) -> Edit:
    rel, raw = measure_file(root, ident)
    source = Source.from_bytes(rel, raw)
    changes = build(source.data())
    text, method = rewrite(source, changes)
    new = source.encode(text)
    return checked(Edit(root, {rel: new}, {rel: raw}, [c.describe() for c in changes], method))


def set_status(
    root: Path,
    ident: str,
    status: Status,
    day: dt.date,
    progress: int | None = None,
    note: str | None = None,
) -> Edit:
    """Set a measure's status, ``as_of`` (``day``), and ``progress``; a done measure gets
    ``finished`` (and progress 100 where it had another), one in progress ``started``, when
    missing; ``note`` adds a log entry of ``day``."""
    text = _note(note) if note is not None else None

    def build(data: dict) -> list[Change]:
        changes: list[Change] = [SetKey("status", status.value)]
        if progress is not None:
            changes.append(SetKey("progress", progress))
        elif status is Status.done and "progress" in data and data["progress"] != 100:
            changes.append(SetKey("progress", 100))
        changes.append(SetKey("as_of", day))
        if status is Status.in_progress and data.get("started") is None:
            changes.append(SetKey("started", day))
        if status is Status.done and data.get("finished") is None:
            changes.append(SetKey("finished", day))
        if text is not None:
            changes.append(AddLog(day, text, log_index(data, day)))
        return changes

    return _edit_measure(root, ident, build)


def add_log(root: Path, ident: str, text: str, day: dt.date) -> Edit:
    """Add a log entry of ``day`` to a measure, in date order."""
    note = _note(text)
    return _edit_measure(root, ident, lambda data: [AddLog(day, note, log_index(data, day))])


def _note(text: str) -> str:
    note = text.strip()
    if not note:
        raise UserError("the log text is empty")
    return note


def new_measure(
    root: Path, measure: NewMeasure, profile: bool = False, before: CheckResult | None = None
) -> Edit:
    """Create ``measures/<id>.yaml`` (and with ``profile`` ``profiles/<id>.md``);
    ``before`` is the check of the repository as it is, when the caller has one."""
    valid_id(measure.id)
    repository(root)
    rel = f"{MEASURES}/{measure.id}.yaml"
    rels = [rel, f"{PROFILES}/{measure.id}.md"] if profile else [rel]
    before = before or check(root)
    _refuse_existing(root, measure.id, rels, before)
    for folder in (MEASURES, PROFILES):
        _inside(root, folder)
    files = {rel: measure_text(measure, schema_modeline(root, _measure_files(before)))}
    if parsed_mapping(files[rel], rel) != measure.data():
        raise UserError(f"{rel}: these values cannot be written as YAML")
    if profile:
        files[rels[1]] = profile_text(measure)
    encoded = {name: text.encode("utf-8") for name, text in files.items()}
    edit = Edit(root, encoded, dict.fromkeys(encoded), [f"new {n}" for n in encoded], "new")
    return checked(edit, before)


def _measure_files(result: CheckResult) -> list[str]:
    return [f for f in result.workspace.files if f.startswith(f"{MEASURES}/")]


def _refuse_existing(root: Path, ident: str, rels: list[str], before: CheckResult) -> None:
    known = {m.model.id.casefold(): m.source.path for m in before.workspace.measures}
    if ident.casefold() in known:
        raise UserError(f"measure '{ident}' exists already ({known[ident.casefold()]})")
    files = {f.casefold(): f for f in before.workspace.files}
    for rel in rels:
        if os.path.lexists(root / rel) or rel.casefold() in files:
            raise UserError(f"{files.get(rel.casefold(), rel)}: exists already; not replaced")


def checked(edit: Edit, before: CheckResult | None = None) -> Edit:
    """``edit`` with the findings that checking the edited repository adds."""
    before = before or check(edit.root)
    after = check(edit.root, overrides=edit.files)
    added = _added(before.diagnostics, after.diagnostics)
    blocking = [d for d in added if d.severity is Severity.error]
    warnings = [d for d in added if d.severity is not Severity.error]
    return dataclasses.replace(edit, blocking=blocking, warnings=warnings)


def _added(before: list[Diagnostic], after: list[Diagnostic]) -> list[Diagnostic]:
    """Findings of ``after`` that ``before`` does not have (positions aside: lines move)."""
    seen = Counter(_identity(d) for d in before)
    out = []
    for d in after:
        key = _identity(d)
        if seen[key]:
            seen[key] -= 1
        else:
            out.append(d)
    return out


def _identity(d: Diagnostic) -> tuple[str, str, str, str]:
    message = re.sub(r"(:\d+)+|\bline \d+", "", d.message)
    return d.code, d.severity.value, d.location.path, message


def save(edit: Edit) -> None:
    """Write ``edit``'s files atomically, unless one changed since it was read."""
    reader = Reader(edit.root)
    for rel, original in edit.originals.items():
        if original is not None and reader.read(rel) != original:
            raise UserError(f"{rel}: changed while egovkit was editing it; run the command again")
    for rel, content in edit.files.items():
        path = edit.root / rel
        if edit.originals[rel] is None:
            path.parent.mkdir(exist_ok=True)
        replace_file(path, content, create=edit.originals[rel] is None)
