"""Loading scenario files: bytes → nodes with positions → a checked, resolved `Scenario`.

Every problem in a file is collected and reported as `file:line:col: message`, sorted by
position, before anything runs. See `definitions.py` for what may be written where.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .definitions import SCENARIO
from .sink import INVALID, MISSING, ProblemSink, a_or_an, did_you_mean, quote
from .step_kinds import ACCOUNT_ROLE, PHONE_ROLE, STEP_KINDS, TRAINING_KEYS
from .value_types import Phone, is_null, mapping_pairs, normalise, unknown_key
from .world_type import WORLD
from .errors import ScenarioError, ScenarioInvalid
from .scenario import Scenario, Step
from .yamlnodes import Map, Node, Scalar, Seq, compose, describe, read_text, resolve

#: Stands for "a step named this, but wrongly": later steps cannot default to it, and say nothing
#: (the file is already invalid, and a second message about the same mistake would mislead).
_UNKNOWN = object()

_PLURAL = {ACCOUNT_ROLE: "accounts", PHONE_ROLE: "numbers"}


class Reader(ProblemSink):
    """A scenario file's reader: the problem sink, plus the steps and the defaults they take
    from earlier steps, the file's world or the demo world."""

    def __init__(self, file: str, *, demo_world: dict[str, Any] | None = None,
                 region: str = "US") -> None:
        super().__init__(file, region=region)
        self.demo_world = demo_world
        self.last: dict[str, Any] = {ACCOUNT_ROLE: None, PHONE_ROLE: None}

    # -- steps -------------------------------------------------------------------------------

    def read_steps(self, node: Node) -> Any:
        target = resolve(node)
        if not isinstance(target, Seq) or not target.items:
            self.error(node, "'steps' must be a non-empty list")
            return INVALID
        steps = [self.read_step(item) for item in target.items]
        return INVALID if any(step is INVALID for step in steps) else steps

    def read_step(self, item: Node) -> Any:
        node = resolve(item)
        if not isinstance(node, Map):
            self.error(item, "a step must be a mapping like `- agent: send_opt_in_request`, "
                             f"got {describe(item)}")
            return INVALID
        pairs = mapping_pairs(node, self)
        if not pairs:
            if node.pairs:
                return INVALID  # its only keys were refused (a merge key, a list as a key)
            self.error(item, "an empty step: a step starts with its kind, "
                             "e.g. `- agent: send_opt_in_request`")
            return INVALID
        kind_name, kind_key, kind_value = pairs[0]
        kind = STEP_KINDS.get(kind_name)
        if kind is None:
            later = next((name for name, _k, _v in pairs[1:] if name in STEP_KINDS), None)
            if later is not None:
                self.error(kind_key, f"a step starts with its kind: move {later!r} to the front "
                                     f"(this step starts with {quote(kind_name)})")
            else:
                hint = did_you_mean(kind_name, STEP_KINDS) or (
                    f"; a step starts with one of: {', '.join(STEP_KINDS)}")
                self.error(kind_key, f"unknown step kind {quote(kind_name)}{hint}")
            self._note_names(pairs)
            return INVALID

        ok = True
        action: Any
        if is_null(kind_value):
            wanted = a_or_an(kind.action_noun) if kind.variants is not None else (
                kind.value.expected if kind.value is not None else "a value")
            self.error(kind_key, f"no value for {kind_name!r}: expected {wanted}")
            self._note_names(pairs)
            return INVALID
        if kind.variants is not None:
            scalar = resolve(kind_value)
            if not isinstance(scalar, Scalar):
                self.error(kind_value, f"expected {a_or_an(kind.action_noun)}, "
                                       f"got {describe(kind_value)}")
                self._note_names(pairs)
                return INVALID
            action = scalar.value
            if action not in kind.variants:
                hint = did_you_mean(action, kind.variants) or (
                    f"; allowed: {', '.join(kind.variants)}")
                self.error(kind_value, f"unknown {kind.action_noun} {quote(action)}{hint}")
                self._note_names(pairs)
                return INVALID
            label = f"{kind_name}: {action}"
        else:
            assert kind.value is not None
            action = kind.value.read(kind_value, self)
            ok = action is not INVALID
            label = kind_name
        variant = kind.variants[action] if kind.variants is not None else kind.only_variant
        keys = variant.keys

        args: dict[str, Any] = {}
        pos = self.pos
        positions = {kind_name: pos(kind_key)}
        for name, key_node, value_node in pairs[1:]:
            positions[name] = pos(key_node)
            key = keys.get(name)
            if key is None:
                ok = False
                self.error(key_node, self._unknown_key(kind_name, name, label, list(keys)))
                continue
            if is_null(value_node):
                value = INVALID
                self.error(key_node, key.type.null_message(name))
            else:
                value = key.type.read(value_node, self)
            if value is INVALID:
                ok = False
                if key.role is not None:
                    self.last[key.role] = _UNKNOWN
                continue
            args[name] = value

        defaulted: set[str] = set()
        for name, key in keys.items():
            if name in positions:
                if key.role is not None and name in args:
                    value = args[name]
                    if key.type.__class__ is Phone and key.type.raw:  # type: ignore[attr-defined]
                        value = normalise(value, self.region)  # add_phone: only a valid number
                        if value is None:
                            continue
                    self.last[key.role] = value
            elif key.role is not None:
                value = self._default(key.role, name, item)
                if value is INVALID or value is _UNKNOWN:
                    ok = False
                else:
                    args[name] = value
                    defaulted.add(name)
            elif key.required:
                ok = False
                self.error(item, f"required key {name!r} is missing for {label}")
            elif key.default is not MISSING:
                args[name] = key.default
        if not ok:
            return INVALID
        expect_error = args.pop("expect_error", None)
        task = args.pop("task", None)
        hint = args.pop("hint", None)
        note = args.pop("note", None)
        return Step(
            kind=kind_name,
            action=action,
            args=args,
            expect_error=expect_error,
            position=pos(item),
            key_positions=positions,
            defaulted=frozenset(defaulted),
            task=task,
            hint=hint,
            note=note,
        )

    def _unknown_key(self, kind_name: str, name: str, label: str, allowed: list[str]) -> str:
        if name in TRAINING_KEYS and kind_name not in ("agent", "supervisor"):
            return (f"{name!r} is only for agent and supervisor steps (the trainee's tasks); "
                    f"{label} plays by itself in trainee mode")
        if name in STEP_KINDS:
            return (f"{name!r} starts another step: begin it with its own list item "
                    f"`- {name}: …`")
        kind = STEP_KINDS[kind_name]
        if kind.variants is not None:
            users = [f"{kind_name}: {action}" for action, variant in kind.variants.items()
                     if name in variant.keys]
            if users:
                return (f"key {name!r} is not used by {label} (only by {', '.join(users)}); "
                        f"allowed: {', '.join(allowed)}")
        if not allowed:
            return f"unknown key {quote(name)} for {label}: it takes no other keys"
        return unknown_key(name, allowed, f"for {label}")

    def _note_names(self, pairs: list[tuple[str, Node, Node]]) -> None:
        """A step we could not read may still name an account or a number for later steps."""
        for name, _key, value_node in pairs:
            role = ACCOUNT_ROLE if name == "account" else (
                PHONE_ROLE if name in ("phone", "to", "from") else None)
            if role is None:
                continue
            scalar = resolve(value_node)
            value: Any = _UNKNOWN
            if isinstance(scalar, Scalar) and not scalar.is_null:
                value = scalar.value if role == ACCOUNT_ROLE else (
                    normalise(scalar.value, self.region) or _UNKNOWN)
            self.last[role] = value

    def _default(self, role: str, key: str, step: Node) -> Any:
        """The value of `key` left out of a step, or INVALID after saying why there is none."""
        last = self.last[role]
        if last is not None:
            return last
        if self.world is INVALID:
            return _UNKNOWN  # the world's own problems are reported; guessing would mislead
        world = self.world if self.world is not None else self.demo_world
        noun = "an account" if role == ACCOUNT_ROLE else "a phone"
        if world is None:
            where = f"the built-in demo world has several {_PLURAL[role]}"
        else:
            names = _world_names(world, role)
            if len(names) == 1:
                return names[0]
            count = f"{len(names)} {_PLURAL[role]}" if names else f"no {_PLURAL[role]}"
            where = f"the {'demo ' if self.world is None else ''}world has {count}"
        self.error(step, f"this step needs {noun}: name one with `{key}:` "
                         f"(no earlier step named one and {where})")
        return INVALID


def _world_names(world: dict[str, Any], role: str) -> list[str]:
    if role == ACCOUNT_ROLE:
        return [account["id"] for account in world["accounts"]]
    return list(dict.fromkeys(n for account in world["accounts"] for n in account["phones"]))


# -- files -------------------------------------------------------------------------------------


def _root(text: str, file: str) -> Map:
    root = compose(text, file)
    if root is None or is_null(root):
        raise ScenarioInvalid([ScenarioError(
            file, 1, 1, "the file is empty: a scenario needs name and steps")])
    target = resolve(root)
    if not isinstance(target, Map):
        raise ScenarioInvalid([ScenarioError(
            file, root.line, root.col,
            f"a scenario file must be a mapping of keys (name, steps, …), got {describe(root)}")])
    return target


def _refuse_curriculum(root: Map, file: str) -> None:
    """A course given where a scenario is expected: say what it is, not "unknown key"."""
    names = {resolve(key).value for key, _value in root.pairs
             if isinstance(resolve(key), Scalar)}
    if "exercises" in names and "steps" not in names:
        raise ScenarioInvalid([ScenarioError(
            file, root.line, root.col,
            "this is a curriculum (it lists exercises:), not a scenario: "
            "open it with `itms-tui train`")])


@contextmanager
def _quick_allocation() -> Iterator[None]:
    """Reading a big file makes hundreds of thousands of small objects, none of them in a cycle
    (aliases only point back at finished nodes): the cycle collector would only slow it down."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def parse_scenario(text: str, file: str = "<scenario>", *, path: Path | None = None,
                   demo_world: dict[str, Any] | None = None) -> Scenario:
    """A scenario from YAML text; ScenarioInvalid lists every problem, placed in `file`."""
    with _quick_allocation():
        root = _root(text, file)
        _refuse_curriculum(root, file)
        reader = Reader(file, demo_world=demo_world)
        data = SCENARIO.read(root, reader)
    if reader.errors or data is INVALID:
        raise ScenarioInvalid(reader.errors or [ScenarioError(file, 1, 1, "invalid scenario")])
    return Scenario(
        path=path if path is not None else Path(file),
        name=data["name"],
        description=data["description"],
        tags=tuple(data["tags"]),
        world=data["world"],
        steps=tuple(data["steps"]),
        objective=data["objective"],
        pass_mark=data["pass_mark"],
    )


def load_scenario(path: str | Path, *, demo_world: dict[str, Any] | None = None) -> Scenario:
    """Read and check a scenario file.

    `demo_world` is the validated world a file without `world:` runs on: defaults that fall back
    to "the world's only account/number" look there. Without it such a world counts as having
    several accounts and numbers, so a file without `world:` must name them in its first steps.
    Raises ScenarioInvalid (never anything else for a bad file).
    """
    path = Path(path)
    file = str(path)
    return parse_scenario(read_text(path, file), file, path=path, demo_world=demo_world)


def parse_world(text: str, file: str = "<world>") -> dict[str, Any]:
    """The validated `world:` of YAML text (other top-level keys of a scenario are ignored)."""
    with _quick_allocation():
        root = _root(text, file)
    reader = Reader(file)
    world: Any = INVALID
    found = False
    for name, key_node, value_node in mapping_pairs(root, reader):
        if name == "world":
            found = True
            if is_null(value_node):
                reader.error(key_node, "no value for 'world'")
            else:
                world = WORLD.read(value_node, reader)
        elif name not in SCENARIO.fields:
            reader.error(key_node, unknown_key(name, list(SCENARIO.fields), ""))
    if not found:
        reader.error(root, "required key 'world' is missing")
    if reader.errors or world is INVALID:
        raise ScenarioInvalid(reader.errors or [ScenarioError(file, 1, 1, "invalid world")])
    return world


def load_world_file(path: str | Path) -> dict[str, Any]:
    """The validated world of a file's `world:` key (a scenario file, or a file with only that).

    The result is plain data: {"company": {name, phone, va_url, timezone}, "clock": "…",
    "settings": {…}, "clients": [{id, name, business_type, auto_opt_in}], "accounts": [{id,
    consumer, client, balance: "1250.00", phones: [E.164…], agent}], "consent": {E.164: state}}.
    """
    path = Path(path)
    file = str(path)
    return parse_world(read_text(path, file), file)
