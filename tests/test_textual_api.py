"""Textual as designed: no private Textual name outside itms_tui/ui/textual_internals.py; no
widget, screen or app of ours that stores or defines a private name Textual's own classes use; and
no message handler that calls its base class's handler, which Textual calls anyway.

An override of that kind changes Textual's behaviour silently: an app whose `_flush` takes no
argument breaks Textual's own `_flush(stderr=...)`, a screen that sets `_name` changes what its
`name` says.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import re
import textwrap
from functools import cache
from pathlib import Path

import textual
from textual.message import Message
from textual.message_pump import MessagePump


ROOT = Path(__file__).resolve().parents[1]
INTERNALS = ROOT / "itms_tui" / "ui" / "textual_internals.py"
TEXTUAL = Path(textual.__file__).parent
STORED = re.compile(r"self\.(_[a-z]\w*)\s*(?::[^=\n]*)?=(?!=)")


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def _defined_names(trees) -> set[str]:
    """Every name the modules define: functions, classes, attributes they set or declare."""
    names: set[str] = set()
    for tree in trees:
        for node in ast.walk(tree):
            names.update(_names_defined_by(node))
    return names


def _names_defined_by(node: ast.AST) -> list[str]:
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return [node.name]
    if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
        return [node.attr]
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
        return [node.target.id]
    if isinstance(node, ast.Assign):
        return [t.id for t in node.targets if isinstance(t, ast.Name)]
    return []


def textual_private_names(among: set[str]) -> set[str]:
    """The names of `among` that Textual defines as private names.

    Only Textual's files that contain one of them are parsed: a file without the name cannot
    define it, and parsing all of Textual is most of this check's cost."""
    wanted = {name for name in among if _private(name)}
    texts = (path.read_text(encoding="utf-8") for path in TEXTUAL.rglob("*.py"))
    holding = [text for text in texts if any(name in text for name in wanted)]
    return wanted & _defined_names(ast.parse(text) for text in holding)


def _sources() -> dict[Path, ast.Module]:
    files = [path for folder in ("itms_tui", "tests", "bench") for path in (ROOT / folder).rglob("*.py")]
    return {path: ast.parse(path.read_text(encoding="utf-8")) for path in files}


def private_textual_uses(trees: dict[Path, ast.Module]) -> list[str]:
    """`file:line name` for every private Textual name read outside textual_internals.py."""
    ours: set[str] = set()
    reads: list[tuple[Path, int, str]] = []
    for path, tree in trees.items():
        for node in ast.walk(tree):
            ours.update(_names_defined_by(node))
            if (path != INTERNALS and isinstance(node, ast.Attribute) and _private(node.attr)
                    and not (isinstance(node.value, ast.Name) and node.value.id in ("os", "sys"))):
                reads.append((path, node.lineno, node.attr))
    textual_names = textual_private_names({name for _, _, name in reads} - ours)
    return [f"{path.relative_to(ROOT)}:{line} {name}" for path, line, name in reads
            if name in textual_names]


@cache
def _private_names_of(textual_class: type) -> frozenset[str]:
    """The private names a Textual class stores or defines (read once: every widget of ours
    shares Widget, DOMNode and MessagePump)."""
    source = inspect.getsource(textual_class)
    return frozenset(set(STORED.findall(source))
                     | set(re.findall(r"^    (?:async )?def (_[a-z]\w*)", source, re.M))
                     | set(re.findall(r"^    (_[a-z]\w*)\s*[:=]", source, re.M)))


def overridden_privates(classes: list[type]) -> list[str]:
    """`Class: names` for each class of ours that stores or defines a private name that a
    Textual class it inherits from uses."""
    found = []
    for cls in classes:
        ours = textwrap.dedent(inspect.getsource(cls))
        names = (set(STORED.findall(ours))
                 | set(re.findall(r"^    (?:async )?def (_[a-z]\w*)", ours, re.M))
                 | set(re.findall(r"^    (_[a-z]\w*)\s*[:=]", ours, re.M)))
        theirs = set().union(*(_private_names_of(base) for base in cls.__mro__
                               if base.__module__.split(".")[0] == "textual"))
        if clash := names & theirs:
            found.append(f"{cls.__module__}.{cls.__qualname__}: {', '.join(sorted(clash))}")
    return found


def our_textual_classes() -> list[type]:
    classes = []
    for module in pkgutil.walk_packages([str(ROOT / "itms_tui" / "ui")], "itms_tui.ui."):
        loaded = importlib.import_module(module.name)
        classes += [value for value in vars(loaded).values()
                    if inspect.isclass(value) and value.__module__ == loaded.__name__
                    and issubclass(value, MessagePump)]
    return classes


def test_no_private_textual_name_outside_the_internals_module():
    assert private_textual_uses(_sources()) == []


def test_the_check_finds_a_private_textual_name():
    # Proven able to fail: a test reading Textual's compositor, as the tests once did.
    probe = ROOT / "tests" / "__probe__.py"
    tree = ast.parse("def screen(app):\n    return app.screen._compositor\n")
    assert private_textual_uses({probe: tree}) == ["tests/__probe__.py:2 _compositor"]


def test_no_widget_screen_or_app_of_ours_overrides_a_private_textual_name():
    assert overridden_privates(our_textual_classes()) == []


def probe_module(tmp_path, monkeypatch, name: str, source: str):
    """A module of `source` written to `tmp_path` and imported: a real class for the checks to
    find fault with, as inspect reads it."""
    (tmp_path / f"{name}.py").write_text(source, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    return importlib.import_module(name)


def test_the_override_check_finds_an_app_that_shadows_textual(tmp_path, monkeypatch):
    # Proven able to fail: the two overrides this codebase once had.
    shadowing = probe_module(tmp_path, monkeypatch, "shadowing_app",
                             "from textual.app import App\n\n\n"
                             "class Shadowing(App):\n"
                             "    def _flush(self):\n"
                             "        self._name = 'a trainee'\n").Shadowing
    assert overridden_privates([shadowing]) == ["shadowing_app.Shadowing: _flush, _name"]


async def test_a_library_flushing_stdout_while_the_desk_runs_does_not_break_it():
    # Textual's print capture calls `App._flush(stderr=...)`: the app's own `_flush` (its batch
    # of engine events) once took its place and raised TypeError here.
    from tests.support.ui import SIZE, make_app

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        print("a library's progress line", flush=True)
        await pilot.pause()
        app.service.consumer_text("+16175550101", "hello")  # the engine's events still arrive
        await pilot.pause()
        assert "hello" in app.screen.query_one("#conversation-log").lines[-1].text


def handler_names() -> set[str]:
    """`on_mount`, `on_button_pressed`…: the method names Textual dispatches a message to, for
    every message class loaded (Textual's and ours)."""
    names, classes = set(), [Message]
    while classes:
        cls = classes.pop()
        classes += cls.__subclasses__()
        if cls is not Message:  # Textual names the handler of each subclass
            names.add(cls.handler_name)
    return names


def handlers_calling_their_base(classes: list[type]) -> list[str]:
    """`Class.handler` for each message handler of ours that calls the same handler of its base
    class: Textual already calls every class's own handler along the MRO, so the base one runs
    twice (the exam once started its first exercise twice that way)."""
    dispatched = handler_names()
    found = []
    for cls in classes:
        tree = ast.parse(textwrap.dedent(inspect.getsource(cls)))
        for method in tree.body[0].body:
            if not (isinstance(method, (ast.FunctionDef, ast.AsyncFunctionDef))
                    and method.name.removeprefix("_") in dispatched):
                continue
            for node in ast.walk(method):
                if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                        and node.func.attr == method.name
                        and isinstance(node.func.value, ast.Call)
                        and isinstance(node.func.value.func, ast.Name)
                        and node.func.value.func.id == "super"):
                    found.append(f"{cls.__module__}.{cls.__qualname__}.{method.name}")
    return found


def test_no_message_handler_of_ours_calls_its_base_classs_handler():
    assert handlers_calling_their_base(our_textual_classes()) == []


def test_the_handler_check_finds_an_on_mount_that_calls_its_base(tmp_path, monkeypatch):
    # Proven able to fail: the exam's on_mount as it was, and a callback of ours that only looks
    # like a handler (no message is named Mistake), which is left alone.
    module = probe_module(tmp_path, monkeypatch, "twice_app",
                          "from textual.app import App\n\n\n"
                          "class Base(App):\n"
                          "    def on_mount(self):\n"
                          "        pass\n\n"
                          "    def _on_mistake(self, mistake):\n"
                          "        pass\n\n\n"
                          "class Twice(Base):\n"
                          "    def on_mount(self):\n"
                          "        super().on_mount()\n\n"
                          "    def _on_mistake(self, mistake):\n"
                          "        super()._on_mistake(mistake)\n")
    assert handlers_calling_their_base([module.Base, module.Twice]) == [
        "twice_app.Twice.on_mount"]
