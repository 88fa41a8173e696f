"""A repository's templates/ is untrusted input: sandboxed, contained, bounded (docs/security.md).

Each test builds the plan of a repository whose templates try something hostile and asserts
that nothing harmful happens and the user gets a T001 finding with file and line.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import make_repo
from typer.testing import CliRunner

from egovkit.cli import app
from egovkit.load import templates
from egovkit.render import sandbox

SECRET = "TOP-SECRET-1f8e2c"


def build(tmp_path: Path, templates: dict[str, str]) -> tuple[int, str, Path]:
    repo = make_repo(tmp_path / "repo", {f"templates/{k}": v for k, v in templates.items()})
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["plan", "build", str(repo), "-o", str(out)])
    return result.exit_code, result.stdout + result.stderr, out


def assert_t001(code: int, output: str, out: Path, where: str) -> None:
    assert code == 1, output
    assert f"{where}:- error T001" in output, output
    assert "Traceback" not in output and "internal error" not in output
    assert not out.exists()  # nothing written


@pytest.mark.parametrize(
    "payload",
    [
        "{{ c.__class__.__mro__[1].__subclasses__() }}",
        "{{ cycler.__init__.__globals__.os.popen('touch PWNED').read() }}",
        "{{ lipsum.__globals__['os'].system('touch PWNED') }}",
        "{{ self._TemplateReference__context.cycler.__init__.__globals__.os.system('touch PWNED') }}",
        "{{ t.update({'x': 1}) }}",
        "{{ c.fields.append(1) }}",
    ],
)
def test_python_internals_are_out_of_reach(tmp_path: Path, payload: str, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, output, out = build(tmp_path, {"plan.md.j2": "# Plan\n" + payload + "\n"})
    assert_t001(code, output, out, "templates/plan.md.j2:2")
    assert not (tmp_path / "PWNED").exists()


def test_a_symlink_to_an_outside_file_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, "utf-8")
    repo = make_repo(tmp_path / "repo", {"templates/plan.md.j2": '{% include "leak.txt" %}\n'})
    (repo / "templates" / "leak.txt").symlink_to(secret)
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["plan", "build", str(repo), "-o", str(out)])
    output = result.stdout + result.stderr
    assert_t001(result.exit_code, output, out, "templates/leak.txt:-")  # found by the check
    assert SECRET not in output
    check = CliRunner().invoke(app, ["check", str(repo), "--format", "json"])
    found = {(f["path"], f["code"]) for f in json.loads(check.stdout)}
    assert ("templates/leak.txt", "T001") in found
    assert SECRET not in check.stdout


def test_a_linked_templates_folder_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "plan.md.j2").write_text(SECRET, "utf-8")
    repo = make_repo(tmp_path / "repo")
    (repo / "templates").symlink_to(outside, target_is_directory=True)
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["plan", "build", str(repo), "-o", str(out)])
    assert result.exit_code == 1
    assert "T001" in result.stderr and SECRET not in result.stdout + result.stderr
    assert not out.exists()


@pytest.mark.parametrize(
    "name", ["../../../../../../etc/passwd", "/etc/passwd", "../strategy.yaml"]
)
def test_includes_cannot_leave_the_templates_folder(tmp_path: Path, name: str) -> None:
    code, output, out = build(tmp_path, {"plan.md.j2": f"# Plan\n{{% include {name!r} %}}\n"})
    assert_t001(code, output, out, "templates/plan.md.j2:2")
    assert "root:" not in output


def test_syntax_errors_are_findings_in_check_and_build(tmp_path: Path) -> None:
    code, output, out = build(tmp_path, {"index.html.j2": "<p>\n{{ c.title \n</p>\n"})
    assert code == 1 and "templates/index.html.j2:" in output and "T001" in output
    assert not out.exists()


def test_undefined_values_name_the_template_line(tmp_path: Path) -> None:
    code, output, out = build(tmp_path, {"plan.md.j2": "# {{ c.title }}\n\n{{ c.nope }}\n"})
    assert_t001(code, output, out, "templates/plan.md.j2:3")


def test_endless_recursion_is_a_finding(tmp_path: Path) -> None:
    template = "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}\n{{ f(0) }}\n"
    code, output, out = build(tmp_path, {"plan.md.j2": template})
    assert code == 1 and "T001" in output and "recursion" in output
    assert not out.exists()


@pytest.mark.parametrize(
    "payload", ["{{ 'x' * 10**10 }}", "{{ [1] * 10**9 }}", "{{ 7 ** 1000000000 }}"]
)
def test_huge_values_are_refused_not_allocated(tmp_path: Path, payload: str) -> None:
    code, output, out = build(tmp_path, {"plan.md.j2": "# Plan\n" + payload + "\n"})
    assert_t001(code, output, out, "templates/plan.md.j2:2")


def test_rendering_time_is_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sandbox, "RENDER_SECONDS", 0.5)
    template = "{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}\n"
    code, output, out = build(tmp_path, {"plan.md.j2": template})
    assert_t001(code, output, out, "templates/plan.md.j2:1")
    assert "longer than 0.5 seconds" in output


@pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="memory limit is Linux-only")
def test_rendering_memory_is_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sandbox, "MEMORY_HEADROOM", 512 * 1024**2)
    template = "{% macro f(s, n) %}{{ f(s ~ s, n - 1) if n else s|length }}{% endmacro %}\n"
    template += "{{ f('x', 40) }}\n"
    code, output, out = build(tmp_path, {"plan.md.j2": template})
    assert code == 1 and "T001" in output and "memory" in output, output
    assert not out.exists()


def test_output_size_is_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sandbox, "MAX_OUTPUT_CHARS", 10_000)
    template = "{% for i in range(5000) %}{{ c.title }}{% endfor %}\n"
    code, output, out = build(tmp_path, {"plan.md.j2": template})
    assert_t001(code, output, out, "templates/plan.md.j2:-")
    assert "output larger than" in output


def test_ordinary_overrides_still_work(tmp_path: Path) -> None:
    templates = {
        "plan.md.j2": "# {{ c.title }}\n{% for f in c.fields %}- {{ f.title }}\n{% endfor %}",
        "_partials/style.css": "body { color: #000 } /* Stadtdesign */\n",
    }
    code, output, out = build(tmp_path, templates)
    assert code == 0, output
    assert (out / "plan.md").read_text("utf-8").startswith("# ")
    assert "/* Stadtdesign */" in (out / "index.html").read_text("utf-8")


def test_builtin_template_bugs_are_not_blamed_on_the_repository(tmp_path: Path) -> None:
    env = templates.environment("md", None, tmp_path)
    (tmp_path / "x.j2").write_text("{{ c.missing }}", "utf-8")
    with pytest.raises(Exception) as caught:
        sandbox.render(env, "x.j2", c=object())
    assert not isinstance(caught.value, templates.TemplateFailure)
    assert os.fspath(tmp_path)  # the builtin folder was used
