"""`itms-tui coverage`: run scenarios and report which parts of the consent contract they exercised.

The report (a summary table per group, then every item never exercised) goes to stdout in the
chosen format; scenario failures and invalid files go to stderr, as `run` reports them, so that
`--format json > coverage.json` stays a clean document.
"""

from __future__ import annotations

import argparse
import gc
import sys

from ..core.wording import plural
from ..inert import inert
from .common import FAILED, INVALID, OK, PROG, complain


def cmd_coverage(args: argparse.Namespace) -> int:
    from ..scenarios.coverage import Coverage, run_with_coverage
    from ..scenarios.coverage_report import render
    from .run import choose_scenarios, say_unread

    if args.fail_under is not None and not 0 <= args.fail_under <= 100:
        complain(f"{PROG} coverage: --fail-under must be between 0 and 100, got {args.fail_under:g}")
        return INVALID
    chosen = choose_scenarios("coverage", args.paths, args.k)
    if chosen is None:
        return INVALID
    scenarios, invalid, demo_world = chosen
    say_unread("coverage", args.k, scenarios, invalid, complain)

    coverage = Coverage()
    failed = 0
    gc.freeze()  # what was read lives to the end: as `run` does
    try:
        for scenario in scenarios:
            result = run_with_coverage(scenario, coverage, demo_world)
            if not result.passed:
                failed += 1
                complain(f"FAIL {scenario.name} ({scenario.path})")
                failure = result.failure
                for text in (failure.failure_lines() if failure is not None else
                             ["the scenario did not run to the end"]):
                    complain(f"    {text}")
            result.service = None
    finally:
        gc.unfreeze()
    sys.stdout.write(inert(render(coverage, args.format)))  # file names and scenario names
    if failed:
        complain(f"{plural(failed, 'scenario')} failed: each counts what the engine did up to "
                 "its failing step")
    below = args.fail_under is not None and coverage.percent < args.fail_under
    if below:
        complain(f"{PROG} coverage: {coverage.percent:.1f}% is below --fail-under "
                 f"{args.fail_under:g}%")
    if invalid or (args.k is not None and not scenarios):
        return INVALID
    return FAILED if failed or below else OK


#: The report's formats (`scenarios.coverage_report.FORMATS`, named here so that building the
#: parser imports no scenario code).
FORMATS = ("text", "md", "json", "html")


def add_parser(commands) -> None:
    coverage = commands.add_parser(
        "coverage", help="run scenarios and report which consent rules they exercised",
        description="Run scenarios (files, or folders searched for *.yaml) and report which parts "
                    "of the consent contract the engine exercised while they ran: flows, "
                    "compound-action outcomes, transitions, templates, audit events, error "
                    "codes, keywords and emoji, normalisations, possible opt-outs, the send "
                    "window, PIN rules, the invitation limit and bus faults. A summary table, "
                    "then every item never exercised. Exit 0; 1 when a scenario failed or the "
                    "total is below --fail-under; 2 when a file is invalid (the valid ones "
                    "still run).",
    )
    coverage.add_argument("paths", nargs="+", metavar="PATH", help="a scenario file or a folder")
    coverage.add_argument("-k", metavar="EXPR", default=None, help="as for run")
    coverage.add_argument("--format", choices=FORMATS, default="text",
                          help="the report's format (default: text)")
    coverage.add_argument("--fail-under", metavar="PERCENT", type=float, default=None,
                          help="exit 1 when less than PERCENT of the items were exercised")
    coverage.set_defaults(handler=cmd_coverage)
