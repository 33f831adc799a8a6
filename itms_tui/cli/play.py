"""`itms-tui play`: scenarios stepped through in the app, or `--headless` and reported like run."""

from __future__ import annotations

import argparse

from .common import FAILED, INVALID, OK, PROG, complain, complain_all
from .run import cmd_run, read_scenarios


def cmd_play(args: argparse.Namespace) -> int:
    """Play scenarios in the app; headless, play them through the real widgets and report like run."""
    if args.headless:
        from ..ui.playback.app import play_headless

        args.run_scenario = play_headless
        return cmd_run(args)
    from ..scenarios import find_scenario_files
    from ..scenarios.demo import load_demo_world

    try:
        files = find_scenario_files(args.paths)
    except FileNotFoundError as error:
        complain(f"{PROG} play: {error}")
        return INVALID
    scenarios, invalid = read_scenarios(files, load_demo_world())
    for bad in invalid:
        complain_all(bad.errors)
    if invalid or not scenarios:
        if not scenarios and not invalid:
            complain(f"{PROG} play: no scenario files (*.yaml) in {' '.join(args.paths)}")
        return INVALID
    from ..ui.factory import play_app

    app = play_app(scenarios, autoplay=args.autoplay or args.loop, loop=args.loop)
    app.run()
    return OK if all(r.passed for r in app.results) and not app.run_state.failed else FAILED
