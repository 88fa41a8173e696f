"""Golden files of the rendered plans of every example, in German and English.

The files under tests/golden/plans/<example>/<lang>/ are the complete output of
`egovkit plan build` (Markdown, HTML, profile pages), reviewed like code. After an intended
change, rewrite them with ``pytest --update-golden`` and review the diff.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import PROJECT, TESTS, read_tree
from typer.testing import CliRunner

from egovkit.cli import app
from egovkit.output import MARKER

EXAMPLES = sorted(p.parent for p in (PROJECT / "examples").glob("*/strategy.yaml"))
GOLDEN = TESTS / "golden" / "plans"


@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_rendered_plan_matches_golden(
    example: Path, lang: str, tmp_path: Path, update_golden: bool
) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app, ["plan", "build", str(example), "-o", str(out), "--lang", lang]
    )
    assert result.exit_code == 0, result.output
    actual = {k: v for k, v in read_tree(out).items() if k != MARKER}
    golden = GOLDEN / example.name / lang
    if update_golden:
        shutil.rmtree(golden, ignore_errors=True)
        for rel, data in actual.items():
            (golden / rel).parent.mkdir(parents=True, exist_ok=True)
            (golden / rel).write_bytes(data)
    assert golden.is_dir(), f"{golden} is missing; run pytest --update-golden"
    expected = read_tree(golden)
    assert sorted(actual) == sorted(expected)
    for rel in expected:
        assert actual[rel] == expected[rel], (
            f"{rel} of {example.name} ({lang}) differs from {golden.relative_to(PROJECT)}; "
            "if the change is intended, run pytest --update-golden and review the diff"
        )
