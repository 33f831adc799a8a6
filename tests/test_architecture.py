"""The map in docs/architecture.md, checked: the rooms exist, each imports only what the map
allows, and no import cycle exists between modules or between rooms.

Every import counts: at the top of a module, inside a function, under `if TYPE_CHECKING:`. A
function-level import only moves the moment its cost is paid; the dependency is the same. The
checkers take the package's folder, so each is also run on a small package written to
`tmp_path` with the fault it must find.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "itms_tui"
MAP = PACKAGE.parent / "docs" / "architecture.md"
#: What each room may import besides itself: the table of docs/architecture.md.
ALLOWED: dict[str, set[str]] = {
    "inert": set(),
    "data": set(),
    "core": {"inert"},
    "store": {"core", "inert"},
    "scenarios": {"core", "data", "inert", "store"},
    "session": {"core", "data", "inert", "store", "scenarios"},
    "training": {"core", "data", "inert", "store", "scenarios", "session"},
    "ui": {"core", "data", "inert", "scenarios", "training", "session"},
    "serve": {"core", "data", "inert", "store", "scenarios", "training", "ui", "session"},
    "cli": {"core", "data", "inert", "store", "scenarios", "training", "ui", "serve", "session"},
}


def module_name(path: Path, package: Path) -> str:
    parts = list(path.relative_to(package.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph(package: Path) -> dict[str, set[str]]:
    """Module → the package's modules it imports (a package's `__init__` counts as the package).

    `from a import b` points at the module `a.b` when there is one, else at `a`. Importing
    `a.b` also runs `a/__init__.py`: that implicit edge is left out, or every package whose
    `__init__` gathers its modules would be a cycle."""
    modules = {module_name(path, package): path for path in package.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        here = name if path.name == "__init__.py" else name.rpartition(".")[0]
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            if isinstance(node, ast.Import):
                wanted = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = here.split(".")[: len(here.split(".")) - node.level + 1]
                    module = ".".join(base + ([node.module] if node.module else []))
                else:
                    module = node.module or ""
                wanted = [f"{module}.{alias.name}" for alias in node.names]
                wanted = [w if w in modules else module for w in wanted]
            else:
                continue
            for target in wanted:
                while target not in modules and "." in target:
                    target = target.rpartition(".")[0]
                if target in modules and target != name:
                    targets.add(target)
        graph[name] = targets
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every group of nodes that reach each other (Tarjan's strongly connected components)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def room_of(module: str) -> str:
    """A folder directly in the package is a room, and so is a module directly in it
    (`itms_tui.session`); the package's own `__init__` belongs to no room."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def room_graph(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    """Room → the other rooms its modules import."""
    rooms: dict[str, set[str]] = {}
    for module, targets in graph.items():
        if not room_of(module):
            continue
        edges = rooms.setdefault(room_of(module), set())
        edges.update(room_of(t) for t in targets if room_of(t) not in (room_of(module), ""))
    return rooms


def forbidden_room_imports(graph: dict[str, set[str]], allowed: dict[str, set[str]]) -> list[str]:
    return sorted(f"{module} imports {target}" for module, targets in graph.items()
                  for target in targets
                  if room_of(module) and room_of(target) not in (room_of(module), "")
                  and room_of(target) not in allowed.get(room_of(module), set()))


# -- the package ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def package_graph() -> dict[str, set[str]]:
    """The package's import graph, read once: the checks below only read it."""
    return import_graph(PACKAGE)


def test_no_import_cycle_between_modules(package_graph):
    assert cycles(package_graph) == []


def test_no_import_cycle_between_rooms(package_graph):
    assert cycles(room_graph(package_graph)) == []


def test_every_import_between_rooms_is_one_the_map_allows(package_graph):
    assert forbidden_room_imports(package_graph, ALLOWED) == []


def test_the_map_names_every_room_and_only_rooms_that_exist():
    text = MAP.read_text(encoding="utf-8")
    named = set(re.findall(r"^\| `itms_tui/(\w+)(?:/|\.py)`", text, re.M))
    rooms = {p.stem for p in PACKAGE.iterdir()
             if (p / "__init__.py").is_file() or (p.suffix == ".py" and p.stem != "__init__")}
    assert named == rooms
    assert set(ALLOWED) == rooms
    allowed_in_map = {room: set(re.findall(r"`(\w+)`", imports)) - {"nothing"}
                      for room, imports in re.findall(r"^\| `(\w+)` \| (.*) \|$", text, re.M)}
    assert allowed_in_map == ALLOWED


# -- the checkers can fail ------------------------------------------------------------------------

def write_package(root: Path, files: dict[str, str]) -> Path:
    package = root / "pkg"
    for name, text in files.items():
        path = package / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return package


def test_a_cycle_through_a_function_level_import_is_found(tmp_path):
    package = write_package(tmp_path, {
        "__init__.py": "",
        "a.py": "from .b import thing\n",
        "b.py": "def thing():\n    from . import a\n    return a\n",
        "c.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .a import thing\n",
    })
    assert cycles(import_graph(package)) == [["pkg.a", "pkg.b"]]


def test_a_cycle_between_rooms_is_found_though_no_module_cycle_exists(tmp_path):
    package = write_package(tmp_path, {
        "__init__.py": "",
        "core/__init__.py": "",
        "core/service.py": "from ..ui.colours import RED\n",
        "ui/__init__.py": "",
        "ui/colours.py": "RED = 1\n",
        "ui/app.py": "from ..core.service import RED\n",
    })
    graph = import_graph(package)
    assert cycles(graph) == []

    assert cycles(room_graph(graph)) == [["core", "ui"]]
    assert forbidden_room_imports(graph, ALLOWED) == ["pkg.core.service imports pkg.ui.colours"]


def test_a_package_init_gathering_its_modules_is_no_cycle(tmp_path):
    package = write_package(tmp_path, {
        "__init__.py": "",
        "cli/__init__.py": "from .run import main\n",
        "cli/run.py": "from .common import say\ndef main():\n    say()\n",
        "cli/common.py": "def say():\n    pass\n",
    })
    assert cycles(import_graph(package)) == []
    assert import_graph(package)["pkg.cli"] == {"pkg.cli.run"}
