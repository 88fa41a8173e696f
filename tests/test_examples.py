"""The example repositories check clean, and the JSON Schemas for editors are current and right.

Every YAML file of an example names its schema in a yaml-language-server modeline; the file
must validate against that schema, so what an editor shows agrees with `egovkit check`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
from conftest import PROJECT
from ruamel.yaml import YAML
from typer.testing import CliRunner

from egovkit.cli import app
from egovkit.load.repo import split_front_matter
from egovkit.model.jsonschema import schema_files

EXAMPLES = sorted(p.parent for p in (PROJECT / "examples").glob("*/strategy.yaml"))
SCHEMAS = PROJECT / "schemas"
MODELINE = re.compile(r"^\s*#\s*yaml-language-server:\s*\$schema=(?P<target>\S+)\s*$", re.MULTILINE)


def _example_files() -> list[Path]:
    """Every YAML file (a modeline is required) and every profile that has one."""
    out = []
    for example in EXAMPLES:
        out += sorted(example.glob("*.yaml"))
        out += sorted((example / "measures").glob("*.yaml"))
        out += [
            p
            for p in sorted((example / "profiles").glob("*.md"))
            if MODELINE.search(p.read_text("utf-8-sig"))
        ]
    return out


def _id(path: Path) -> str:
    return path.relative_to(PROJECT / "examples").as_posix()


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_example_checks_clean(example: Path) -> None:
    """No errors and no warnings; info notes (e.g. L003, a deliberately late deadline) are fine."""
    result = CliRunner().invoke(app, ["check", str(example), "--format", "json", "--strict"])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    findings = [f for f in json.loads(result.stdout) if f["severity"] != "info"]
    assert findings == [], "\n".join(
        f"{f['path']}:{f['line']}: {f['severity']} {f['code']} {f['message']}" for f in findings
    )
    assert result.exit_code == 0


def test_there_are_examples() -> None:
    assert len(EXAMPLES) >= 2


def test_schemas_are_current() -> None:
    expected = schema_files()
    actual = {p.name: p.read_text("utf-8") for p in sorted(SCHEMAS.glob("*.json"))}
    assert sorted(actual) == sorted(expected), "regenerate them: egovkit schema -o schemas"
    for name, text in expected.items():
        assert actual[name] == text, (
            f"schemas/{name} is stale; regenerate: egovkit schema -o schemas"
        )


def _yaml_text(path: Path) -> str:
    text = path.read_text("utf-8-sig")
    if path.suffix == ".md":
        split = split_front_matter(text)
        assert split is not None, f"{path}: no front matter"
        return split[0]
    return text


def _as_json(text: str):
    """Plain JSON data as an editor's language server sees it (dates become strings)."""
    data = YAML(typ="safe", pure=True).load(text)
    return json.loads(json.dumps(data, default=str))


@pytest.mark.parametrize("path", _example_files(), ids=_id)
def test_example_file_validates_against_its_modeline_schema(path: Path) -> None:
    text = _yaml_text(path)
    match = MODELINE.search(text)
    assert match, f"{_id(path)}: add '# yaml-language-server: $schema=…' (in the front matter)"
    target = (path.parent / match["target"]).resolve()
    assert target.is_file(), f"{_id(path)}: modeline points at missing {match['target']}"
    assert target.parent == SCHEMAS.resolve(), f"{_id(path)}: point at the repo's schemas/"
    kind = {"measures": "measure", "profiles": "profile"}.get(path.parent.name, path.stem)
    assert target.name == f"{kind}.schema.json", f"{_id(path)}: wrong schema {target.name}"
    schema = json.loads(target.read_text("utf-8"))
    validator = jsonschema.validators.validator_for(schema)(schema)
    errors = sorted(validator.iter_errors(_as_json(text)), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)


def test_the_example_outside_nrw_uses_the_formats_of_real_strategies() -> None:
    """Regensburg (Bavaria): periods, unknown status, nested fields, goals per field,
    indicators, shared owners, Bavarian law -- and not one duration."""
    example = PROJECT / "examples" / "regensburg"
    texts = [p.read_text("utf-8") for p in sorted((example / "measures").glob("*.yaml"))]
    assert texts and not any(re.search(r"(?m)^duration:", t) for t in texts)
    assert all(re.search(r"(?m)^period:", t) for t in texts)
    assert any(not re.search(r"(?m)^status:", t) for t in texts)  # unknown status
    strategy = (example / "strategy.yaml").read_text("utf-8")
    for key in ("state: BY", "focus:", "indicators:", "principles:"):
        assert key in strategy
    joined = "\n".join(texts)
    for key in ("owners:", "role: external", "BAYDIG-19", "references:", "external:"):
        assert key in joined
