"""`itms-tui validate` and `itms-tui schema`: scenario files checked without running them."""

from __future__ import annotations

import argparse
import json

from ..core.wording import plural
from .common import INVALID, OK, PROG, complain, say


def cmd_validate(args: argparse.Namespace) -> int:
    """Check scenario files: problems as `file:line:col: message`, then a summary line."""
    from ..scenarios import ScenarioError, ScenarioInvalid, find_scenario_files, load_scenario

    try:
        files = find_scenario_files(args.paths)
    except FileNotFoundError as error:
        complain(f"{PROG} validate: {error}")
        return INVALID
    if not files:
        complain(f"{PROG} validate: no scenario files (*.yaml) in {' '.join(args.paths)}")
        return INVALID
    valid = invalid = 0
    for path in files:
        try:
            load_scenario(path)
        except ScenarioInvalid as problem:
            invalid += 1
            for error in problem.errors:
                say(str(error), one_line=True)
        except Exception as error:  # a bug of ours must still not be a traceback
            invalid += 1
            say(str(ScenarioError(str(path), 1, 1, f"internal error while reading: {error!r}")),
                one_line=True)
        else:
            valid += 1
    say(f"{plural(valid, 'file')} valid, {invalid} invalid")
    return OK if invalid == 0 else INVALID


def cmd_schema(args: argparse.Namespace) -> int:
    """Print the JSON Schema of scenario files."""
    from ..scenarios.schema import scenario_schema

    say(json.dumps(scenario_schema(), indent=2, ensure_ascii=False))
    return OK
