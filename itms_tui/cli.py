"""The `itms-tui` command line (SPEC.md section 8).

One function per subcommand, registered in `_build_parser`; each takes the parsed arguments and
returns the exit code. Bad flags are argparse's business (usage line, exit 2). Nothing here lets a
traceback reach the user.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence

from .scenarios import ScenarioInvalid, find_scenario_files, load_scenario
from .scenarios.errors import ScenarioError
from .scenarios.schema import scenario_schema

PROG = "itms-tui"
#: Exit codes shared by the subcommands.
OK, FAILED, INVALID = 0, 1, 2


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _say(text: str, *, stream=None) -> None:
    print(text, file=stream if stream is not None else sys.stdout)


def cmd_validate(args: argparse.Namespace) -> int:
    """Check scenario files: problems as `file:line:col: message`, then a summary line."""
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


def cmd_schema(args: argparse.Namespace) -> int:
    """Print the JSON Schema of scenario files."""
    _say(json.dumps(scenario_schema(), indent=2, ensure_ascii=False))
    return OK


def cmd_app(args: argparse.Namespace) -> int:
    """`itms-tui` with no subcommand: the app (not wired in yet)."""
    args.parser.print_help(sys.stderr)
    return INVALID


Command = Callable[[argparse.Namespace], int]


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="A terminal simulator of InterProse's ITMS SMS consent service.",
    )
    parser.set_defaults(handler=cmd_app, parser=parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    validate = commands.add_parser(
        "validate", help="check scenario files (files, or folders searched for *.yaml)",
        description="Check scenario files without running them. Problems are printed as "
                    "file:line:col: message. Exit 0 when every file is valid, 2 otherwise.",
    )
    validate.add_argument("paths", nargs="+", metavar="PATH", help="a scenario file or a folder")
    validate.set_defaults(handler=cmd_validate)

    schema = commands.add_parser(
        "schema", help="print the JSON Schema of scenario files (for editor completion)",
        description="Print the JSON Schema (draft 2020-12) of scenario files.",
    )
    schema.set_defaults(handler=cmd_schema)
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
