"""The shape of the package, read from its source with ``ast``.

* Imports run one way (command line -> network -> layers/backends -> the
  tables): the graph of "module A imports module B" has no cycle, counting
  imports made inside functions too (a lazy import still ties two modules).
* No module reaches into another's private names (``from x import _name`` or
  ``x._name``). A package may import its own private submodule
  (``tinynet.backends`` loads ``_ctrain``).
* No library function is over 60 lines unless a comment line starting
  ``# long:`` at its top (after the docstring) says why it reads best whole.
  ``long_functions()`` lists the ones that do not say why; run this file as a
  script to print them, and the public functions without type hints
  (``python tests/test_structure.py``).
* Every public function and method of every module (``HINTED``) has type hints
  on all its parameters and its return value, and a docstring.
"""

import ast
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "tinynet"
LONG = 60
LONG_MARKER = "# long:"



def _modules() -> "dict[str, tuple[ast.Module, bool]]":
    """Every module of the package: dotted name -> (parsed source, is a package)."""
    found = {}
    SOURCES.clear()
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts = parts[:-1]
        text = path.read_text(encoding="utf-8")
        found[".".join(parts)] = (ast.parse(text), is_package)
        SOURCES[".".join(parts)] = text.splitlines()
    return found


SOURCES = {}  # dotted name -> the module's source lines


MODULES = _modules()
#: The modules whose public functions must all carry type hints and docstrings:
#: every module of the package.
HINTED = tuple(sorted(MODULES))
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


def says_why_long(lines: "list[str]", node: ast.AST) -> bool:
    """True if a ``# long:`` comment sits at the top of function ``node``.

    The top is everything before its first statement after the docstring.
    """
    body = node.body
    first = body[0]
    if (len(body) > 1 and isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)
            and isinstance(first.value.value, str)):
        first = body[1]
    head = lines[node.lineno - 1:first.lineno - 1]
    return any(line.strip().startswith(LONG_MARKER) for line in head)


def long_functions(limit: int = LONG) -> "list[str]":
    """``module.function (lines)`` for every library function longer than ``limit`` lines that does not say why."""
    found = []
    for module, (tree, _) in MODULES.items():
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = node.end_lineno - node.lineno + 1
                if length > limit and not says_why_long(SOURCES[module], node):
                    found.append("%s.%s (%d lines, line %d)" % (module, node.name, length, node.lineno))
    return found


def _public_functions(tree: ast.Module) -> "list[tuple[str, ast.AST, bool]]":
    """``(name, node, is a method)`` for the public functions of a module and the methods of its public classes.

    A method is public when its name has no leading underscore, or it is ``__init__``
    (the constructor's parameters are the class's API).
    """
    found = []
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and not node.name.startswith("_"):
            found.append((node.name, node, False))
        elif isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
            for item in node.body:
                if (isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef))
                        and (not item.name.startswith("_") or item.name == "__init__")):
                    found.append(("%s.%s" % (node.name, item.name), item, True))
    return found


def _missing_hints(node: ast.AST, is_method: bool) -> "list[str]":
    """The parameters (and ``return``) of function ``node`` that have no annotation."""
    args = node.args
    positional = list(args.posonlyargs) + list(args.args)
    if is_method and positional and not any(
            isinstance(d, ast.Name) and d.id == "staticmethod" for d in node.decorator_list):
        positional = positional[1:]  # self or cls
    every = positional + [args.vararg] + list(args.kwonlyargs) + [args.kwarg]  # in signature order
    every = [a for a in every if a is not None]
    missing = [a.arg for a in every if a.annotation is None]
    if node.returns is None:
        missing.append("return")
    return missing


def unhinted(modules: "tuple[str, ...]" = HINTED) -> "list[str]":
    """``module.function: what lacks a hint`` for every public function of ``modules`` not fully annotated."""
    found = []
    for module in modules:
        for name, node, is_method in _public_functions(MODULES[module][0]):
            missing = _missing_hints(node, is_method)
            if missing:
                found.append("%s.%s: %s" % (module, name, ", ".join(missing)))
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


def _parse_function(source: str) -> "tuple[list[str], ast.AST]":
    lines = source.splitlines()
    return lines, ast.parse(source).body[0]


def test_a_long_function_says_why_at_its_top():
    lines, node = _parse_function('def f():\n    """Doc."""\n    # long: a template\n    x = 1\n')
    assert says_why_long(lines, node)
    lines, node = _parse_function('def f():\n    # long: a template\n    x = 1\n')
    assert says_why_long(lines, node)
    lines, node = _parse_function('def f():\n    """Doc."""\n    x = 1\n    # long: too late\n    y = 2\n')
    assert not says_why_long(lines, node)
    lines, node = _parse_function('def f():\n    """Doc."""\n    # a comment\n    x = 1\n')
    assert not says_why_long(lines, node)


def test_no_library_function_is_long_without_saying_why():
    unexplained = long_functions()
    assert unexplained == [], "split these, or say at their top why they read best whole (%s ...)" % LONG_MARKER


def test_the_hint_check_finds_what_is_missing():
    tree = ast.parse("def f(a, b: int, *rest, key=1) -> int: ...\n"
                     "def g(a: int) -> None: ...\n"
                     "def _private(a): ...\n"
                     "class C:\n"
                     "    def __init__(self, x): ...\n"
                     "    def m(self) -> int: ...\n"
                     "    def __repr__(self): ...\n"
                     "    @staticmethod\n"
                     "    def s(v) -> int: ...\n")
    found = {name: _missing_hints(node, is_method) for name, node, is_method in _public_functions(tree)}
    assert found == {"f": ["a", "rest", "key"], "g": [], "C.__init__": ["x", "return"], "C.m": [],
                     "C.s": ["v"]}


def test_the_public_api_of_the_listed_modules_has_type_hints():
    assert set(HINTED) <= set(MODULES)
    assert unhinted() == []


def test_the_public_api_of_the_listed_modules_has_docstrings():
    # a constructor is explained by its class's docstring
    missing = ["%s.%s" % (module, name) for module in HINTED
               for name, node, _ in _public_functions(MODULES[module][0])
               if not name.endswith("__init__") and not ast.get_docstring(node)
               and not _is_setter(node)]
    assert missing == []


def _is_setter(node: ast.AST) -> bool:
    """True for a property's setter (``@name.setter``): the getter's docstring explains it."""
    return any(isinstance(d, ast.Attribute) and d.attr == "setter" for d in node.decorator_list)


def test_the_command_line_is_only_the_command_line():
    """cli reads options and prints: it defines no dataset or model file of its own."""
    cli_names = {node.name for node in MODULES["tinynet.cli"][0].body
                 if isinstance(node, (ast.FunctionDef, ast.ClassDef))}
    assert not cli_names & {"Dataset", "LoadedData", "Preprocessing", "read_preprocessing", "infer_task"}
    graph = _graph()
    assert {"tinynet.datasets", "tinynet.modelfile"} <= graph["tinynet.cli"]
    assert "tinynet.cli" not in graph["tinynet.modelfile"] | graph["tinynet.datasets"]
    assert "tinynet.saving" in graph["tinynet.modelfile"]


if __name__ == "__main__":
    for line in long_functions():
        print(line)
    for line in unhinted():
        print(line)
    sys.exit(0)
