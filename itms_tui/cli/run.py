"""`itms-tui run`: scenarios headless, a line each, failures explained, `N passed, N failed`.

`play --headless` runs through here too, with a runner that plays each scenario in the app, so
both commands read, select and report alike.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from ..core.wording import plural
from . import common
from .common import FAILED, INVALID, OK, PROG, complain
from .console import RunConsole
from .selection import Predicate, SelectionError, compile_selection

if TYPE_CHECKING:
    from ..scenarios import ScenarioError


class InvalidFile(NamedTuple):
    path: Path
    errors: list[ScenarioError]


def cmd_run(args: argparse.Namespace) -> int:
    """Run scenarios headless: a line per scenario, failures explained, `N passed, N failed`.

    Every file is read first: invalid ones are reported (as `file:line:col: message`) and not
    run, the valid ones still run, and the exit status is then 2."""
    chosen = choose_scenarios("run", args.paths, args.k)
    if chosen is None:
        return INVALID
    scenarios, invalid, demo_world = chosen
    transcript_dir: Path | None = None
    if args.transcript is not None:
        transcript_dir = Path(args.transcript)
        try:
            transcript_dir.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            complain(f"{PROG} run: cannot create the transcript folder {transcript_dir}: "
                     f"{error.strerror or error}")
            return INVALID

    # Everything read lives until the end: the cycle collector would only re-scan it, over and
    # over, while the scenarios run.
    gc.freeze()
    try:
        return _run_all(args, scenarios, invalid, demo_world, transcript_dir,
                        getattr(args, "run_scenario", None))
    finally:
        gc.unfreeze()


def choose_scenarios(command: str, paths: Sequence[str], k: str | None,
                     ) -> tuple[list[Any], list[InvalidFile], Any] | None:
    """What `run` and `coverage` run: the scenarios under `paths` that `-k` keeps, the invalid
    files, and the demo world they were read against; None once a problem with the arguments
    (no such path, no scenario file, a bad -k) has been said."""
    from ..scenarios import find_scenario_files
    from ..scenarios.demo import load_demo_world

    try:
        files = find_scenario_files(paths)
    except FileNotFoundError as error:
        complain(f"{PROG} {command}: {error}")
        return None
    if not files:
        complain(f"{PROG} {command}: no scenario files (*.yaml) in {' '.join(paths)}")
        return None
    select = None
    if k is not None:
        try:
            select = compile_selection(k)
        except SelectionError as error:
            complain(f"{PROG} {command}: {error}")
            return None
    demo_world = load_demo_world()
    return (*read_scenarios(files, demo_world, select), demo_world)


def say_unread(command: str, k: str | None, scenarios: list[Any], invalid: list[InvalidFile],
               say: Callable[[str], None]) -> None:
    """Each problem of the invalid files, then one line naming them (through `say`), and that
    `-k` kept nothing."""
    for bad in invalid:
        for error in bad.errors:
            say(str(error))
    if invalid:
        say(f"INVALID {plural(len(invalid), 'file')} not run: "
            + ", ".join(str(bad.path) for bad in invalid))
    if k is not None and not scenarios:
        complain(f"{PROG} {command}: no scenario matches -k {k!r}")


def read_scenarios(
    files: Sequence[Path], demo_world: Any, select: Predicate | None = None,
) -> tuple[list[Any], list[InvalidFile]]:
    """The valid scenarios among `files` that `select` keeps, and the invalid files' problems."""
    from ..scenarios import ScenarioError, ScenarioInvalid, load_scenario

    invalid: list[InvalidFile] = []
    scenarios = []
    # Reading makes many small objects and no cycles: the cycle collector would only re-scan the
    # growing heap between files.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        for path in files:
            try:
                scenario = load_scenario(path, demo_world=demo_world)
            except ScenarioInvalid as problem:
                invalid.append(InvalidFile(path, problem.errors))
                continue
            except Exception as error:  # a bug of ours must still not be a traceback
                invalid.append(InvalidFile(path, [ScenarioError(
                    str(path), 1, 1, f"internal error while reading: {error!r}")]))
                continue
            if select is None or select(scenario.name, scenario.tags):
                scenarios.append(scenario)
    finally:
        if was_enabled:
            gc.enable()
    return scenarios, invalid


def _run_all(args: argparse.Namespace, scenarios: list[Any], invalid: list[InvalidFile],
             demo_world: Any, transcript_dir: Path | None,
             run_scenario: Callable[[Any, Any], Any] | None = None) -> int:
    """Run the scenarios read, print and write what was asked; the exit status.

    `run_scenario` is the engine runner by default; `play --headless` passes one that plays each
    scenario through the app, so both commands report alike."""
    if run_scenario is None:
        from ..scenarios.runner import run_scenario

    if args.junit is not None or args.transcript is not None:  # only then pay for the import
        from ..scenarios.run_reports import InvalidFile as ReportedInvalid
        from ..scenarios.run_reports import junit_xml, transcript, transcript_name
    console = RunConsole(len(scenarios))
    say_unread("run", args.k, scenarios, invalid, console.line)

    results = []
    passed = failed = 0
    taken: set[str] = set()
    started = time.perf_counter()
    try:
        for scenario in scenarios:
            result = run_scenario(scenario, demo_world)
            results.append(result)
            console.verdict(result.passed, scenario.name, str(scenario.path))
            if result.passed:
                passed += 1
            else:
                failed += 1
                failure = result.failure
                lines = failure.failure_lines() if failure is not None else [
                    "the scenario did not run to the end"]
                for text in lines:
                    console.line(f"    {text}")
            if transcript_dir is not None:
                name = transcript_name(scenario.path, taken)
                try:
                    (transcript_dir / name).write_text(transcript(result), encoding="utf-8")
                except OSError as error:
                    console.close()
                    complain(f"{PROG} run: cannot write {transcript_dir / name}: "
                             f"{error.strerror or error}")
                    return INVALID
            result.service = None  # reported: let the service (and its messages) go
            console.advance(scenario.name)
    finally:
        console.close()
    elapsed = time.perf_counter() - started
    if args.junit is not None:
        try:
            report = junit_xml(results, [ReportedInvalid(bad.path, bad.errors) for bad in invalid])
            Path(args.junit).write_text(report, encoding="utf-8")
        except OSError as error:
            complain(f"{PROG} run: cannot write {args.junit}: {error.strerror or error}")
            return INVALID
    if common.is_tty(sys.stderr) and results:
        complain(f"ran {plural(len(results), 'scenario')} in {elapsed:.2f}s")
    console.line(f"{passed} passed, {failed} failed")
    if invalid or (args.k is not None and not scenarios):
        return INVALID
    return FAILED if failed else OK

