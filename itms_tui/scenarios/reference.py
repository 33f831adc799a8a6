"""The generated parts of docs/scenarios.md: every public name, read from the code.

The reference's prose is written by hand; its lists of names (step kinds and their keys,
templates, audit events, error codes, states, statuses, queues, faults, world keys, settings) are
blocks between `<!-- generated: NAME -->` and `<!-- end: NAME -->`, rebuilt from the tables the
validator and the engine use, so they cannot drift. Each name comes with an example: the first
place the scenario library uses it (`file:line`), where it does.

`python -m itms_tui.scenarios.reference docs/scenarios.md` rewrites the blocks;
`tests/scenarios/test_reference.py` fails while the file differs from what this would write.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

from ..core.names import (
    ERROR_SENTENCES,
    AuditEvent,
    CarrierStatus,
    ConsentState,
    Direction,
    ErrorCode,
    FaultKind,
    MessageStatus,
    Queue,
    Template,
)
from ..core.settings import Settings
from ..core.templates import DEFAULT_BODIES
from .definitions import SCENARIO
from .scenario import Scenario, Step
from .sink import MISSING
from .step_kinds import STEP_KINDS, StepKind, Variant
from .world_type import ACCOUNT_RECORD, CLIENT, COMPANY, WORLD

_BLOCK = re.compile(r"(<!-- generated: (?P<name>[a-z-]+) -->\n).*?(<!-- end: (?P=name) -->)", re.S)


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def _table(head: tuple[str, ...], rows: Iterable[tuple[str, ...]]) -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


class Examples:
    """Where the scenario library first uses each name (`scenarios/opt_in/agent_pin.yaml:27`)."""

    def __init__(self, library: Iterable[Scenario], root: Path) -> None:
        self._first: dict[tuple[str, str], str] = {}
        for scenario in library:
            for name in (scenario.world or {}).get("settings") or {}:
                self._first.setdefault(("setting", str(name)), self._where(scenario, None, root))
            for step in scenario.steps:
                for key in _uses(step):
                    self._first.setdefault(key, self._where(scenario, step, root))

    @staticmethod
    def _where(scenario: Scenario, step: Step | None, root: Path) -> str:
        try:
            path = scenario.path.resolve().relative_to(root.resolve())
        except ValueError:
            path = scenario.path
        line = f":{step.position.line}" if step is not None else " (world)"
        return f"`{path.as_posix()}{line}`"

    def __call__(self, group: str, name: str, *, or_else: tuple[str, str] | None = None) -> str:
        found = self._first.get((group, name)) or (self._first.get(or_else) if or_else else None)
        return found or "—"


def _uses(step: Step) -> Iterable[tuple[str, str]]:
    """Every (group, name) a step shows: its kind and action, and the names it expects."""
    action = step.action if isinstance(step.action, str) else None
    yield ("step", f"{step.kind}: {action}" if STEP_KINDS[step.kind].variants else step.kind)
    for key in step.args:
        yield ("key", f"{step.kind}:{action}:{key}")
    if step.expect_error:
        yield ("error", step.expect_error)
    args = step.args
    if step.kind == "expect":
        for key, group in (("template", "template"), ("status", "status"), ("state", "state"),
                           ("queue", "queue"), ("event", "event")):
            if key in args:
                yield (group, str(args[key]))
                if group == "event" and args[key] in {c.value for c in ErrorCode}:
                    yield ("error", str(args[key]))
    if step.kind == "fault":
        yield ("fault", str(action))
        if "status" in args:
            yield ("carrier", str(args["status"]))
        if "direction" in args:
            yield ("direction", str(args["direction"]))
    if step.kind == "set":
        for name in step.action or {}:
            yield ("setting", str(name))


# -- the blocks -----------------------------------------------------------------------------------

def _key_text(name: str, key, *, value: bool = False) -> str:
    marks = []
    if key.required:
        marks.append("required")
    if key.default is not MISSING and key.default is not None:
        marks.append(f"default {key.default}")
    if key.role:
        marks.append("defaults from earlier steps")
    extra = f" ({', '.join(marks)})" if marks else ""
    return f"`{name}`{extra}"


def _variant_rows(kind: StepKind, action: str | None, variant: Variant,
                  example: Examples) -> tuple[str, str, str, str]:
    step = f"`{kind.name}: {action}`" if action else f"`{kind.name}`"
    keys = ", ".join(_key_text(name, key) for name, key in variant.keys.items()) or "—"
    name = f"{kind.name}: {action}" if action else kind.name
    return step, keys, variant.description or kind.description, example("step", name)


def steps_block(example: Examples) -> str:
    rows = []
    for kind in STEP_KINDS.values():
        if kind.variants is None:
            rows.append(_variant_rows(kind, None, kind.only_variant, example))
        else:
            rows += [_variant_rows(kind, action, variant, example)
                     for action, variant in kind.variants.items()]
    return _table(("step", "keys", "does", "example"), rows)


def templates_block(example: Examples) -> str:
    return _table(("template", "default wording", "example"), (
        (f"`{t.value}`", DEFAULT_BODIES[t], example("template", t.value)) for t in Template))


def audit_events_block(example: Examples) -> str:
    rows = [(f"`{e.value}`", "an audited decision (no change)"
             if e is AuditEvent.POSSIBLE_OPT_OUT_DISMISSED else "a consent change",
             example("event", e.value)) for e in AuditEvent]
    rows += [(f"`{c.value}`", "a refusal (or a compound action's request not sent)",
              example("event", c.value, or_else=("error", c.value))) for c in ErrorCode]
    return _table(("event", "records", "example"), rows)


def error_codes_block(example: Examples) -> str:
    return _table(("code", "what the user reads", "example"), (
        (f"`{c.value}`", ERROR_SENTENCES[c], example("error", c.value)) for c in ErrorCode))


def names_block(example: Examples) -> str:
    groups: list[tuple[str, str, Iterable[str]]] = [
        ("consent state (`expect: consent` `state:`)", "state", (s.value for s in ConsentState)),
        ("message status (`expect: sms` `status:`)", "status", (s.value for s in MessageStatus)),
        ("inbox queue (`expect: inbox` `queue:`)", "queue", (q.value for q in Queue)),
        ("fault (`fault:`)", "fault", (f.value for f in FaultKind)),
        ("carrier status (`fault: fail` `status:`)", "carrier", (s.value for s in CarrierStatus)),
        ("direction (`fault:` `direction:`)", "direction", (d.value for d in Direction)),
    ]
    rows = [(what, f"`{name}`", example(group, name))
            for what, group, names in groups for name in names]
    return _table(("kind", "name", "example"), rows)


def world_block(_example: Examples) -> str:
    rows = []
    for where, record in (("scenario", SCENARIO), ("world", WORLD.record),
                          ("world.company", COMPANY), ("a client", CLIENT),
                          ("an account", ACCOUNT_RECORD)):
        for name, spec in record.fields.items():
            rows.append((where, f"`{name}`", "required" if spec.required else "optional",
                         spec.description or spec.type.expected))
    return _table(("in", "key", "", "holds"), rows)


def settings_block(example: Examples) -> str:
    defaults = Settings().to_data()
    rows = [(f"`{name}`", "`" + _cell(_short(value)) + "`", example("setting", name))
            for name, value in defaults.items()]
    return _table(("setting", "default", "example"), rows)


def _short(value) -> str:
    if isinstance(value, dict) and not value:
        return "{}"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: …" for k in value) + "}"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


BLOCKS: dict[str, Callable[[Examples], str]] = {
    "steps": steps_block,
    "templates": templates_block,
    "audit-events": audit_events_block,
    "error-codes": error_codes_block,
    "names": names_block,
    "world": world_block,
    "settings": settings_block,
}


def library_examples(root: Path) -> Examples:
    from . import find_scenario_files, load_scenario
    from .demo import load_demo_world

    demo = load_demo_world()
    files = find_scenario_files([root / "scenarios"])
    return Examples((load_scenario(path, demo_world=demo) for path in files), root)


def regenerate(text: str, examples: Examples) -> str:
    """`text` with every generated block rebuilt; an unknown block name is an error."""

    def rebuild(match: re.Match[str]) -> str:
        name = match.group("name")
        if name not in BLOCKS:
            raise KeyError(f"unknown generated block {name!r}; known: {', '.join(BLOCKS)}")
        return f"{match.group(1)}{BLOCKS[name](examples)}{match.group(3)}"

    return _BLOCK.sub(rebuild, text)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m itms_tui.scenarios.reference docs/scenarios.md", file=sys.stderr)
        return 2
    path = Path(argv[0])
    root = path.resolve().parent.parent
    text = path.read_text(encoding="utf-8")
    path.write_text(regenerate(text, library_examples(root)), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
