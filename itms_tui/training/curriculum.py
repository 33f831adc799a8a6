"""Courses: a curriculum file lists exercises (scenario files) in order, with pass marks and
unlock rules.

```yaml
name: ITMS consent, from first opt-in to tricky opt-outs     # required
description: What the course teaches.                       # optional
pass_mark: 80                                               # optional: the course's default
exercises:                                                  # required, in teaching order
  - file: training/01_first_opt_in.yaml                     # required, relative to this file
    id: first-opt-in                                        # optional: default the file's stem
    title: Your first opt-in                                # optional: default the scenario's name
    pass_mark: 85                                           # optional
    requires: [first-opt-in]                                # optional, see below
    time_limit: 10m                                         # optional: slower is a mistake
drills:                                                     # optional
  - drill: recognition                                      # required: the only kind
    id: recognition-drill                                   # optional: default the kind
    title: Does this opt out?                               # optional
    pass_mark: 90                                           # optional: default 90
    seconds_per_item: 10                                    # optional: 3-120, default 10
```

A drill (`training/drill.py`) is open from the start and kept in the records like an exercise,
under its id; it is listed with the course but is not one of its `exercises` (it has no world).

Unlocking: an exercise opens once every exercise its `requires:` names has been passed. Left out,
`requires:` is the exercise listed just before it (the first one is open from the start);
`requires: []` opens it from the start. `requires:` may only name exercises listed earlier, so a
course cannot lock itself.

Pass marks: the exercise's `pass_mark:`, else its scenario's, else the course's, else 80.

Problems are reported like a scenario file's, as `file:line:col: message`; a scenario file the
course names is checked too, with its own positions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from ..scenarios.sink import INVALID, ProblemSink, did_you_mean, quote
from ..scenarios.value_types import (
    Choice,
    Duration,
    Field,
    ListOf,
    Record,
    Text,
    WholeNumber,
)
from ..scenarios.errors import ScenarioError, ScenarioInvalid
from ..scenarios.scenario import Scenario
from ..scenarios.validate import load_scenario
from ..scenarios.yamlnodes import (
    Map,
    Node,
    Scalar,
    Seq,
    compose,
    describe,
    read_text,
    resolve,
)
from .drill import DEFAULT_SECONDS_PER_ITEM, DRILL_KINDS
from .mistakes import DEFAULT_PASS_MARK
from .tasks import is_task

ENTRY = Record({
    "file": Field(Text(nonempty=True), required=True,
                  description="the exercise's scenario file, relative to the curriculum"),
    "id": Field(Text(nonempty=True), default=None),
    "title": Field(Text(nonempty=True), default=None),
    "pass_mark": Field(WholeNumber(minimum=0, maximum=100), default=None),
    "requires": Field(ListOf(Text(nonempty=True), items_name="exercise ids"), default=None),
    "time_limit": Field(Duration(), default=None),
}, where="in an exercise")

DRILL_ENTRY = Record({
    "drill": Field(Choice(DRILL_KINDS, "a kind of drill", "drill"), required=True),
    "id": Field(Text(nonempty=True), default=None),
    "title": Field(Text(nonempty=True), default=None),
    "pass_mark": Field(WholeNumber(minimum=0, maximum=100), default=None),
    "seconds_per_item": Field(WholeNumber(minimum=3, maximum=120), default=None),
}, where="in a drill")

COURSE = Record({
    "name": Field(Text(nonempty=True), required=True),
    "description": Field(Text(), default=""),
    "pass_mark": Field(WholeNumber(minimum=0, maximum=100), default=None),
    "exercises": Field(ListOf(ENTRY, nonempty=True, items_name="exercises"), required=True),
    "drills": Field(ListOf(DRILL_ENTRY, items_name="drills"), default=None),
})

#: A drill's pass mark when the curriculum gives none: recognising opt-outs is the job.
DRILL_PASS_MARK = 90


@dataclass(frozen=True)
class Exercise:
    id: str
    path: Path
    title: str
    pass_mark: int
    #: Ids of the exercises that must be passed first.
    requires: tuple[str, ...]
    time_limit: timedelta | None
    scenario: Scenario
    #: 1-based place in the course.
    number: int


@dataclass(frozen=True)
class Drill:
    id: str
    kind: str
    title: str
    pass_mark: int
    seconds_per_item: int


@dataclass(frozen=True)
class Curriculum:
    path: Path
    name: str
    description: str
    exercises: tuple[Exercise, ...]
    drills: tuple[Drill, ...] = ()

    def drill(self, drill_id: str) -> Drill | None:
        return next((d for d in self.drills if d.id == drill_id), None)

    def exercise(self, exercise_id: str) -> Exercise | None:
        return next((e for e in self.exercises if e.id == exercise_id), None)

    def is_unlocked(self, exercise: Exercise, passed: set[str]) -> bool:
        return set(exercise.requires) <= passed

    def locked_by(self, exercise: Exercise, passed: set[str]) -> list[Exercise]:
        """The exercises still to pass before `exercise` opens."""
        return [e for e in self.exercises if e.id in exercise.requires and e.id not in passed]

    def unlocked(self, passed: set[str]) -> list[Exercise]:
        return [e for e in self.exercises if self.is_unlocked(e, passed)]

    def next_exercise(self, passed: set[str]) -> Exercise | None:
        """The first open exercise not passed yet (None: the course is done)."""
        return next((e for e in self.unlocked(passed) if e.id not in passed), None)

    def complete(self, passed: set[str]) -> bool:
        return all(e.id in passed for e in self.exercises)


def load_curriculum(path: str | Path, *, demo_world: dict[str, Any] | None = None) -> Curriculum:
    """Read and check a curriculum and every scenario it names; ScenarioInvalid lists problems."""
    path = Path(path)
    file = str(path)
    text = read_text(path, file)
    root = compose(text, file)
    if root is None or (isinstance(resolve(root), Scalar) and resolve(root).is_null):
        raise ScenarioInvalid([ScenarioError(file, 1, 1, "the file is empty: a curriculum needs "
                                                         "name and exercises")])
    if not isinstance(resolve(root), Map):
        raise ScenarioInvalid([ScenarioError(
            file, root.line, root.col,
            f"a curriculum must be a mapping of keys (name, exercises, …), got {describe(root)}")])
    reader = ProblemSink(file)
    data = COURSE.read(root, reader)
    if reader.errors or data is INVALID:
        raise ScenarioInvalid(reader.errors or [ScenarioError(file, 1, 1, "invalid curriculum")])
    entries = _entry_nodes(root)
    errors: list[ScenarioError] = []
    exercises: list[Exercise] = []
    seen: dict[str, int] = {}
    for number, (entry, node) in enumerate(zip(data["exercises"], entries), 1):
        scenario_path = (path.parent / entry["file"]).resolve()
        exercise_id = entry["id"] or Path(entry["file"]).stem
        where = _field(node, "id") or _field(node, "file") or node
        if exercise_id in seen:
            errors.append(_error(file, where, f"exercise id {quote(exercise_id)} is used twice "
                                              f"(first by exercise {seen[exercise_id]}): give "
                                              "one an `id:`"))
        if entry["requires"] is None:
            requires = (exercises[-1].id,) if exercises else ()
        else:
            requires = tuple(dict.fromkeys(entry["requires"]))
            for required, item in zip(entry["requires"], _items(_field(node, "requires"))):
                if required == exercise_id:
                    errors.append(_error(file, item, f"exercise {quote(exercise_id)} cannot "
                                                     "require itself"))
                elif required not in seen:
                    later = " (it is listed later: requires may only name earlier exercises)" \
                        if required in [e.get("id") or Path(e["file"]).stem
                                        for e in data["exercises"]] else \
                        did_you_mean(required, list(seen))
                    errors.append(_error(file, item, f"unknown exercise {quote(required)}{later}"))
        seen.setdefault(exercise_id, number)
        try:
            scenario = load_scenario(scenario_path, demo_world=demo_world)
        except ScenarioInvalid as problem:
            if not scenario_path.exists():
                errors.append(_error(file, _field(node, "file") or node,
                                     f"no such scenario file: {entry['file']}"))
            else:
                errors.extend(problem.errors)
            continue
        if not any(is_task(step) for step in scenario.steps):
            errors.append(_error(file, _field(node, "file") or node,
                                 f"{entry['file']} has no agent or supervisor step, so no task "
                                 "for a trainee"))
            continue
        pass_mark = next((mark for mark in (entry["pass_mark"], scenario.pass_mark,
                                            data["pass_mark"]) if mark is not None),
                         DEFAULT_PASS_MARK)
        exercises.append(Exercise(
            exercise_id, scenario_path, entry["title"] or scenario.name, pass_mark, requires,
            entry["time_limit"], scenario, number,
        ))
    drills: list[Drill] = []
    for entry, node in zip(data["drills"] or [], _items(_field(root, "drills"))):
        drill_id = entry["id"] or entry["drill"]
        if drill_id in seen or any(d.id == drill_id for d in drills):
            errors.append(_error(file, _field(node, "id") or node,
                                 f"drill id {quote(drill_id)} is used twice: give it another "
                                 "`id:`"))
        drills.append(Drill(drill_id, entry["drill"], entry["title"] or "Does this opt out?",
                            entry["pass_mark"] if entry["pass_mark"] is not None
                            else DRILL_PASS_MARK,
                            entry["seconds_per_item"] or DEFAULT_SECONDS_PER_ITEM))
    if errors:
        raise ScenarioInvalid(errors)
    return Curriculum(path, data["name"], data["description"], tuple(exercises), tuple(drills))


def _error(file: str, node: Node, message: str) -> ScenarioError:
    return ScenarioError(file, node.line, node.col, message)


def _entry_nodes(root: Node) -> list[Node]:
    exercises = _field(root, "exercises")
    return _items(exercises)


def _items(node: Node | None) -> list[Node]:
    target = resolve(node) if node is not None else None
    return list(target.items) if isinstance(target, Seq) else []


def _field(node: Node, name: str) -> Node | None:
    target = resolve(node)
    if not isinstance(target, Map):
        return None
    for key, value in target.pairs:
        key_target = resolve(key)
        if isinstance(key_target, Scalar) and key_target.value == name:
            return value
    return None
