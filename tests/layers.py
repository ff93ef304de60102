"""The import graph of the twoway package, read from the source with `ast` (nothing is imported).

docs/architecture.md draws the layers: pure packages at the bottom, then the apps in order, then
the web, API, command line and demo on top. Imports point down only. `LAYERS` below is that
drawing as data; a module belongs to the longest prefix it matches.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import twoway

SOURCE = Path(twoway.__file__).parent
PURE_PACKAGES = ("twoway.insights", "twoway.staffing", "twoway.org.roster", "twoway.safefiles")

# Lower first. Apps on one line may import each other's lower layers, not each other.
LAYERS: dict[str, int] = {
    "twoway.insights": 0,
    "twoway.staffing": 0,
    "twoway.org.roster": 0,
    "twoway.safefiles": 0,
    "twoway.logfilters": 1,
    "twoway.org": 1,
    "twoway.notify": 2,
    "twoway.reports": 2,
    "twoway.surveys": 3,
    "twoway.pulse": 4,
    "twoway.cases": 5,
    "twoway.followups": 5,
    "twoway.change": 6,
    "twoway.voice": 7,
    "twoway.conversations": 7,
    "twoway.api": 8,
    "twoway.demo": 8,
    "twoway.commands": 8,
    "twoway.urls": 8,
    "twoway.wsgi": 8,
    "twoway.cli": 8,
    "twoway.settings": 8,
    "twoway": 8,
}


@dataclass(frozen=True)
class Import:
    source: str  # importing module
    target: str  # imported module (or package)
    line: int


def module_name(path: Path) -> str:
    parts = ("twoway", *path.relative_to(SOURCE).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def source_modules() -> dict[str, Path]:
    return {
        module_name(path): path for path in SOURCE.rglob("*.py") if "migrations" not in path.parts
    }


def imports_of(name: str, path: Path) -> list[Import]:
    """Every import of a twoway module in the file, at any depth (function bodies too), except
    those under `if TYPE_CHECKING:`."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in _runtime_nodes(tree):
        if isinstance(node, ast.Import):
            found += [Import(name, a.name, node.lineno) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(package, node.module, node.level)
            found.append(Import(name, base, node.lineno))
            # `from twoway.pulse import views` imports the module twoway.pulse.views
            found += [Import(name, f"{base}.{a.name}", node.lineno) for a in node.names]
    return [i for i in found if i.target.split(".")[0] == "twoway"]


def _runtime_nodes(tree: ast.AST):
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            stack.extend(node.orelse)
            continue
        yield node
        stack.extend(ast.iter_child_nodes(node))


def _resolve(package: str, module: str | None, level: int) -> str:
    if not level:
        return module or ""
    parts = package.split(".")
    base = parts[: len(parts) - level + 1]
    return ".".join(base + ([module] if module else []))


def layer_of(module: str) -> tuple[str, int]:
    """The layer's prefix and rank of a module."""
    prefix = max((p for p in LAYERS if module == p or module.startswith(p + ".")), key=len)
    return prefix, LAYERS[prefix]


def module_graph() -> dict[str, set[str]]:
    """Module -> the twoway modules it imports (packages resolved to real modules)."""
    modules = source_modules()
    graph: dict[str, set[str]] = defaultdict(set)
    for name, path in modules.items():
        for imp in imports_of(name, path):
            if imp.target in modules and imp.target != name:
                graph[name].add(imp.target)
    return graph


def upward_imports() -> list[str]:
    """Imports from a module to a module of a higher layer, or across apps of one layer."""
    problems = []
    modules = source_modules()
    for name, path in sorted(modules.items()):
        low, rank = layer_of(name)
        for imp in imports_of(name, path):
            if imp.target not in modules:
                continue
            high, target_rank = layer_of(imp.target)
            across = target_rank == rank and high != low and rank not in (0, 8)
            if target_rank > rank or across:
                problems.append(
                    f"{name}:{imp.line} imports {imp.target} ({high}, layer {target_rank})"
                )
    return problems


def cycles_within_apps() -> list[list[str]]:
    """Import cycles between modules of one app (or package), as lists of modules."""
    graph = module_graph()
    found = []
    for start in sorted(graph):
        app = layer_of(start)[0]
        path = _cycle_from(start, graph, app)
        if path and min(path) == start:
            found.append(path)
    return found


def _cycle_from(start: str, graph: dict[str, set[str]], app: str) -> list[str] | None:
    """A shortest path start -> ... -> start inside `app`, by breadth-first search."""
    previous: dict[str, str] = {}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for nxt in sorted(graph.get(node, ())):
                if layer_of(nxt)[0] != app or _is_package_of(nxt, node):
                    continue
                if nxt == start:
                    chain = [node]
                    while chain[-1] != start:
                        chain.append(previous[chain[-1]])
                    return chain[::-1]
                if nxt not in previous:
                    previous[nxt] = node
                    following.append(nxt)
        frontier = following
    return None


def _is_package_of(package: str, module: str) -> bool:
    """`package/__init__.py` re-exporting its modules is not a cycle worth reporting."""
    return module.startswith(package + ".")


def imports_django_when_loaded(package: str) -> str:
    """Import every module of `package` in a fresh interpreter where Django cannot be imported;
    the error text, or "" when all import."""
    code = (
        "import importlib, pkgutil, sys\n"
        "sys.modules['django'] = None\n"
        f"package = importlib.import_module({package!r})\n"
        "for info in pkgutil.walk_packages(package.__path__, package.__name__ + '.'):\n"
        "    importlib.import_module(info.name)\n"
        "print(' '.join(sorted(m for m in sys.modules if m.startswith('django.'))))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    if run.returncode != 0:
        return run.stderr.strip().splitlines()[-1]
    return run.stdout.strip()
