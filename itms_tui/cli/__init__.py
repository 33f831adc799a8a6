"""The `itms-tui` command line (SPEC.md section 8): the parser, and `main`, the entry point.

One module per subcommand (or small group), each with a `cmd_*` function that takes the parsed
arguments and returns the exit code. Bad flags are argparse's business (usage line, exit 2).
Nothing here lets a traceback reach the user. Each subcommand imports what it uses when it runs:
the app, the most used, has no use for the scenario reader when it resumes a saved session.
"""

from __future__ import annotations

import argparse
import functools
import sys
from collections.abc import Callable, Sequence

from importlib import import_module

from .common import OK, PROG, Parser
from .coverage import add_parser as add_coverage_parser
from .grade import add_arguments as add_grade_arguments
from .report import add_arguments as add_report_arguments
from .serve import add_arguments as add_serve_arguments

Command = Callable[[argparse.Namespace], int]


def _command(module: str, name: str) -> Command:
    """The handler `name` of the subcommand module `cli.<module>`, imported only when that
    subcommand runs: the desk, the everyday command, starts without the other ten."""

    def run(args: argparse.Namespace) -> int:
        handler: Command = getattr(import_module(f".{module}", __name__), name)
        return handler(args)

    run.__qualname__ = run.__name__ = name
    return run


cmd_app = _command("desk", "cmd_app")


@functools.cache
def build_parser() -> argparse.ArgumentParser:
    """The whole command line, built once a process: argparse looks up its own messages'
    translations on disk for every parser it makes (a dozen subcommands), and parsing leaves the
    parser as it was."""
    parser = Parser(
        prog=PROG,
        description="A terminal simulator of InterProse's ITMS SMS consent service.",
    )
    parser.set_defaults(handler=cmd_app, parser=parser)
    parser.add_argument("--db", metavar="PATH", default=None,
                        help="the session file (default: session.json in the data folder; "
                             "see `itms-tui locate`)")
    start = parser.add_mutually_exclusive_group()
    start.add_argument("--world", metavar="FILE", default=None,
                       help="start a new session from the `world:` of a scenario file "
                            "instead of the demo world")
    start.add_argument("--setup", metavar="FILE", default=None,
                       help="start a new session from a scenario file's `world:` with every "
                            "action step of the file applied in order (its expectations are "
                            "not checked)")
    parser.add_argument("--fresh", action="store_true",
                        help="start over (asks first, naming where the old session is kept: "
                             "PATH.previous, or .previous-2, -3… so no kept copy is overwritten)")
    parser.add_argument("--yes", action="store_true", help="do not ask before --fresh")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    validate = commands.add_parser(
        "validate", help="check scenario files (files, or folders searched for *.yaml)",
        description="Check scenario files without running them. Problems are printed as "
                    "file:line:col: message. Exit 0 when every file is valid, 2 otherwise.",
    )
    validate.add_argument("paths", nargs="+", metavar="PATH", help="a scenario file or a folder")
    validate.set_defaults(handler=_command("validate", "cmd_validate"))

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
    run.set_defaults(handler=_command("run", "cmd_run"))

    schema = commands.add_parser(
        "schema", help="print the JSON Schema of scenario files (for editor completion)",
        description="Print the JSON Schema (draft 2020-12) of scenario files.",
    )
    schema.set_defaults(handler=_command("validate", "cmd_schema"))

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
    play.set_defaults(handler=_command("play", "cmd_play"))

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
    train.add_argument("--exam", action="store_true",
                       help="sit CURRICULUM as an exam: every exercise once, in order, each in "
                            "a variant drawn from a seed (names, numbers, times, keyword); no "
                            "hints, no coach, a countdown; recorded apart from practice")
    train.add_argument("--seed", metavar="N", default=None,
                       help="with --exam: the seed to draw the variants from (a report shows "
                            "each exam's), to set exactly the exam a trainee sat")
    train.set_defaults(handler=_command("train", "cmd_train"))

    report = commands.add_parser(
        "report", help="write a trainee's report, or the cohort's (Markdown, HTML, CSV)",
        description="Write TRAINEE's training report: a summary, each exercise's best and "
                    "first-try score, the certificate of a course passed in full, compliance "
                    "violations apart from procedural slips with the rules behind them, and the "
                    "attempts by exercise: NAME-training-report.md and .html. With --cohort, "
                    "every trainee at once: cohort-report.md, .csv and .html.",
    )
    add_report_arguments(report)
    report.set_defaults(handler=_command("report", "cmd_report"))

    grade = commands.add_parser(
        "grade", help="grade a recorded session against an exercise, without a screen",
        description="Replay the agent and supervisor steps of RECORDING as the trainee's "
                    "actions on EXERCISE, judged exactly as on the desk: prints the score, "
                    "passed or failed, and each mistake with its rule. Exit 0 passed, 1 failed, "
                    "2 a bad file.",
    )
    add_grade_arguments(grade)
    grade.set_defaults(handler=_command("grade", "cmd_grade"))

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
    record.set_defaults(handler=_command("record", "cmd_record"))

    serve = commands.add_parser(
        "serve", help="a classroom: the app in each trainee's browser, and a trainer's page",
        description="Serve the app to web browsers (textual-serve): trainees open the printed "
                    "address and type their name; each gets their own desk and training "
                    "records in a folder of --root. The trainer's page, /trainer, needs the "
                    "token printed at start.",
    )
    add_serve_arguments(serve)
    serve.set_defaults(handler=_command("serve", "cmd_serve"))

    locate = commands.add_parser("locate", help="print where itms-tui keeps its data",
                                 description="Print where the session, the demo world and the "
                                             "scenario library are.")
    locate.set_defaults(handler=_command("locate", "cmd_locate"))

    add_coverage_parser(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
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
