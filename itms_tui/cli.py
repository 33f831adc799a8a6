"""The `itms-tui` command line (SPEC.md section 8).

One function per subcommand, registered in `_build_parser`; each takes the parsed arguments and
returns the exit code. Bad flags are argparse's business (usage line, exit 2). Nothing here lets a
traceback reach the user.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TextIO

if TYPE_CHECKING:
    from .scenarios import ScenarioError

# Each subcommand imports what it uses: the app, the most used, has no use for the scenario
# reader (YAML, the validator's definitions) when it resumes a saved session.

PROG = "itms-tui"
#: Exit codes shared by the subcommands.
OK, FAILED, INVALID = 0, 1, 2


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _say(text: str, *, stream=None) -> None:
    print(text, file=stream if stream is not None else sys.stdout)


def cmd_validate(args: argparse.Namespace) -> int:
    """Check scenario files: problems as `file:line:col: message`, then a summary line."""
    from .scenarios import ScenarioError, ScenarioInvalid, find_scenario_files, load_scenario

    try:
        files = find_scenario_files(args.paths)
    except FileNotFoundError as error:
        _say(f"{PROG} validate: {error}", stream=sys.stderr)
        return INVALID
    if not files:
        _say(f"{PROG} validate: no scenario files (*.yaml) in {' '.join(args.paths)}",
             stream=sys.stderr)
        return INVALID
    valid = invalid = 0
    for path in files:
        try:
            load_scenario(path)
        except ScenarioInvalid as problem:
            invalid += 1
            for error in problem.errors:
                _say(str(error))
        except Exception as error:  # a bug of ours must still not be a traceback
            invalid += 1
            _say(str(ScenarioError(str(path), 1, 1, f"internal error while reading: {error!r}")))
        else:
            valid += 1
    _say(f"{_plural(valid, 'file')} valid, {invalid} invalid")
    return OK if invalid == 0 else INVALID


# -- itms-tui run -----------------------------------------------------------------------------------


class SelectionError(ValueError):
    """A `-k` expression that cannot be read."""


def _k_tokens(expression: str) -> list[str]:
    tokens: list[str] = []
    word = ""
    for char in expression:
        if char.isspace() or char in "()":
            if word:
                tokens.append(word)
                word = ""
            if char in "()":
                tokens.append(char)
        else:
            word += char
    if word:
        tokens.append(word)
    return tokens


def compile_selection(expression: str) -> Callable[[str, Sequence[str]], bool]:
    """A `-k` expression as a predicate on (name, tags), like pytest's: a word selects scenarios
    whose name or one of whose tags contains it (case-insensitive); `not`, `and`, `or` and
    parentheses combine words. Text without those operators is one phrase: `-k "send window"`.
    """
    tokens = _k_tokens(expression)
    operators = {"and", "or", "not", "(", ")"}
    if not tokens:
        raise SelectionError("-k: the expression is empty")
    if not any(token.lower() in operators for token in tokens):
        tokens = [" ".join(tokens)]
    position = 0

    def peek() -> str | None:
        return tokens[position] if position < len(tokens) else None

    def take() -> str:
        nonlocal position
        token = tokens[position]
        position += 1
        return token

    def parse_or() -> Callable[[str, Sequence[str]], bool]:
        left = parse_and()
        while (token := peek()) is not None and token.lower() == "or":
            take()
            right = parse_and()
            left = (lambda a, b: lambda n, t: a(n, t) or b(n, t))(left, right)
        return left

    def parse_and() -> Callable[[str, Sequence[str]], bool]:
        left = parse_not()
        while (token := peek()) is not None and token.lower() == "and":
            take()
            right = parse_not()
            left = (lambda a, b: lambda n, t: a(n, t) and b(n, t))(left, right)
        return left

    def parse_not() -> Callable[[str, Sequence[str]], bool]:
        token = peek()
        if token is not None and token.lower() == "not":
            take()
            inner = parse_not()
            return lambda n, t: not inner(n, t)
        return parse_atom()

    def parse_atom() -> Callable[[str, Sequence[str]], bool]:
        token = peek()
        if token is None:
            raise SelectionError(f"-k {expression!r}: the expression ends too early")
        if token == "(":
            take()
            inner = parse_or()
            if peek() != ")":
                raise SelectionError(f"-k {expression!r}: a '(' is not closed")
            take()
            return inner
        if token.lower() in operators:
            raise SelectionError(f"-k {expression!r}: unexpected {token!r}")
        word = take().casefold()
        return lambda n, t: word in n.casefold() or any(word in tag.casefold() for tag in t)

    predicate = parse_or()
    if peek() is not None:
        raise SelectionError(f"-k {expression!r}: expected 'and' or 'or' before {peek()!r}")
    return predicate


class _Console:
    """Where `run` prints: results on stdout, a progress bar on stderr when it is a terminal."""

    def __init__(self, total: int) -> None:
        self.out: TextIO = sys.stdout
        self.err: TextIO = sys.stderr
        self.marks = _is_tty(self.out)
        self.colour = self.marks and "NO_COLOR" not in os.environ
        self.progress = _is_tty(self.err) and total > 10
        self.total = total
        self.done = 0
        self._bar_shown = False

    def line(self, text: str = "") -> None:
        self._clear_bar()
        print(text, file=self.out, flush=self.progress)
        self._draw_bar()

    def verdict(self, passed: bool, name: str, file: str) -> None:
        word = "PASS" if passed else "FAIL"
        if self.marks:
            mark = "✓" if passed else "✗"
            head = f"{mark} {word}"
            if self.colour:
                head = f"\x1b[{'32' if passed else '31;1'}m{head}\x1b[0m"
            self.line(f"{head} {name} ({file})")
        else:
            self.line(f"{word} {name} ({file})")

    def advance(self, label: str) -> None:
        self.done += 1
        self._draw_bar(label)

    def _draw_bar(self, label: str = "") -> None:
        if not self.progress or self.done >= self.total:
            return
        width = 30
        filled = width * self.done // self.total
        text = f"[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} {label}"
        self.err.write("\r\x1b[K" + text[:100])
        self.err.flush()
        self._bar_shown = True

    def _clear_bar(self) -> None:
        if self._bar_shown:
            self.err.write("\r\x1b[K")
            self.err.flush()
            self._bar_shown = False

    def close(self) -> None:
        self._clear_bar()


def _is_tty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False


class _Invalid(NamedTuple):
    path: Path
    errors: list[ScenarioError]


def cmd_run(args: argparse.Namespace) -> int:
    """Run scenarios headless: a line per scenario, failures explained, `N passed, N failed`.

    Every file is read first: invalid ones are reported (as `file:line:col: message`) and not
    run, the valid ones still run, and the exit status is then 2."""
    from .scenarios import find_scenario_files
    from .scenarios.runner import default_demo_world

    try:
        files = find_scenario_files(args.paths)
    except FileNotFoundError as error:
        _say(f"{PROG} run: {error}", stream=sys.stderr)
        return INVALID
    if not files:
        _say(f"{PROG} run: no scenario files (*.yaml) in {' '.join(args.paths)}", stream=sys.stderr)
        return INVALID
    select = None
    if args.k is not None:
        try:
            select = compile_selection(args.k)
        except SelectionError as error:
            _say(f"{PROG} run: {error}", stream=sys.stderr)
            return INVALID
    transcript_dir: Path | None = None
    if args.transcript is not None:
        transcript_dir = Path(args.transcript)
        try:
            transcript_dir.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            _say(f"{PROG} run: cannot create the transcript folder {transcript_dir}: "
                 f"{error.strerror or error}", stream=sys.stderr)
            return INVALID

    demo_world = default_demo_world()
    scenarios, invalid = read_scenarios(files, demo_world, select)
    # Everything read lives until the end: keep the cycle collector from re-scanning it after
    # every few thousand allocations of the runs (a fifth of a 2,000-scenario run).
    gc.freeze()
    try:
        return _run_all(args, scenarios, invalid, demo_world, transcript_dir,
                        getattr(args, "run_scenario", None))
    finally:
        gc.unfreeze()


def read_scenarios(
    files: Sequence[Path], demo_world: Any,
    select: Callable[[str, Sequence[str]], bool] | None = None,
) -> tuple[list[Any], list[_Invalid]]:
    """The valid scenarios among `files` that `select` keeps, and the invalid files' problems."""
    from .scenarios import ScenarioError, ScenarioInvalid, load_scenario

    invalid: list[_Invalid] = []
    scenarios = []
    # Reading makes many small objects and no cycles: the cycle collector would only re-scan the
    # growing heap between files (a quarter of the time for 2,000 files).
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        for path in files:
            try:
                scenario = load_scenario(path, demo_world=demo_world)
            except ScenarioInvalid as problem:
                invalid.append(_Invalid(path, problem.errors))
                continue
            except Exception as error:  # a bug of ours must still not be a traceback
                invalid.append(_Invalid(path, [ScenarioError(
                    str(path), 1, 1, f"internal error while reading: {error!r}")]))
                continue
            if select is None or select(scenario.name, scenario.tags):
                scenarios.append(scenario)
    finally:
        if was_enabled:
            gc.enable()
    return scenarios, invalid


def _run_all(args: argparse.Namespace, scenarios: list[Any], invalid: list[_Invalid],
             demo_world: Any, transcript_dir: Path | None,
             run_scenario: Callable[[Any, Any], Any] | None = None) -> int:
    """Run the scenarios read, print and write what was asked; the exit status.

    `run_scenario` is the engine runner by default; `play --headless` passes one that plays each
    scenario through the app, so both commands report alike."""
    if run_scenario is None:
        from .scenarios.runner import run_scenario

    if args.junit is not None or args.transcript is not None:  # only then pay for the import
        from .scenarios.report import InvalidFile, junit_xml, transcript, transcript_name
    console = _Console(len(scenarios))
    for bad in invalid:
        for error in bad.errors:
            console.line(str(error))
    if invalid:
        console.line(f"INVALID {_plural(len(invalid), 'file')} not run: "
                     + ", ".join(str(bad.path) for bad in invalid))
    if args.k is not None and not scenarios:
        _say(f"{PROG} run: no scenario matches -k {args.k!r}", stream=sys.stderr)

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
                    _say(f"{PROG} run: cannot write {transcript_dir / name}: "
                         f"{error.strerror or error}", stream=sys.stderr)
                    return INVALID
            result.service = None  # reported: let the service (and its messages) go
            console.advance(scenario.name)
    finally:
        console.close()
    elapsed = time.perf_counter() - started
    if args.junit is not None:
        try:
            report = junit_xml(results, [InvalidFile(bad.path, bad.errors) for bad in invalid])
            Path(args.junit).write_text(report, encoding="utf-8")
        except OSError as error:
            _say(f"{PROG} run: cannot write {args.junit}: {error.strerror or error}",
                 stream=sys.stderr)
            return INVALID
    if _is_tty(sys.stderr) and results:
        _say(f"ran {_plural(len(results), 'scenario')} in {elapsed:.2f}s", stream=sys.stderr)
    console.line(f"{passed} passed, {failed} failed")
    if invalid or (args.k is not None and not scenarios):
        return INVALID
    return FAILED if failed else OK


def cmd_schema(args: argparse.Namespace) -> int:
    """Print the JSON Schema of scenario files."""
    from .scenarios.schema import scenario_schema

    _say(json.dumps(scenario_schema(), indent=2, ensure_ascii=False))
    return OK


def _confirm_fresh(db: Path) -> bool:
    """Ask before setting a saved session aside; without a terminal to ask on, say how."""
    if not sys.stdin.isatty():
        _say(f"{PROG}: a saved session exists at {db}; --fresh needs a yes: run it in a terminal, "
             "or add --yes", stream=sys.stderr)
        return False
    answer = input(f"A saved session exists at {db}.\nStart over? The old one is kept as "
                   f"{db}.previous [y/N] ")
    return answer.strip().casefold() in ("y", "yes")


def cmd_app(args: argparse.Namespace) -> int:
    """`itms-tui`: the app, on the saved session or a new one from the demo or --world."""
    from .session import SessionError, WorldSource, default_db, open_session, session_exists
    from .store import StoreError

    db = Path(args.db).expanduser() if args.db else default_db()
    source = WorldSource.file(Path(args.world)) if args.world else WorldSource.demo()
    if args.fresh and session_exists(db) and not args.yes and not _confirm_fresh(db):
        return INVALID
    try:
        service = open_session(db, source, fresh=args.fresh)
    except (SessionError, StoreError) as error:
        _say(f"{PROG}: {error}", stream=sys.stderr)
        return INVALID
    from .ui.app import TRAIN, ItmsApp

    try:
        while ItmsApp(service).run() == TRAIN:  # ctrl+t: the course, then back to the desk
            _train_from_the_app(args)
    finally:
        service.close()
    return OK


def _train_from_the_app(args: argparse.Namespace) -> None:
    from .session import library_path

    library = library_path()
    if library is None:
        return
    course = argparse.Namespace(path=str(library / "curriculum.yaml"), trainee=None,
                                no_coach=False, records=None)
    if _train_course(course, Path(course.path)) != OK:
        input("The course could not open (see above). Press Enter to go back to the desk. ")


def cmd_record(args: argparse.Namespace) -> int:
    """`itms-tui record OUT.yaml`: the app on a fresh world; what you do becomes a scenario."""
    from .core.world import build_world
    from .core.service import ItmsService
    from .session import SessionError, WorldSource, demo_path, load_world

    out = Path(args.out)
    if out.suffix.lower() not in (".yaml", ".yml"):
        _say(f"{PROG} record: {out}: the recording is a scenario file: name it *.yaml",
             stream=sys.stderr)
        return INVALID
    if out.exists() and not args.force:
        _say(f"{PROG} record: {out} already exists: pick another name, or add --force to "
             "replace it", stream=sys.stderr)
        return INVALID
    if not out.parent.is_dir():
        _say(f"{PROG} record: {out.parent}: no such folder", stream=sys.stderr)
        return INVALID
    source = WorldSource.file(Path(args.world)) if args.world else WorldSource.file(demo_path())
    try:
        world = load_world(source)
    except SessionError as error:
        _say(f"{PROG} record: {error}", stream=sys.stderr)
        return INVALID
    from .ui.app import ItmsApp

    app = ItmsApp(ItmsService(build_world(world)), title="Recording", record_to=out)
    app.run()
    if app.recordings:
        _say(f"recorded to {app.recordings[-1]}; replay it with: {PROG} run {app.recordings[-1]}")
        return OK
    _say(f"{PROG} record: nothing was saved", stream=sys.stderr)
    return FAILED


def cmd_locate(args: argparse.Namespace) -> int:
    """Where itms-tui keeps things."""
    from .scenarios.schema import SCHEMA_ID
    from .session import DATA_DIR_VARIABLE, data_dir, default_db, demo_path, library_path
    from .training.records import default_records_path

    db = default_db()
    library = library_path()
    rows = [
        ("data", f"{data_dir()}  (set {DATA_DIR_VARIABLE} to use another folder)"),
        ("session", f"{db}{'' if db.exists() else '  (none saved yet)'}"),
        ("journal", f"{db}.journal"),
        ("training", f"{default_records_path()}  (trainee records)"),
        ("demo world", str(demo_path())),
        ("scenarios", str(library) if library else "not installed with the package: see the README"),
        ("schema", SCHEMA_ID),
    ]
    for name, where in rows:
        _say(f"{name:<11} {where}")
    return OK


def cmd_play(args: argparse.Namespace) -> int:
    """Play scenarios in the app; headless, play them through the real widgets and report like run."""
    if args.headless:
        from .ui.play import play_headless

        args.run_scenario = play_headless
        return cmd_run(args)
    from .scenarios import find_scenario_files
    from .scenarios.runner import default_demo_world

    try:
        files = find_scenario_files(args.paths)
    except FileNotFoundError as error:
        _say(f"{PROG} play: {error}", stream=sys.stderr)
        return INVALID
    scenarios, invalid = read_scenarios(files, default_demo_world())
    for bad in invalid:
        for error in bad.errors:
            _say(str(error), stream=sys.stderr)
    if invalid or not scenarios:
        if not scenarios and not invalid:
            _say(f"{PROG} play: no scenario files (*.yaml) in {' '.join(args.paths)}", stream=sys.stderr)
        return INVALID
    from .ui.play import PlayApp

    app = PlayApp(scenarios, autoplay=args.autoplay or args.loop, loop=args.loop)
    app.run()
    return OK if all(r.passed for r in app.results) and not app.run_state.failed else FAILED


def cmd_train(args: argparse.Namespace) -> int:
    """Trainee mode: one exercise (a scenario file), or a course (a curriculum file)."""
    from .scenarios import ScenarioInvalid, load_scenario
    from .scenarios.discovery import is_curriculum_file
    from .scenarios.runner import default_demo_world

    path = Path(args.path)
    if not path.is_file():
        _say(f"{PROG} train: {path}: no such file", stream=sys.stderr)
        return INVALID
    if is_curriculum_file(path):
        return _train_course(args, path)
    try:
        scenario = load_scenario(path, demo_world=default_demo_world())
    except ScenarioInvalid as problem:
        for error in problem.errors:
            _say(str(error), stream=sys.stderr)
        return INVALID
    from .training.tasks import is_task

    if not any(is_task(step) for step in scenario.steps):
        _say(f"{PROG} train: {path} has no agent or supervisor step, so no task for a trainee",
             stream=sys.stderr)
        return INVALID
    records = None
    if args.trainee is not None:
        records = _open_records(args)
        if records is None:
            return INVALID
    from .ui.train import TrainApp

    def graded(scenario, grade) -> None:
        if records is not None:
            records.add_attempt(args.trainee, None, path.stem, scenario.name, grade)

    try:
        app = TrainApp(scenario, coach=not args.no_coach, on_graded=graded,
                       title=f"Training · {args.trainee}" if args.trainee else "Training")
        app.run()
    finally:
        if records is not None:
            records.close()
    return OK


def _open_records(args: argparse.Namespace):
    from .store import StoreError
    from .training.records import RecordsError, TraineeRecords, check_trainee_name

    problem = check_trainee_name(args.trainee) if args.trainee is not None else None
    if problem is not None:
        _say(f"{PROG}: --trainee: {problem}", stream=sys.stderr)
        return None
    try:
        return TraineeRecords.open(Path(args.records) if args.records else None)
    except (StoreError, RecordsError) as error:
        _say(f"{PROG}: {error}", stream=sys.stderr)
        return None


def _train_course(args: argparse.Namespace, path: Path) -> int:
    from .scenarios import ScenarioInvalid
    from .scenarios.runner import default_demo_world
    from .training.curriculum import load_curriculum

    try:
        course = load_curriculum(path, demo_world=default_demo_world())
    except ScenarioInvalid as problem:
        for error in problem.errors:
            _say(str(error), stream=sys.stderr)
        return INVALID
    records = _open_records(args)  # without --trainee, the app asks for the name
    if records is None:
        return INVALID
    from .ui.train import TrainApp

    try:
        trainee = records.add_trainee(args.trainee) if args.trainee is not None else None
        app = TrainApp(course=course, records=records, trainee=trainee,
                       coach=not args.no_coach, title="Training")
        app.run()
    finally:
        records.close()
    return OK


def cmd_report(args: argparse.Namespace) -> int:
    """A trainee's report: TRAINEE's attempts as Markdown and self-contained HTML files."""
    from .store import StoreError
    from .training.records import RecordsError, TraineeRecords, default_records_path
    from .training.report import build_report, render_html, render_markdown, slug

    path = Path(args.records) if args.records else default_records_path()
    if not path.exists():
        _say(f"{PROG} report: no trainee records at {path} (train with --trainee NAME first)",
             stream=sys.stderr)
        return INVALID
    course = None
    if args.course is not None:
        from .scenarios import ScenarioInvalid
        from .scenarios.runner import default_demo_world
        from .training.curriculum import load_curriculum

        try:
            course = load_curriculum(args.course, demo_world=default_demo_world())
        except ScenarioInvalid as problem:
            for error in problem.errors:
                _say(str(error), stream=sys.stderr)
            return INVALID
    try:
        records = TraineeRecords.open(path)
    except (StoreError, RecordsError) as error:
        _say(f"{PROG} report: {error}", stream=sys.stderr)
        return INVALID
    try:
        name = records.name_of(args.trainee)
        if name is None:
            known = ", ".join(records.trainees()) or "none yet"
            _say(f"{PROG} report: no trainee named {args.trainee!r} (trainees: {known})",
                 stream=sys.stderr)
            return INVALID
        report = build_report(records, name, course=course)
    finally:
        records.close()
    out = Path(args.out) if args.out else Path.cwd()
    stem = f"{slug(name)}-training-report"
    written = []
    try:
        out.mkdir(parents=True, exist_ok=True)
        for suffix, text in ((".md", render_markdown(report)), (".html", render_html(report))):
            target = out / f"{stem}{suffix}"
            target.write_text(text, encoding="utf-8")
            written.append(target)
    except OSError as error:
        _say(f"{PROG} report: cannot write the report in {out}: {error.strerror or error}",
             stream=sys.stderr)
        return INVALID
    for target in written:
        _say(str(target))
    return OK


Command = Callable[[argparse.Namespace], int]


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="A terminal simulator of InterProse's ITMS SMS consent service.",
    )
    parser.set_defaults(handler=cmd_app, parser=parser)
    parser.add_argument("--db", metavar="PATH", default=None,
                        help="the session file (default: session.json in the data folder; "
                             "see `itms-tui locate`)")
    parser.add_argument("--world", metavar="FILE", default=None,
                        help="start a new session from the `world:` of a scenario file "
                             "instead of the demo world")
    parser.add_argument("--fresh", action="store_true",
                        help="start over (asks first; the old session is kept as .previous)")
    parser.add_argument("--yes", action="store_true", help="do not ask before --fresh")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    validate = commands.add_parser(
        "validate", help="check scenario files (files, or folders searched for *.yaml)",
        description="Check scenario files without running them. Problems are printed as "
                    "file:line:col: message. Exit 0 when every file is valid, 2 otherwise.",
    )
    validate.add_argument("paths", nargs="+", metavar="PATH", help="a scenario file or a folder")
    validate.set_defaults(handler=cmd_validate)

    run = commands.add_parser(
        "run", help="run scenarios headless (files, or folders searched for *.yaml)",
        description="Run scenarios without a screen: one line per scenario, failures with the "
                    "step's file:line, expected vs. actual and the last messages, then "
                    "'N passed, N failed'. Exit 0 when all passed, 1 when a scenario failed, "
                    "2 when a file is invalid (the valid ones still run).",
    )
    run.add_argument("paths", nargs="+", metavar="PATH", help="a scenario file or a folder")
    run.add_argument("-k", metavar="EXPR", default=None,
                     help="only scenarios whose name or tags contain EXPR (case-insensitive); "
                          "combine words with not/and/or and parentheses, like pytest -k")
    run.add_argument("--junit", metavar="FILE", default=None,
                     help="also write a JUnit XML report to FILE (for CI servers)")
    run.add_argument("--transcript", metavar="DIR", default=None,
                     help="write a Markdown transcript per scenario into DIR")
    run.set_defaults(handler=cmd_run)

    schema = commands.add_parser(
        "schema", help="print the JSON Schema of scenario files (for editor completion)",
        description="Print the JSON Schema (draft 2020-12) of scenario files.",
    )
    schema.set_defaults(handler=cmd_schema)

    play = commands.add_parser(
        "play", help="play scenarios step by step in the app (or --headless, reported like run)",
        description="Play scenarios in the app: n next step, space autoplay, +/- speed, "
                    "r restart. With --headless the real app runs without a screen, agent and "
                    "supervisor steps go through its widgets and consumer steps through the "
                    "phone's compose box, and the report and exit codes are those of run.",
    )
    play.add_argument("paths", nargs="+", metavar="PATH", help="a scenario file or a folder")
    play.add_argument("--headless", action="store_true", help="no screen; report like run")
    play.add_argument("--autoplay", action="store_true", help="start playing at once")
    play.add_argument("--loop", action="store_true",
                      help="demo mode: autoplay the scenarios in turn, forever")
    play.add_argument("-k", metavar="EXPR", default=None, help="as for run (with --headless)")
    play.add_argument("--junit", metavar="FILE", default=None, help="as for run (with --headless)")
    play.add_argument("--transcript", metavar="DIR", default=None,
                      help="as for run (with --headless)")
    play.set_defaults(handler=cmd_play)

    train = commands.add_parser(
        "train", help="trainee mode: do a scenario's agent steps yourself, graded",
        description="Trainee mode. The scenario's consumer, clock and fault steps play by "
                    "themselves; its agent and supervisor steps become tasks you perform on the "
                    "desk. h shows a hint (it costs points), k turns the live coach on or off, "
                    "ctrl+s skips a task, ctrl+g ends the exercise. Given a curriculum file "
                    "(curriculum.yaml), the course opens on the trainee's progress.",
    )
    train.add_argument("path", metavar="FILE|CURRICULUM",
                       help="a scenario file, or a curriculum (curriculum.yaml)")
    train.add_argument("--trainee", metavar="NAME", default=None,
                       help="who is training: attempts, scores and mistakes are kept under "
                            "this name (a course asks for it when left out)")
    train.add_argument("--no-coach", action="store_true",
                       help="start with the live coach off (mistakes only on the score card)")
    train.add_argument("--records", metavar="PATH", default=None,
                       help="the trainee records file (default: training.json in the data "
                            "folder; see `itms-tui locate`)")
    train.set_defaults(handler=cmd_train)

    report = commands.add_parser(
        "report", help="write a trainee's report (Markdown and self-contained HTML)",
        description="Write TRAINEE's training report: a summary, the exercises with best "
                    "scores, every attempt with its mistakes and the rules behind them. Two "
                    "files, NAME-training-report.md and .html, in the current folder or --out.",
    )
    report.add_argument("trainee", metavar="TRAINEE", help="the trainee's name (any case)")
    report.add_argument("--out", metavar="DIR", default=None,
                        help="the folder to write the two files in (default: here)")
    report.add_argument("--course", metavar="CURRICULUM", default=None,
                        help="report on this course only, listing its untried and locked "
                             "exercises too")
    report.add_argument("--records", metavar="PATH", default=None,
                        help="the trainee records file (default: training.json in the data "
                             "folder)")
    report.set_defaults(handler=cmd_report)

    record = commands.add_parser(
        "record", help="record a live session as a scenario file that replays it",
        description="Open the app on a fresh in-memory world (the demo's, or --world FILE's) "
                    "and record everything done on it: each action, each consumer text and "
                    "clock move, with expectations of what happened. Quitting (or ctrl+r) "
                    "writes OUT.yaml, a valid scenario that passes `itms-tui run` and "
                    "`itms-tui play --headless`. Inside the app, ctrl+r records any session.",
    )
    record.add_argument("out", metavar="OUT.yaml", help="the scenario file to write")
    record.add_argument("--world", metavar="FILE", default=None,
                        help="start from the `world:` of this scenario file (default: the "
                             "demo world, without its demo steps)")
    record.add_argument("--force", action="store_true", help="replace OUT.yaml if it exists")
    record.set_defaults(handler=cmd_record)

    locate = commands.add_parser("locate", help="print where itms-tui keeps its data",
                                 description="Print where the session, the demo world and the "
                                             "scenario library are.")
    locate.set_defaults(handler=cmd_locate)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = _build_parser()
    args = parser.parse_args(list(argv) if argv is not None else None)
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors="backslashreplace")
            except (ValueError, OSError):
                pass
    handler: Command = args.handler
    try:
        return handler(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return OK


def console_entry() -> None:
    sys.exit(main())


if __name__ == "__main__":
    console_entry()
