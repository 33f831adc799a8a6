"""The house rules of the layers (DESIGN.md section 1), enforced rather than hoped for."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "itms_tui"
#: What the simulated ITMS may never reach for: the UI, persistence, files, terminals.
FORBIDDEN_IN_CORE = ("textual", "rich", "tinydb", "yaml", "platformdirs", "itms_tui.ui",
                     "itms_tui.store", "itms_tui.scenarios", "itms_tui.cli")


def imported_modules(path: Path, root: Path = PACKAGE) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = ".".join(path.relative_to(root.parent).with_suffix("").parts[:-1])
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            found.append((node.lineno, module))
    return found


def violations(folder: str, forbidden: tuple[str, ...], root: Path = PACKAGE) -> list[str]:
    bad = []
    for path in sorted((root / folder).rglob("*.py")):
        for line, module in imported_modules(path, root):
            if any(module == f or module.startswith(f + ".") for f in forbidden):
                bad.append(f"{path.relative_to(root.parent)}:{line} imports {module}")
    return bad


def test_core_imports_nothing_of_the_ui_the_store_or_files():
    assert violations("core", FORBIDDEN_IN_CORE) == []


def test_store_knows_nothing_of_the_ui():
    assert violations("store", ("textual", "rich", "itms_tui.ui")) == []


def test_scenarios_know_nothing_of_the_ui():
    assert violations("scenarios", ("textual", "itms_tui.ui")) == []


def test_training_knows_nothing_of_the_ui():
    """Grading, courses, records, reports and the recorder are pure: the app only shows them."""
    assert violations("training", ("textual", "rich", "itms_tui.ui", "itms_tui.cli")) == []


#: The engine: what runs without a terminal (the CLI's `run`, reports, the classroom's grading).
ENGINE = ["itms_tui.core.service", "itms_tui.core.bus", "itms_tui.store",
          "itms_tui.training.grading", "itms_tui.training.session_recorder",
          "itms_tui.training.trainee_report", "itms_tui.training.curriculum"]
#: Imports the modules one after the other in a fresh interpreter and prints, after each, the
#: Textual and Rich modules loaded so far: while the earlier modules loaded none, what appears
#: after a module is what that module pulled in.
_IMPORT_EACH = """
import importlib, sys
for name in sys.argv[1:]:
    importlib.import_module(name)
    print(name, sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))
"""


@pytest.fixture(scope="module")
def ui_modules_loaded_by() -> dict[str, str]:
    """Engine module → the Textual and Rich modules loaded once it was imported (one
    interpreter for all: starting one per module was most of this file's time)."""
    out = subprocess.run([sys.executable, "-c", _IMPORT_EACH, *ENGINE], capture_output=True,
                         text=True, check=True)
    return dict(line.split(" ", 1) for line in out.stdout.splitlines())


@pytest.mark.parametrize("module", ENGINE)
def test_engine_imports_without_textual(module, ui_modules_loaded_by):
    assert ui_modules_loaded_by[module] == "[]"


def test_the_checker_sees_a_forbidden_import(tmp_path):
    """The rule above can fail: a core module importing textual, or the ui, is caught (in a copy
    of the package's shape under tmp_path: the installed package is never written to)."""
    core = tmp_path / "itms_tui" / "core"
    core.mkdir(parents=True)
    (core / "probe.py").write_text("from textual.app import App\nfrom ..ui import app\n",
                                   encoding="utf-8")
    assert violations("core", FORBIDDEN_IN_CORE, tmp_path / "itms_tui") == [
        "itms_tui/core/probe.py:1 imports textual.app",
        "itms_tui/core/probe.py:2 imports itms_tui.ui",
    ]
