"""The package layout follows the data flow (docs/architecture.md), checked on the source.

- Layering: a module imports only from its own stage or earlier ones (imports under
  ``if TYPE_CHECKING:`` excepted); lazy imports inside functions count too.
- No import cycles between modules.
- No module over 400 lines (label tables aside); no function over 60 lines in plan/ and
  render/.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
from conftest import PROJECT

PACKAGE = PROJECT / "egovkit"

#: Stage of each top-level part of egovkit, in data-flow order. A module may import from its
#: own stage and from earlier ones only.
LAYERS: dict[str, int] = {
    "egovkit": 0,  # the package itself: __version__
    "egovkit.errors": 0,
    "egovkit.textsafe": 0,
    "egovkit.output": 0,
    "egovkit.output_file": 0,
    "egovkit.forked": 0,
    "egovkit.data": 0,
    "egovkit.diagnostics": 1,
    "egovkit.model": 2,
    "egovkit.load": 3,
    "egovkit.plan": 4,
    "egovkit.assess": 4,  # scores and agreement: computations on the models, like plan/
    "egovkit.rules": 5,
    "egovkit.render": 6,
    "egovkit.export": 6,
    "egovkit.pipeline": 7,
    "egovkit.edit": 7,  # checks an edited repository through the pipeline before it writes
    "egovkit.history": 7,
    "egovkit.portfolio": 7,  # reads revisions through the pipeline, formats with render/
    "egovkit.cli": 8,
    "egovkit.__main__": 8,
}
#: Label tables are data, not code.
LONG_ALLOWED = {"egovkit/render/i18n.py", "egovkit/render/locale.py"}
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60


def module_name(path: Path) -> str:
    rel = path.relative_to(PROJECT).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def layer_of(module: str) -> int:
    for name in sorted(LAYERS, key=len, reverse=True):
        if module == name or module.startswith(name + "."):
            return LAYERS[name]
    raise AssertionError(f"{module}: add its package to LAYERS in tests/test_architecture.py")


def _type_checking_only(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    while node in parents:
        node = parents[node]
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            return True
    return False


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    found: set[str] = set()
    package = module_name(path)
    if path.name != "__init__.py":
        package = package.rsplit(".", 1)[0]
    for node in ast.walk(tree):
        if _type_checking_only(node, parents):
            continue
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("egovkit"))
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                base = f"{base}.{node.module}" if node.module else base
            if not base.startswith("egovkit"):
                continue
            for alias in node.names:  # `from egovkit.x import y` may name a module y
                candidate = f"{base}.{alias.name}"
                found.add(candidate if _is_module(candidate) else base)
    return found


def _is_module(name: str) -> bool:
    path = PROJECT / Path(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def sources() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def test_every_import_goes_to_the_same_or_an_earlier_stage() -> None:
    wrong = []
    for path in sources():
        source = module_name(path)
        for target in sorted(imports_of(path)):
            if layer_of(target) > layer_of(source):
                wrong.append(f"{source} (stage {layer_of(source)}) imports {target} "
                             f"(stage {layer_of(target)})")  # fmt: skip
    assert not wrong, "imports against the data flow:\n" + "\n".join(wrong)


def test_no_import_cycles() -> None:
    graph = nx.DiGraph()
    for path in sources():
        source = module_name(path)
        graph.add_node(source)
        for target in imports_of(path):
            if target != source and not source.startswith(target + "."):  # a parent package
                graph.add_edge(source, target)
    cycles = list(nx.simple_cycles(graph))
    assert not cycles, f"import cycles: {cycles[:5]}"


def test_modules_stay_small() -> None:
    long = []
    for path in sources():
        rel = path.relative_to(PROJECT).as_posix()
        lines = len(path.read_text("utf-8").splitlines())
        if lines > MAX_MODULE_LINES and rel not in LONG_ALLOWED:
            long.append(f"{rel}: {lines} lines")
    assert not long, f"split these modules (over {MAX_MODULE_LINES} lines): {long}"


def test_functions_in_plan_and_render_stay_short() -> None:
    long = []
    for path in sources():
        rel = path.relative_to(PROJECT).as_posix()
        if not rel.startswith(("egovkit/plan/", "egovkit/render/")):
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    long.append(f"{rel}:{node.lineno} {node.name}: {length} lines")
    assert not long, f"split these functions (over {MAX_FUNCTION_LINES} lines): {long}"


def test_the_layer_table_knows_every_package() -> None:
    for path in sources():
        layer_of(module_name(path))


def test_the_template_folder_has_one_name() -> None:
    from egovkit.load import templates
    from egovkit.rules import templates as rule

    assert rule.REPO_TEMPLATES == templates.REPO_TEMPLATES
