"""The shape of the source a newcomer reads: no import cycle among parplan's modules, no module
over 400 lines and no function over 80, and a core that knows nothing of the terminal."""

from __future__ import annotations

import ast
from pathlib import Path

SOURCE = Path(__file__).resolve().parent.parent / "src" / "parplan"
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 80
TERMINAL_PACKAGES = ("typer", "rich", "click")


def _module_name(path: Path) -> str:
    parts = ["parplan", *path.relative_to(SOURCE).with_suffix("").parts]
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(path): path for path in sorted(SOURCE.rglob("*.py"))}


def _imported_names(tree: ast.Module, module: str, is_package: bool) -> set[str]:
    """Every module name ``tree`` imports, at the top or inside functions, made absolute."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = module.split(".")
                if not is_package:
                    package.pop()
                package = package[: len(package) - (node.level - 1)]
                base = ".".join([*package, base] if base else package)
            names.add(base)
            # ``from parplan import x`` imports the module parplan.x when there is one.
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def _import_graph() -> dict[str, set[str]]:
    modules = _modules()
    graph: dict[str, set[str]] = {}
    for module, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        imported = _imported_names(tree, module, path.name == "__init__.py")
        graph[module] = {name for name in imported if name in modules and name != module}
    return graph


def _find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a list of modules (the first repeated at the end), or None."""
    done: set[str] = set()
    for start in sorted(graph):
        if start in done:
            continue
        path: list[str] = []
        on_path: set[str] = set()
        stack: list[tuple[str, list[str]]] = [(start, sorted(graph[start]))]
        path.append(start)
        on_path.add(start)
        while stack:
            module, pending = stack[-1]
            if not pending:
                stack.pop()
                path.pop()
                on_path.discard(module)
                done.add(module)
                continue
            following = pending.pop(0)
            if following in on_path:
                return [*path[path.index(following) :], following]
            if following not in done:
                stack.append((following, sorted(graph[following])))
                path.append(following)
                on_path.add(following)
    return None


def test_the_cycle_finder_finds_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _find_cycle(graph) == ["a", "b", "c", "a"]
    assert _find_cycle({"a": {"b"}, "b": set()}) is None


def test_no_import_cycle() -> None:
    cycle = _find_cycle(_import_graph())
    assert cycle is None, "import cycle: " + " → ".join(cycle or [])


def test_modules_and_functions_are_short() -> None:
    offenders: list[str] = []
    for module, path in _modules().items():
        text = path.read_text(encoding="utf-8")
        lines = len(text.splitlines())
        if lines > MAX_MODULE_LINES:
            offenders.append(f"{module}: {lines} lines (at most {MAX_MODULE_LINES})")
        for node in ast.walk(ast.parse(text, str(path))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    offenders.append(
                        f"{module}:{node.lineno} {node.name}: {length} lines "
                        f"(at most {MAX_FUNCTION_LINES})"
                    )
    assert not offenders, "too long:\n" + "\n".join(offenders)


def test_the_core_does_not_import_the_terminal() -> None:
    offenders: list[str] = []
    for module, path in _modules().items():
        if module == "parplan.cli" or module.startswith("parplan.cli."):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        imported = _imported_names(tree, module, path.name == "__init__.py")
        offenders.extend(
            f"{module} imports {name}"
            for name in sorted(imported)
            if name.split(".")[0] in TERMINAL_PACKAGES
        )
    assert not offenders, "the core imports the terminal:\n" + "\n".join(offenders)


# --- ARCHITECTURE.md says what is true ------------------------------------------------------------

ARCHITECTURE = SOURCE.parent.parent / "ARCHITECTURE.md"


def _layers() -> dict[str, int]:
    """Each module ARCHITECTURE.md lists, with the number of the layer it lists it under."""
    import re

    layers: dict[str, int] = {}
    layer = 0
    for line in ARCHITECTURE.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"^### (\d+)\. ", line)
        if heading:
            layer = int(heading.group(1))
            continue
        entry = re.match(r"^- `src/parplan/([\w/]+)\.py`:", line)
        if entry and layer:
            path = SOURCE / f"{entry.group(1)}.py"
            name = _module_name(path)
            assert name not in layers, f"{name} is listed twice"
            layers[name] = layer
    return layers


def test_every_path_the_architecture_page_names_exists() -> None:
    import re

    text = ARCHITECTURE.read_text(encoding="utf-8")
    named = set(re.findall(r"`((?:src|tests|templates)/[\w./-]+)`", text))
    assert named
    missing = sorted(path for path in named if not (SOURCE.parent.parent / path).exists())
    assert not missing, f"ARCHITECTURE.md names what does not exist: {missing}"


def test_every_module_is_on_the_architecture_page_once() -> None:
    layers = _layers()
    unlisted = sorted(set(_modules()) - set(layers))
    assert not unlisted, f"modules missing from ARCHITECTURE.md: {unlisted}"


def test_imports_go_only_to_the_same_layer_or_the_layers_above() -> None:
    layers = _layers()
    wrong = sorted(
        f"{module} (layer {layers[module]}) imports {imported} (layer {layers[imported]})"
        for module, imports in _import_graph().items()
        for imported in imports
        if imported in layers and module in layers and layers[imported] > layers[module]
    )
    assert not wrong, "imports against the layers of ARCHITECTURE.md:\n" + "\n".join(wrong)
