"""The package's shape, checked from its source: the rules ARCHITECTURE.md promises.

* no import cycle between modules (imports inside functions count: they still tie modules);
* no module over 450 lines;
* the learner runtime (``tic_course/runtime``) imports only the standard library and ipywidgets,
  and nothing else of the package, so a student notebook can never reach instructor code;
* nothing under ``tic_course/`` reads ``tests/`` or finds the repository from ``__file__``;
* the checkpoint type names appear in no module outside ``tic_course/checkpoints/``.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

from tic_course.checkpoints import KINDS

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "tic_course"
MAX_LINES = 450


def module_name(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
    return ".".join(parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports_of(path: Path) -> set[str]:
    """Every module name an import statement in ``path`` names (absolute, resolved for relatives)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = module_name(path)
    package = here if path.name == "__init__.py" else here.rpartition(".")[0]
    found: set[str] = set()
    for node in _runtime_nodes(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            submodules = {f"{base}.{alias.name}" for alias in node.names}
            found.update(submodules)
            # `from pkg import mod` imports the module mod; pkg itself counts only when a name
            # is taken from it (as for any other module).
            if not all(m in MODULES for m in submodules):
                found.add(base)
    return found


def _runtime_nodes(tree: ast.AST):
    """Every node except those under ``if TYPE_CHECKING:`` (annotations only: never imported at run time)."""
    stack = [tree]
    while stack:
        node = stack.pop()
        yield node
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and getattr(child.test, "id", None) == "TYPE_CHECKING":
                stack.extend(child.orelse)
                continue
            stack.append(child)


def internal_edges() -> dict[str, set[str]]:
    """module -> the package modules it imports (``from pkg import mod`` counts as importing mod)."""
    edges = {}
    for name, path in MODULES.items():
        edges[name] = {m for m in imports_of(path) if m in MODULES and m != name}
    return edges


def find_cycle(edges: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            # A package's __init__ importing its own submodules is how packages re-export: not a cycle
            # unless the submodule imports something that leads back through another module.
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(edges):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_no_import_cycle():
    edges = internal_edges()
    assert find_cycle(edges) is None, f"import cycle: {' -> '.join(find_cycle(edges))}"


# Layers from the bottom; a module may import its own layer or one below (ARCHITECTURE.md).
LAYERS = [
    {"tic_course", "tic_course.layout", "tic_course.atomic", "tic_course.environment", "tic_course.html_templates"},
    {"tic_course.runtime"},
    {"tic_course.checkpoints"},
    {"tic_course.scenario"},
    {"tic_course.book"},
    {"tic_course.notebook"},
    {"tic_course.grading"},
    {"tic_course.workshop"},
    {"tic_course.scorm"},
    {"tic_course.cli", "tic_course.__main__"},
]


def layer_of(module: str) -> int:
    for level, names in enumerate(LAYERS):
        for name in names:
            if module == name or (name != "tic_course" and module.startswith(name + ".")):
                return level
    raise AssertionError(f"{module} is in no layer: add it to LAYERS and ARCHITECTURE.md")


def test_no_module_imports_a_layer_above_its_own():
    upward = [
        f"{name} -> {target}"
        for name, targets in internal_edges().items()
        for target in targets
        if layer_of(target) > layer_of(name)
    ]
    assert upward == []


def test_cycle_finder_finds_a_cycle():
    """The check above can fail: a made-up graph with a cycle is caught."""
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_module_is_too_long(name):
    lines = len(MODULES[name].read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{MODULES[name].relative_to(ROOT)} has {lines} lines (limit {MAX_LINES})"


def test_runtime_imports_only_the_standard_library_and_ipywidgets():
    runtime = {n: p for n, p in MODULES.items() if n == "tic_course.runtime" or n.startswith("tic_course.runtime.")}
    expected = {"tic_course.runtime.player", "tic_course.runtime.preview", "tic_course.runtime.conversation"}
    assert expected <= set(runtime)
    for name, path in runtime.items():
        for imported in imports_of(path):
            top = imported.split(".")[0]
            if imported.startswith("tic_course."):
                assert imported.startswith("tic_course.runtime"), f"{name} imports {imported}"
            else:
                assert top in sys.stdlib_module_names or top in {"ipywidgets", "__future__"}, (
                    f"{name} imports {imported}"
                )


def test_nothing_in_the_package_reads_tests_or_locates_the_repository_from_file():
    for name, path in MODULES.items():
        text = path.read_text(encoding="utf-8")
        tree = ast.parse(text)
        strings = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
        assert not any(s in {"tests", "tests/"} or s.startswith("tests/") for s in strings), f"{name} names tests/"
        uses_file = [n for n in ast.walk(tree) if isinstance(n, ast.Name) and n.id == "__file__"]
        assert not uses_file, f"{name} uses __file__"


def test_checkpoint_type_names_live_only_in_the_checkpoint_kinds():
    assert set(KINDS) == {"single_choice", "multiple_select", "ordering", "rewrite", "reflection"}
    for name, path in MODULES.items():
        if name.startswith("tic_course.checkpoints"):
            continue
        strings = {
            n.value for n in ast.walk(ast.parse(path.read_text(encoding="utf-8"))) if isinstance(n, ast.Constant)
        }
        if name.startswith("tic_course.book"):
            strings.discard("reflection")  # the chapters' {reflection} directive, not the checkpoint kind
        assert not strings & set(KINDS), f"{name} tests checkpoint types by name: {sorted(strings & set(KINDS))}"


def test_import_reader_sees_function_level_imports_and_skips_type_checking_ones(tmp_path, monkeypatch):
    """The checks above read imports correctly: lazy imports count, annotation-only ones do not."""
    fake = ROOT / "tic_course" / "runtime" / "_probe.py"  # never written: only the path is used for naming
    source = (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from tic_course.grading import report\n"
        "def f():\n    from tic_course.checkpoints import rubric\n"
    )
    monkeypatch.setattr(Path, "read_text", lambda self, encoding=None: source)
    found = imports_of(fake)
    assert "tic_course.checkpoints.rubric" in found
    assert not any(i.startswith("tic_course.grading") for i in found)
