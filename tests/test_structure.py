"""The shape of the package, read from its source with ``ast``.

* Imports run one way (command line -> network -> layers/backends -> the
  tables): the graph of "module A imports module B" has no cycle, counting
  imports made inside functions too (a lazy import still ties two modules).
* No module reaches into another's private names (``from x import _name`` or
  ``x._name``). A package may import its own private submodule
  (``tinynet.backends`` loads ``_ctrain``).
* ``long_functions()`` lists the library functions over 60 lines; run this
  file as a script to print them (``python tests/test_structure.py``).
"""

import ast
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "tinynet"
LONG = 60


def _modules() -> "dict[str, tuple[ast.Module, bool]]":
    """Every module of the package: dotted name -> (parsed source, is a package)."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts = parts[:-1]
        found[".".join(parts)] = (ast.parse(path.read_text(encoding="utf-8")), is_package)
    return found


MODULES = _modules()
# compiled modules have no .py source but are still modules of the package
KNOWN = set(MODULES) | {"tinynet.backends._ctrain"}


def _base(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    """The absolute module name a ``from ... import`` statement reads from."""
    if node.level == 0:
        return node.module or ""
    parts = module.split(".") if is_package else module.split(".")[:-1]
    parts = parts[:len(parts) - (node.level - 1)]
    return ".".join(parts + ([node.module] if node.module else []))


def _is_private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def _imports(module: str) -> "list[tuple[str, str | None, int]]":
    """``(imported module, name taken from it or None, line)`` for every import in ``module``."""
    tree, is_package = MODULES[module]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("tinynet"):
                    found.append((alias.name, None, node.lineno))
        elif isinstance(node, ast.ImportFrom):
            base = _base(module, is_package, node)
            if not base.startswith("tinynet"):
                continue
            for alias in node.names:
                if base + "." + alias.name in KNOWN:  # a submodule: `from . import saving`
                    found.append((base + "." + alias.name, None, node.lineno))
                else:
                    found.append((base, alias.name, node.lineno))
    return found


def _graph() -> "dict[str, set[str]]":
    """Module -> the package's modules it imports (``tinynet`` when it names the package root)."""
    graph = {}
    for module in MODULES:
        graph[module] = {target for target, _, _ in _imports(module) if target != module}
    return graph


def _find_cycle(graph: "dict[str, set[str]]") -> "list[str] | None":
    """One import cycle as a list of modules (first == last), or None."""
    state = {}  # module -> 1 while being visited, 2 when done
    path = []

    def visit(node: str) -> "list[str] | None":
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            if state.get(nxt) is None:
                cycle = visit(nxt)
                if cycle:
                    return cycle
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if state.get(start) is None:
            cycle = visit(start)
            if cycle:
                return cycle
    return None


def private_reaches() -> "list[str]":
    """Every place a module takes another module's private name."""
    found = []
    for module, (tree, is_package) in MODULES.items():
        aliases = {}  # local name -> the package module it stands for
        for target, name, line in _imports(module):
            own_part = target.startswith(module + ".") and is_package
            if name is None and _is_private(target.rsplit(".", 1)[1]) and not own_part:
                found.append("%s:%d imports the private module %s" % (module, line, target))
            if name is not None and _is_private(name):
                found.append("%s:%d imports %s from %s" % (module, line, name, target))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                base = _base(module, is_package, node)
                for alias in node.names:
                    if base + "." + alias.name in KNOWN:
                        aliases[alias.asname or alias.name] = base + "." + alias.name
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name in KNOWN and alias.asname:
                        aliases[alias.asname] = alias.name
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and _is_private(node.attr)
                    and isinstance(node.value, ast.Name) and node.value.id in aliases
                    and aliases[node.value.id] != module):
                found.append("%s:%d uses %s.%s" % (module, node.lineno, node.value.id, node.attr))
    return found


def long_functions(limit: int = LONG) -> "list[str]":
    """``module.function (lines)`` for every library function longer than ``limit`` lines."""
    found = []
    for module, (tree, _) in MODULES.items():
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = node.end_lineno - node.lineno + 1
                if length > limit:
                    found.append("%s.%s (%d lines, line %d)" % (module, node.name, length, node.lineno))
    return found


def test_the_scan_sees_the_package():
    assert "tinynet.network" in MODULES and "tinynet.saving" in MODULES
    assert "tinynet.saving" in _graph()["tinynet.network"]


def test_cycle_finder_finds_a_cycle():
    assert _find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _find_cycle({"a": {"b"}, "b": set()}) is None


def test_no_import_cycle():
    graph = _graph()
    # every module is imported through its package, which imports the public
    # names; only cycles among the modules themselves count
    for module in graph:
        graph[module].discard("tinynet")
    assert _find_cycle(graph) is None


def test_the_package_root_is_imported_by_no_module():
    users = [m for m, targets in _graph().items() if "tinynet" in targets and m != "tinynet"]
    assert users == [], "these modules import the package root (a cycle through __init__): %s" % users


def test_no_module_reaches_into_another_modules_private_names():
    assert private_reaches() == []


if __name__ == "__main__":
    for line in long_functions():
        print(line)
    sys.exit(0)
