"""Validate plain data against a model and turn pydantic errors into positioned findings."""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from egovkit.diagnostics.record import Diagnostic, Location, Severity
from egovkit.load.sourcemap import SourceMap

M = TypeVar("M", bound=BaseModel)

_CODE_BY_TYPE = {"missing": "S001", "extra_forbidden": "S002"}
#: A file with more problems than this gets one more finding saying how many were left out,
#: so a hostile or badly broken file cannot flood the output (or CI logs).
MAX_FINDINGS_PER_FILE = 100


def validate(model: type[M], data: Any, smap: SourceMap) -> tuple[M | None, list[Diagnostic]]:
    """Return the model, or None and one finding per distinct position."""
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else f"'{data}'"
        return None, [
            Diagnostic(
                "S003",
                Severity.error,
                f"the file must contain a mapping of keys to values, not {kind}",
                smap.value(),
            )
        ]
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        return None, _findings(model, data, exc, smap)


def _findings(model: type[BaseModel], data: Any, exc: ValidationError, smap: SourceMap) -> list:
    merged: dict[tuple[Location, str], list[str]] = {}
    errors = exc.errors(include_url=False)
    for error in errors[:MAX_FINDINGS_PER_FILE]:
        loc = _data_path(data, error["loc"])
        code = _CODE_BY_TYPE.get(error["type"], "S003")
        if code == "S001":
            name = str(error["loc"][-1])
            where = ".".join(str(p) for p in loc)
            message = f"missing required key '{name}'" + (f" in '{where}'" if where else "")
            location = smap.value(*loc)
        elif code == "S002":
            name = str(error["loc"][-1])
            parent = loc[:-1] if loc and loc[-1] == name else loc
            allowed = _allowed_keys(model, parent)
            hint = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
            message = f"unknown key '{name}'"
            message += f"; did you mean '{hint[0]}'?" if hint else ""
            if allowed:
                message += f" (allowed: {', '.join(sorted(allowed))})"
            location = smap.key(*parent, name)
        else:
            label = ".".join(str(p) for p in loc) or "file"
            message = f"{label}: {_message(error)}"
            location = smap.value(*loc)
        merged.setdefault((location, code), []).append(message)
    out = []
    for (location, code), messages in merged.items():
        unique = list(dict.fromkeys(messages))
        if code == "S003":  # one value failing several union branches: offer the alternatives
            text = unique[0] + (" (or: " + "; ".join(unique[1:]) + ")" if unique[1:] else "")
        else:  # several missing or unknown keys in one mapping: list them all
            text = "; ".join(unique)
        out.append(Diagnostic(code, Severity.error, text, location))
    if len(errors) > MAX_FINDINGS_PER_FILE:
        out.append(
            Diagnostic(
                "S003",
                Severity.error,
                f"{len(errors) - MAX_FINDINGS_PER_FILE:,} more problems in this file are not "
                "shown; fix the ones above first",
                smap.value(),
            )
        )
    return out


def _message(error: dict) -> str:
    msg = error["msg"]
    if error["type"].startswith("egovkit_") or error["type"] == "value_error":
        msg = msg.removeprefix("Value error, ")
    value = error.get("input")
    if error["type"] in {"date_from_datetime_parsing", "date_parsing", "date_type"}:
        msg += f" (got {value!r}; write dates as YYYY-MM-DD)"
    return msg


def _data_path(data: Any, loc: tuple) -> tuple:
    """The part of pydantic's ``loc`` that exists in the data (drops union and tag labels)."""
    out: list = []
    node = data
    for part in loc:
        if (isinstance(node, dict) and isinstance(part, str) and part in node) or (
            isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        ):
            node = node[part]
            out.append(part)
    return tuple(out)


def _allowed_keys(model: type[BaseModel], loc: tuple) -> list[str]:
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return []
        info = current.model_fields.get(part)
        if info is None:
            return []
        current = _model_in(info.annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _model_in(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin in (list, typing.Union, types.UnionType, typing.Annotated):
        for arg in typing.get_args(annotation):
            found = _model_in(arg)
            if found is not None:
                return found
    return None
